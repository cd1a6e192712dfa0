#pragma once
// Python's shlex.split(text) in POSIX mode, without comments: how botocore splits a
// credential_process command into a program and its arguments (compat_shell_split), and the
// name of a `[profile NAME]` section. Words are split on ' ', '\t', '\r' and '\n'; '...' is
// literal; in "..." a backslash escapes only '"' and '\' (else it stays); outside quotes a
// backslash escapes any next character; '' and "" make an empty word.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace repo2s3::aws {

/// The words of `text`; nothing when a quote is left open or the text ends in a lone
/// backslash (where shlex raises ValueError).
std::optional<std::vector<std::string>> shell_split(std::string_view text);

}  // namespace repo2s3::aws
