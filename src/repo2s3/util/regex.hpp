#pragma once
// A compiled PCRE2 regular expression with the semantics of Python's `re.search` on a str,
// which is what Starfleet templates were written against:
//   - unanchored search: "foo" matches "a/foo/b"; anchor with ^ and $ as in Python;
//   - UTF-8 mode with Unicode properties (PCRE2_UTF | PCRE2_UCP), so \w, \d, \s, \b and (?i)
//     are Unicode-aware like Python 3's default for str patterns;
//   - `$` matches at the end or before a final newline, as in Python; `(?P<name>...)` and
//     `(?P=name)` work.
// Known differences, none of which matter for repository paths (they contain no newline):
//   - `\Z` is "end, or before a final newline" in PCRE2 but "end only" in Python;
//   - Python-only syntax fails to compile here instead of matching differently: `\uXXXX`,
//     `\UXXXXXXXX`, `\N{...}`, the inline flags (?a) (?u) (?L), and `{,n}` (PCRE2 10.42 reads it
//     as literal text, Python as {0,n}: the one silent difference; avoid it).
// Thread safety: a Regex is immutable after compile(); copies share the compiled code, and
// search() allocates its own match data, so any number of threads may search concurrently.

#include <memory>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

struct pcre2_real_code_8;

namespace repo2s3::util {

class Regex {
  public:
    /// Compiles `pattern`. On failure the error (kind Usage) carries only PCRE2's description
    /// and the byte offset, e.g. `missing closing parenthesis at offset 4`; callers add which
    /// pattern of which list it was.
    static Result<Regex> compile(std::string_view pattern);

    /// True when the pattern matches anywhere in `subject` (Python `re.search(...) is not None`).
    /// Fails (kind Usage) when the subject is not valid UTF-8 or PCRE2 gives up, e.g. when a
    /// pattern with nested quantifiers exceeds the backtracking limit: the caller must not
    /// treat that as "no match".
    Result<bool> search(std::string_view subject) const;

    const std::string& pattern() const noexcept { return pattern_; }

  private:
    Regex(std::shared_ptr<pcre2_real_code_8> code, std::string pattern);

    std::shared_ptr<pcre2_real_code_8> code_;
    std::string pattern_;
};

}  // namespace repo2s3::util
