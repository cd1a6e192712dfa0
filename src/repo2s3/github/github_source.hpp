#pragma once
// GitHub as a source of files: App authentication with a shared token cache, branch → SHA,
// and the archive of that SHA.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "repo2s3/github/api.hpp"
#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "repo2s3/github/private_key.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/deadline.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::github {

/// The App private key for an organization. `refetch` asks for Starfleet's secrets document to
/// be fetched again first: GitHub refused the key it gave, which may have been rotated.
using PrivateKeyProvider =
    std::function<Result<PrivateKey>(const std::string& organization, bool refetch)>;
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// The API base URL for a template. Templates are data that anyone who can enqueue a message or
/// write the templates prefix controls, and the App's signed JWT goes to this URL; so a
/// template's GitHubApiUrl is used only with the operator's consent: when it equals
/// GITHUB_API_URL, is listed in REPO2S3_GITHUB_API_URLS (comma-separated), or is in
/// `allowed_urls` (the Starfleet configuration's GitHubSyncWorkerShip.AllowedGitHubApiUrls).
/// Without GitHubApiUrl: GITHUB_API_URL, else api.github.com. Plain http:// is accepted only
/// for loopback hosts. Errors are ErrorKind::Usage and name the URL and the setting.
Result<std::string> api_base_url(const payload::SyncTemplate& sync_template,
                                 const util::EnvLookup& env,
                                 const std::vector<std::string>& allowed_urls);

/// `url` as the consent check compares it: scheme and host lower-case, no default port, no
/// query, no trailing '/'. Nothing when it is not an http(s) URL.
std::optional<std::string> normalized_api_url(std::string_view url);

struct DownloadedBranch {
    std::string sha;
    std::uint64_t bytes = 0;
};

struct GitHubSourceOptions {
    std::chrono::milliseconds api_timeout{std::chrono::seconds(30)};
    std::vector<std::string> allowed_api_urls;  // see api_base_url
    /// Retries of API calls; each call's deadline comes from the run.
    http::RetryPolicy retry = ApiConfig{}.retry;
};

class GitHubSource {
  public:
    GitHubSource(http::Client& client, TokenCache& tokens, PrivateKeyProvider private_key,
                 Clock clock, util::EnvLookup env, GitHubSourceOptions options = {});

    /// A cached token when one is still fresh; otherwise a new one (signed JWT → POST). When
    /// GitHub refuses a key from Starfleet's secrets, the document is fetched again and a
    /// rotated key is tried once.
    Result<InstallationToken> installation_token(const payload::SyncTemplate& sync_template,
                                                 const util::Deadline& deadline = {});

    /// Resolves the branch and downloads the zipball of that exact commit to `zip_path`.
    Result<DownloadedBranch> download_branch(const payload::SyncTemplate& sync_template,
                                             const std::string& zip_path,
                                             const DownloadLimits& limits,
                                             const util::Deadline& deadline = {});

    /// Where the branch points now. With `known` (a head seen before, with its ETag) the lookup
    /// is conditional, and an unmoved branch costs no rate limit.
    Result<BranchHead> look_up_branch(const payload::SyncTemplate& sync_template,
                                      const BranchHead* known, const util::Deadline& deadline);

    /// Downloads the zipball of commit `sha` to `zip_path`; answers its size.
    Result<std::uint64_t> download_commit(const payload::SyncTemplate& sync_template,
                                          const std::string& sha, const std::string& zip_path,
                                          const DownloadLimits& limits,
                                          const util::Deadline& deadline);

  private:
    /// What every call about the template's repository needs: the API, a token and the ref.
    struct RepositoryCall {
        ApiConfig config;
        std::string token;
        RepositoryRef ref;
    };
    Result<RepositoryCall> repository_call(const payload::SyncTemplate& sync_template,
                                           const util::Deadline& deadline);

    Result<ApiConfig> api_config(const payload::SyncTemplate& sync_template,
                                 const util::Deadline& deadline) const;
    Result<InstallationToken> new_token(const ApiConfig& config, const TokenRequest& request,
                                        const PrivateKey& key,
                                        std::chrono::system_clock::time_point now);

    http::Client& client_;
    TokenCache& tokens_;
    PrivateKeyProvider private_key_;
    Clock clock_;
    util::EnvLookup env_;
    GitHubSourceOptions options_;
};

}  // namespace repo2s3::github
