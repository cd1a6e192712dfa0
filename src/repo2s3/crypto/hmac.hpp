#pragma once
// HMAC-SHA256, the primitive of AWS SigV4 key derivation and signing.

#include <string>
#include <string_view>

namespace repo2s3::crypto {

/// Raw 32-byte HMAC-SHA256 of `message` under `key` (both arbitrary bytes).
std::string hmac_sha256(std::string_view key, std::string_view message);

}  // namespace repo2s3::crypto
