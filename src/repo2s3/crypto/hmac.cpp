#include "repo2s3/crypto/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <stdexcept>

namespace repo2s3::crypto {

std::string hmac_sha256(std::string_view key, std::string_view message) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> buffer{};
    unsigned int length = 0;
    // HMAC() accepts a null key pointer only with length 0; data() of an empty view may be null.
    static constexpr unsigned char kEmpty = 0;
    const void* key_bytes = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
    const auto* message_bytes =
        message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
    if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), message_bytes, message.size(),
             buffer.data(), &length) == nullptr) {
        throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    }
    return {reinterpret_cast<const char*>(buffer.data()), length};
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace repo2s3::crypto
