#include "repo2s3/payload/template_validation.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "repo2s3/payload/aws_regions.hpp"
#include "repo2s3/payload/github_names.hpp"
#include "repo2s3/payload/header_rules.hpp"
#include "repo2s3/payload/s3_names.hpp"
#include "repo2s3/util/regex.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

std::string to_lower_ascii(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

std::optional<std::string> region_problem(const std::string& region) {
    if (is_known_aws_region(region)) return std::nullopt;
    std::string problem = "unknown AWS region \"" + util::printable(region) + "\"";
    if (const auto lower = to_lower_ascii(region); is_known_aws_region(lower)) {
        problem += " (region names are lower-case: \"" + lower + "\")";
    } else {
        problem += " (expected a name such as \"us-east-1\")";
    }
    return problem;
}

/// "IncludeRepoPaths[2]: invalid regular expression ..." for the first pattern that fails.
std::optional<std::string> pattern_list_problem(std::string_view key,
                                                const std::vector<std::string>& patterns) {
    for (std::size_t index = 0; index < patterns.size(); ++index) {
        auto compiled = util::Regex::compile(patterns[index]);
        if (!compiled) {
            return std::string(key) + "[" + std::to_string(index) +
                   "]: invalid regular expression \"" + util::printable(patterns[index]) +
                   "\": " + compiled.error().message;
        }
    }
    return std::nullopt;
}

/// The first problem of the template, already prefixed with its key.
std::optional<std::string> first_problem(const SyncTemplate& t) {
    const auto keyed = [](std::string_view key, std::optional<std::string> problem) {
        return problem ? std::optional(std::string(key) + ": " + *problem) : std::nullopt;
    };
    const std::pair<std::string_view, const std::string*> required[] = {
        {"TemplateName", &t.template_name},
        {"TemplateDescription", &t.template_description},
        {"Organization", &t.organization},
        {"Repository", &t.repository},
        {"BranchName", &t.branch_name},
        {"GitHubAppId", &t.github_app_id},
        {"GitHubInstallationId", &t.github_installation_id},
        {"BucketName", &t.bucket_name},
        {"BucketRegion", &t.bucket_region},
    };
    for (const auto& [key, value] : required) {
        if (value->empty()) return std::string(key) + ": must not be empty";
    }
    const std::function<std::optional<std::string>()> checks[] = {
        [&] { return keyed("Organization", github_owner_problem(t.organization)); },
        [&] { return keyed("Repository", github_repository_problem(t.repository)); },
        [&] { return keyed("BranchName", git_branch_problem(t.branch_name)); },
        [&] { return keyed("GitHubAppId", github_app_id_problem(t.github_app_id)); },
        [&] {
            return keyed("GitHubInstallationId",
                         github_installation_id_problem(t.github_installation_id));
        },
        [&] { return keyed("BucketRegion", region_problem(t.bucket_region)); },
        [&] { return keyed("BucketName", s3_bucket_name_problem(t.bucket_name, t.bucket_region)); },
        [&]() -> std::optional<std::string> {
            if (!t.include_repo_paths.empty()) return std::nullopt;
            return "IncludeRepoPaths: the list is empty, so no file would be synced; remove the "
                   "key to include every path";
        },
        [&] { return pattern_list_problem("IncludeRepoPaths", t.include_repo_paths); },
        [&] { return pattern_list_problem("ExcludeRepoPaths", t.exclude_repo_paths); },
        [&] { return keyed("KeyPrefix", s3_key_prefix_problem(t.key_prefix)); },
        [&]() -> std::optional<std::string> {
            if (!t.github_api_url) return std::nullopt;
            return keyed("GitHubApiUrl", github_api_url_problem(*t.github_api_url));
        },
        [&] { return header_rules_problem(t.header_rules); },
        [&]() -> std::optional<std::string> {
            if (!t.cloudfront) return std::nullopt;
            return cloudfront_problem(*t.cloudfront, normalize_key_prefix(t.key_prefix));
        },
    };
    for (const auto& check : checks) {
        if (auto problem = check()) return problem;
    }
    return std::nullopt;
}

}  // namespace

Result<SyncTemplate> validate_template(SyncTemplate sync_template, std::string_view source_name) {
    if (auto problem = first_problem(sync_template)) {
        return fail(ErrorKind::Payload, std::string(source_name) + ": " + *problem);
    }
    sync_template.key_prefix = normalize_key_prefix(std::move(sync_template.key_prefix));
    if (sync_template.github_api_url) {
        auto& url = *sync_template.github_api_url;
        while (!url.empty() && url.back() == '/') url.pop_back();
    }
    return sync_template;
}

}  // namespace repo2s3::payload
