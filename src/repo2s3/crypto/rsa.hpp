#pragma once
// RSASSA-PKCS1-v1_5 with SHA-256 ("RS256"), as GitHub App JWTs require.

#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::crypto {

/// Signs `message` with an RSA private key given as PEM text, either PKCS#1
/// ("BEGIN RSA PRIVATE KEY", as GitHub issues them) or unencrypted PKCS#8 ("BEGIN PRIVATE KEY").
/// Returns the raw signature bytes (the modulus size, e.g. 256 bytes for RSA-2048).
/// Errors: ErrorKind::Auth when the text is not such a key (malformed, encrypted, or not RSA).
/// The message never contains any part of the key text.
Result<std::string> rs256_sign(std::string_view pem_private_key, std::string_view message);

/// True when `signature` is a valid RS256 signature of `message` under the RSA public key in
/// `pem_public_key` ("BEGIN PUBLIC KEY"). False for a bad signature or an unusable key.
bool rs256_verify(std::string_view pem_public_key, std::string_view message,
                  std::string_view signature);

}  // namespace repo2s3::crypto
