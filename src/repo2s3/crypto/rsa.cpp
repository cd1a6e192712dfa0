#include "repo2s3/crypto/rsa.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <climits>
#include <memory>

namespace repo2s3::crypto {
namespace {

struct BioFree {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

constexpr const char* kExpectedForms =
    "expected an RSA private key in PEM form, PKCS#1 (BEGIN RSA PRIVATE KEY) or "
    "PKCS#8 (BEGIN PRIVATE KEY)";

// Never prompt on a terminal for a passphrase: an encrypted key simply fails to load.
int refuse_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
    return -1;
}

BioPtr memory_bio(std::string_view text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Explains why a key text did not load, from its shape only: the message must not quote it.
std::string describe_unloadable_key(std::string_view pem) {
    if (pem.find('\n') == std::string_view::npos && pem.find("\\n") != std::string_view::npos) {
        return std::string(
                   "private key could not be parsed: its line breaks look escaped as "
                   "'\\n'; store it with real newlines (") +
               kExpectedForms + ")";
    }
    if (pem.find("-----BEGIN") == std::string_view::npos) {
        return std::string("private key has no PEM header (") + kExpectedForms + ")";
    }
    if (pem.find("ENCRYPTED") != std::string_view::npos) {
        return "private key is encrypted with a passphrase, which is not supported; export it "
               "unencrypted (e.g. 'openssl pkcs8 -topk8 -nocrypt')";
    }
    return std::string("private key could not be parsed (") + kExpectedForms + ")";
}

Result<PkeyPtr> load_rsa_private_key(std::string_view pem) {
    const BioPtr bio = memory_bio(pem);
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr)
                    : nullptr);
    // The error queue may hold OpenSSL's reasons; they are not shown, and must not linger for
    // unrelated later calls.
    ERR_clear_error();
    if (!key) return fail(ErrorKind::Auth, describe_unloadable_key(pem));
    if (EVP_PKEY_is_a(key.get(), "RSA") != 1) {
        return fail(ErrorKind::Auth, std::string("private key is not an RSA key; RS256 needs "
                                                 "one (") +
                                         kExpectedForms + ")");
    }
    return key;
}

}  // namespace

Result<std::string> rs256_sign(std::string_view pem_private_key, std::string_view message) {
    auto key = load_rsa_private_key(pem_private_key);
    if (!key) return util::unexpected(std::move(key).error());

    const MdCtxPtr context(EVP_MD_CTX_new());
    std::size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key->get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &length, data, message.size()) != 1) {
        ERR_clear_error();
        return fail(ErrorKind::Auth, "RS256 signing failed: the RSA private key is not usable");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       data, message.size()) != 1) {
        ERR_clear_error();
        return fail(ErrorKind::Auth, "RS256 signing failed: the RSA private key is not usable");
    }
    signature.resize(length);
    return signature;
}

bool rs256_verify(std::string_view pem_public_key, std::string_view message,
                  std::string_view signature) {
    const BioPtr bio = memory_bio(pem_public_key);
    const PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, refuse_passphrase, nullptr)
                          : nullptr);
    const MdCtxPtr context(EVP_MD_CTX_new());
    const bool valid =
        key && context && EVP_PKEY_is_a(key.get(), "RSA") == 1 &&
        EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1;
    ERR_clear_error();
    return valid;
}

}  // namespace repo2s3::crypto
