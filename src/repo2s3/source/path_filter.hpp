#pragma once
// Which repository paths a template syncs: IncludeRepoPaths / ExcludeRepoPaths with Starfleet's
// semantics. A path is selected when no exclude pattern matches it and at least one include
// pattern does; exclude wins. Each pattern is searched, not anchored, exactly like Python's
// `re.search(pattern, path)` (see util/regex.hpp for the few differences).
//
// Thread safety: immutable after compile(); selects() may run on many threads at once.

#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/source/source_file.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/regex.hpp"

namespace repo2s3::source {

class PathFilter {
  public:
    /// Compiles both lists. An invalid pattern fails (ErrorKind::Payload) naming the list, its
    /// 0-based index, the pattern and PCRE2's message, e.g.
    /// `IncludeRepoPaths[2]: invalid regular expression "foo(": missing closing parenthesis at
    /// offset 4`. Templates are validated with the same compiler, so this rarely fails.
    static Result<PathFilter> compile(const std::vector<std::string>& include,
                                      const std::vector<std::string>& exclude);

    /// True when `path` (repo-relative, '/'-separated, UTF-8) is to be synced. Fails when a
    /// pattern cannot be evaluated (PCRE2's backtracking limit, invalid UTF-8): never read that
    /// as "not selected", which would turn the file into a deletion.
    Result<bool> selects(std::string_view path) const;

  private:
    PathFilter() = default;

    std::vector<util::Regex> include_;
    std::vector<util::Regex> exclude_;
};

/// The files of `files` that `filter` selects, in their original order. Fails on the first
/// path the filter cannot evaluate.
Result<std::vector<SourceFile>> apply_filter(std::vector<SourceFile> files,
                                             const PathFilter& filter);

}  // namespace repo2s3::source
