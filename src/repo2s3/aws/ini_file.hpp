#pragma once
// The INI dialect of the AWS shared config and credentials files, read the way botocore reads
// them (Python's configparser.RawConfigParser with its defaults), so that a file the AWS CLI
// accepts means the same here and a file it rejects is rejected here too:
// - `[name]` starts a section; the name is everything between the first '[' and the last ']'
//   and is case-sensitive, kept as written (spaces included). `[DEFAULT]` is not a section: its
//   values are defaults for every other section.
// - `key = value` or `key: value` (the first '=' or ':' splits); keys are lower-cased, values
//   trimmed. A line indented deeper than its key continues that key's value on a new line
//   (blank lines inside kept); a value that starts on the next line must be `key = value` lines
//   (botocore's nested sections, such as `s3 =` then `  addressing_style = path`).
// - Whole-line comments start with '#' or ';' after optional whitespace. There are no inline
//   comments: `key = a # b` has the value "a # b".
// - Errors, as in botocore: a key outside any section, a line that is neither, an empty key, a
//   section or a key that appears twice, and text that is not UTF-8.
// Lines end with \n, \r\n or \r. Whitespace is Python's (Unicode) whitespace; key lower-casing
// is ASCII only.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct IniSection {
    std::string name;
    std::map<std::string, std::string> values;  // lower-case key → value ([DEFAULT] merged in)
};

struct IniFile {
    std::vector<IniSection> sections;  // in file order, without [DEFAULT]

    const IniSection* find(std::string_view name) const;
};

/// Parses INI text. `source` names it in errors ("/home/u/.aws/config").
/// Errors: ErrorKind::Usage with the source, the line number and what is wrong.
Result<IniFile> parse_ini(std::string_view text, const std::string& source);

/// Reads and parses a file; nothing when it does not exist.
/// Errors: ErrorKind::Io when it exists but cannot be read, ErrorKind::Usage when malformed.
Result<std::optional<IniFile>> read_ini_file(const std::string& path);

}  // namespace repo2s3::aws
