#pragma once
// Byte-to-text encodings: hex (lower-case), base64 (RFC 4648 §4, padded) and base64url
// (RFC 4648 §5, unpadded, as JWTs use it). Inputs and outputs are byte strings.

#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::crypto {

std::string hex_encode(std::string_view bytes);

std::string base64_encode(std::string_view bytes);
/// Strict: the length must be a multiple of 4, '=' may only end the text (at most two), and
/// no whitespace or characters outside the alphabet. Errors: ErrorKind::Usage; the message
/// names the problem but never repeats the input (it may be a secret).
Result<std::string> base64_decode(std::string_view text);

std::string base64url_encode(std::string_view bytes);  // no '=' padding
/// Accepts the text with or without '=' padding; otherwise as strict as base64_decode.
Result<std::string> base64url_decode(std::string_view text);

}  // namespace repo2s3::crypto
