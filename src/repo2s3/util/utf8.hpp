#pragma once
// UTF-8 checks for names that come from outside (file names on disk, zip entry names, template
// values). S3 keys and GitHub paths are UTF-8, so anything else is rejected before it can be
// turned into a key.

#include <string>
#include <string_view>

namespace repo2s3::util {

/// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
/// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text);

/// `text` made safe to put in a one-line message: bytes that are not part of well-formed UTF-8
/// and ASCII control characters (including NUL and newline) are written as \xNN.
std::string printable(std::string_view text);

}  // namespace repo2s3::util
