#pragma once
// UTF-8 for text that comes from outside (file names on disk, zip entry names, template values,
// HTTP bodies and headers). S3 keys and GitHub paths are UTF-8, so anything else is rejected
// before it can be turned into a key; text that is only shown (logs, reports, Slack, metrics)
// is repaired with sanitize_utf8 and cut with utf8_prefix, so no serialiser meets a bad byte.

#include <string>
#include <string_view>

namespace repo2s3::util {

/// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
/// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text);

/// `text` made safe to put in a one-line message: bytes that are not part of well-formed UTF-8
/// and ASCII control characters (including NUL and newline) are written as \xNN.
std::string printable(std::string_view text);

/// `text` as one line: every run of ASCII whitespace and control characters (newlines
/// included) becomes one space, and none is left at either end. For text a server wrote (an
/// HTML error page) that goes into a one-line error message.
std::string single_line(std::string_view text);

/// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD (one
/// replacement per bad byte). Valid text comes back unchanged.
std::string sanitize_utf8(std::string_view text);

/// The longest prefix of `text` that is at most `max_bytes` long and does not end inside a
/// UTF-8 sequence. Only the cut is looked at: bad bytes before it are kept as they are.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace repo2s3::util
