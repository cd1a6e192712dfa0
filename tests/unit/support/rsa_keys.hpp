#pragma once
// RSA keys made at test time with OpenSSL, so that no private key is ever committed, and a check
// that text (an error message, a log) holds no part of a key.

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>
#include <string_view>

namespace repo2s3::testing {

enum class PemForm { Pkcs1, Pkcs8, Public };

/// The key as PEM text: PKCS#1 ("BEGIN RSA PRIVATE KEY"; other key types get their own
/// traditional form), unencrypted PKCS#8 ("BEGIN PRIVATE KEY") or SubjectPublicKeyInfo.
std::string pem_of(EVP_PKEY* key, PemForm form);

struct RsaKeyPair {
    std::string pkcs1;
    std::string pkcs8;
    std::string public_pem;
};

/// A fresh RSA-2048 key in its three PEM forms.
RsaKeyPair make_rsa_key_pair();

/// The first base64 line of a PEM body, the part of a key that must never leak.
std::string pem_body_line(const std::string& pem);

/// A PEM boundary line (five dashes, "BEGIN RSA PRIVATE KEY", five dashes), assembled at run time
/// so that no tracked file carries text that looks like key material to a secret scanner.
std::string pem_boundary(const std::string& word, const std::string& label);

/// Fails when `text` holds any 16-character run of any base64 line of `pem`'s body.
::testing::AssertionResult holds_no_key_material(std::string_view text, const std::string& pem);

}  // namespace repo2s3::testing
