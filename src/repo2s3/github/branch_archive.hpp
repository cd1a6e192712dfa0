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

/// Where a branch points, and the ETag of the answer that said so.
struct BranchHead {
    std::string sha;
    std::string etag;  // as GitHub sent it, quotes and W/ included; may be empty
    /// GitHub answered 304 to If-None-Match: the branch has not moved since `known`.
    bool not_modified = false;
};

/// The branch's commit from GET /repos/{o}/{r}/git/ref/heads/{branch}, which names only a
/// branch: /commits/{ref} would prefer a tag of the same name, and a tag named like the
/// branch could then publish a commit nobody reviewed. With `known` (a head seen before, with
/// its ETag) the request carries If-None-Match, and a 304 answers `known` again at no cost to
/// the rate limit.
Result<BranchHead> look_up_branch(http::Client& client, const ApiConfig& config,
                                  const RepositoryRef& ref, const std::string& token,
                                  const BranchHead* known = nullptr);

/// look_up_branch's SHA.
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
