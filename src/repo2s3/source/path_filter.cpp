#include "repo2s3/source/path_filter.hpp"

#include <utility>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::source {
namespace {

Result<std::vector<util::Regex>> compile_list(std::string_view list_name,
                                              const std::vector<std::string>& patterns) {
    std::vector<util::Regex> compiled;
    compiled.reserve(patterns.size());
    for (std::size_t index = 0; index < patterns.size(); ++index) {
        auto regex = util::Regex::compile(patterns[index]);
        if (!regex) {
            return fail(ErrorKind::Payload, std::string(list_name) + "[" + std::to_string(index) +
                                                "]: invalid regular expression \"" +
                                                util::printable(patterns[index]) +
                                                "\": " + regex.error().message);
        }
        compiled.push_back(std::move(*regex));
    }
    return compiled;
}

/// Some pattern of `patterns` matches `path`.
Result<bool> any_matches(std::string_view list_name, const std::vector<util::Regex>& patterns,
                         std::string_view path) {
    for (const auto& pattern : patterns) {
        auto matched = pattern.search(path);
        if (!matched) {
            return fail(ErrorKind::Payload,
                        std::string(list_name) + " pattern \"" +
                            util::printable(pattern.pattern()) + "\" could not be evaluated on \"" +
                            util::printable(path) + "\": " + matched.error().message +
                            "; simplify the pattern (e.g. avoid nested quantifiers)");
        }
        if (*matched) return true;
    }
    return false;
}

}  // namespace

Result<PathFilter> PathFilter::compile(const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude) {
    auto include_compiled = compile_list("IncludeRepoPaths", include);
    if (!include_compiled) return util::unexpected(std::move(include_compiled.error()));
    auto exclude_compiled = compile_list("ExcludeRepoPaths", exclude);
    if (!exclude_compiled) return util::unexpected(std::move(exclude_compiled.error()));
    PathFilter filter;
    filter.include_ = std::move(*include_compiled);
    filter.exclude_ = std::move(*exclude_compiled);
    return filter;
}

Result<bool> PathFilter::selects(std::string_view path) const {
    auto excluded = any_matches("ExcludeRepoPaths", exclude_, path);
    if (!excluded) return excluded;
    if (*excluded) return false;
    return any_matches("IncludeRepoPaths", include_, path);
}

Result<std::vector<SourceFile>> apply_filter(std::vector<SourceFile> files,
                                             const PathFilter& filter) {
    std::vector<SourceFile> selected;
    selected.reserve(files.size());
    for (auto& file : files) {
        auto keep = filter.selects(file.path);
        if (!keep) return util::unexpected(std::move(keep.error()));
        if (*keep) selected.push_back(std::move(file));
    }
    return selected;
}

}  // namespace repo2s3::source
