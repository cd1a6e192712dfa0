#pragma once
// HMAC-SHA256, the primitive of AWS SigV4 key derivation and signing and of GitHub's webhook
// signatures, and the constant-time comparison that checking a signature needs.

#include <string>
#include <string_view>

namespace repo2s3::crypto {

/// Raw 32-byte HMAC-SHA256 of `message` under `key` (both arbitrary bytes).
std::string hmac_sha256(std::string_view key, std::string_view message);

/// True when `a` and `b` hold the same bytes; the time taken depends on their lengths only, not
/// on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace repo2s3::crypto
