#pragma once
// Checks on the GitHub coordinates of a template. Each returns nullopt when the value is
// acceptable, else the problem as a sentence fragment ("contains a space: ..."), which the
// caller prefixes with the file and key. Values are non-empty by the time they get here.
// Names go into API URL paths and local file names, so anything that could change the path
// ('/', "..", '?', '#', whitespace) is refused here rather than escaped later.

#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::payload {

/// Organization: a GitHub user or organisation login. GitHub allows letters, digits and '-';
/// '_' (Enterprise Managed Users) and '.' are accepted too, so no real login is refused.
std::optional<std::string> github_owner_problem(std::string_view owner);

/// Repository: letters, digits, '-', '_' and '.', but not "." or ".." (GitHub's own rule).
std::optional<std::string> github_repository_problem(std::string_view repository);

/// BranchName: a name `git check-ref-format --branch` accepts. It may contain '/'
/// ("feature/x"), but no "..", no "//", no leading or trailing '/', no component that starts
/// with '.' or ends with ".lock", no trailing '.', no "@{", not "@", no leading '-', and none of
/// space, control characters, ~ ^ : ? * [ and backslash.
std::optional<std::string> git_branch_problem(std::string_view branch);

/// GitHubAppId: the JWT issuer, a numeric App ID or the App's client ID ("Iv1.0123abcd"):
/// letters, digits, '.', '-' and '_'.
std::optional<std::string> github_app_id_problem(std::string_view app_id);

/// GitHubInstallationId: decimal digits only (it is a number in the token URL).
std::optional<std::string> github_installation_id_problem(std::string_view installation_id);

/// GitHubApiUrl: an absolute http(s) URL with a host and no query or fragment, e.g.
/// "https://github.example.com/api/v3". Plain http is accepted for local test servers. The
/// problem never quotes the URL, which could carry credentials.
std::optional<std::string> github_api_url_problem(std::string_view url);

}  // namespace repo2s3::payload
