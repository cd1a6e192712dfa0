#include "repo2s3/crypto/sha1.hpp"

#include <openssl/sha.h>

#include <array>

#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::crypto {

std::string sha1_hex(std::string_view bytes) {
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
    return hex_encode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace repo2s3::crypto
