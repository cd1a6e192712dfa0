#pragma once
// Rules for the names of zip entries, applied before anything is written to disk. Pure
// functions over the raw name bytes.

#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::archive {

/// Why the raw entry `name` cannot be extracted safely, or nullopt. Refused: empty names,
/// invalid UTF-8, control characters (NUL included), absolute paths ("/x", "\x"), Windows
/// drive paths ("C:..."), and any empty, "." or ".." component ("a//b", "./a", "a/../b");
/// a single trailing '/' marks a directory and is allowed. A backslash elsewhere is an
/// ordinary character: git allows it in file names and Linux does not treat it as a separator.
std::optional<std::string> entry_name_problem(std::string_view name);

/// A safe entry name split at its first '/': "top/a/b.txt" → {"top", "a/b.txt", false},
/// "top/dir/" → {"top", "dir", true}, "top/" → {"top", "", true}, "file" → {"file", "", false}.
struct SplitEntryName {
    std::string top;
    std::string rest;  // path below the top folder, without a trailing '/'
    bool is_directory = false;
};
SplitEntryName split_top_folder(std::string_view name);

}  // namespace repo2s3::archive
