#pragma once
// The two calls that fetch a branch: resolve it to a commit SHA, then download the zipball of
// exactly that commit, so the branch cannot move between the two.

#include <cstdint>
#include <string>

#include "repo2s3/github/api.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

struct RepositoryRef {
    std::string organization;
    std::string repository;
    std::string branch;
};

/// The branch's commit SHA from GET /repos/{o}/{r}/git/ref/heads/{branch}, which names only a
/// branch: /commits/{ref} would prefer a tag of the same name, and a tag named like the
/// branch could then publish a commit nobody reviewed.
Result<std::string> resolve_branch_sha(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& token);

/// The commit SHA in that endpoint's answer: {"ref": "refs/heads/<branch>", "object": {"type":
/// "commit", "sha": "<40 hex>"}}. Anything else (another ref, a list of refs, a tag object) is
/// an ErrorKind::Http error naming what was found.
Result<std::string> parse_branch_ref(std::string_view body, std::string_view branch);

struct DownloadLimits {
    std::uint64_t max_bytes = 1ULL << 30;  // 1 GiB
    std::chrono::milliseconds timeout{std::chrono::minutes(5)};
};

/// GET /repos/{o}/{r}/zipball/{sha}, following one redirect. The Authorization header goes to
/// the redirect target only when it has the API's origin. The body streams to `destination`;
/// returns its size.
Result<std::uint64_t> download_zipball(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& sha,
                                       const std::string& token, const std::string& destination,
                                       const DownloadLimits& limits);

}  // namespace repo2s3::github
