#pragma once
// GitHub as a source of files: App authentication with a shared token cache, branch → SHA,
// and the archive of that SHA.

#include <chrono>
#include <functional>
#include <string>

#include "repo2s3/github/api.hpp"
#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::github {

/// The App private key (PEM) for an organization.
using PrivateKeyProvider = std::function<Result<std::string>(const std::string& organization)>;
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// API base precedence: the template's GitHubApiUrl, then GITHUB_API_URL, then api.github.com.
ApiConfig api_config_for(const payload::SyncTemplate& sync_template, const util::EnvLookup& env,
                         std::chrono::milliseconds timeout);

struct DownloadedBranch {
    std::string sha;
    std::uint64_t bytes = 0;
};

class GitHubSource {
public:
    GitHubSource(http::Client& client, TokenCache& tokens, PrivateKeyProvider private_key, Clock clock,
                 util::EnvLookup env, std::chrono::milliseconds api_timeout = std::chrono::seconds(30));

    /// A cached token when one is still fresh; otherwise a new one (signed JWT → POST).
    Result<InstallationToken> installation_token(const payload::SyncTemplate& sync_template);

    /// Resolves the branch and downloads the zipball of that exact commit to `zip_path`.
    Result<DownloadedBranch> download_branch(const payload::SyncTemplate& sync_template,
                                             const std::string& zip_path, const DownloadLimits& limits);

private:
    http::Client& client_;
    TokenCache& tokens_;
    PrivateKeyProvider private_key_;
    Clock clock_;
    util::EnvLookup env_;
    std::chrono::milliseconds api_timeout_;
};

}  // namespace repo2s3::github
