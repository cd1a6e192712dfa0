#include "repo2s3/github/github_source.hpp"

#include <spdlog/spdlog.h>

#include "repo2s3/github/app_jwt.hpp"

namespace repo2s3::github {
namespace {

TokenRequest token_request_for(const payload::SyncTemplate& sync_template) {
    return {sync_template.github_app_id, sync_template.github_installation_id, sync_template.organization,
            sync_template.repository};
}

std::string without_trailing_slash(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    return url;
}

}  // namespace

ApiConfig api_config_for(const payload::SyncTemplate& sync_template, const util::EnvLookup& env,
                         std::chrono::milliseconds timeout) {
    ApiConfig config;
    config.timeout = timeout;
    if (sync_template.github_api_url) {
        config.base_url = without_trailing_slash(*sync_template.github_api_url);
    } else if (const auto from_env = env("GITHUB_API_URL")) {
        config.base_url = without_trailing_slash(*from_env);
    }
    return config;
}

GitHubSource::GitHubSource(http::Client& client, TokenCache& tokens, PrivateKeyProvider private_key, Clock clock,
                           util::EnvLookup env, std::chrono::milliseconds api_timeout)
    : client_(client),
      tokens_(tokens),
      private_key_(std::move(private_key)),
      clock_(std::move(clock)),
      env_(std::move(env)),
      api_timeout_(api_timeout) {}

Result<InstallationToken> GitHubSource::installation_token(const payload::SyncTemplate& sync_template) {
    const auto config = api_config_for(sync_template, env_, api_timeout_);
    const auto request = token_request_for(sync_template);
    const auto now = clock_();
    if (auto cached = tokens_.find(config.base_url, request, now)) return *cached;

    auto key = private_key_(sync_template.organization);
    if (!key) return util::unexpected(std::move(key.error()));
    auto jwt = make_app_jwt(*key, app_jwt_claims(sync_template.github_app_id, now));
    if (!jwt) return util::unexpected(std::move(jwt.error()));
    auto token = create_installation_token(client_, config, request, *jwt);
    if (!token) return util::unexpected(std::move(token.error()));
    spdlog::debug("GitHub installation token for {}/{} issued", sync_template.organization, sync_template.repository);
    tokens_.store(config.base_url, request, *token);
    return token;
}

Result<DownloadedBranch> GitHubSource::download_branch(const payload::SyncTemplate& sync_template,
                                                       const std::string& zip_path, const DownloadLimits& limits) {
    auto token = installation_token(sync_template);
    if (!token) return util::unexpected(std::move(token.error()));
    const auto config = api_config_for(sync_template, env_, api_timeout_);
    const RepositoryRef ref{sync_template.organization, sync_template.repository, sync_template.branch_name};

    auto sha = resolve_branch_sha(client_, config, ref, token->token);
    if (!sha) return util::unexpected(std::move(sha.error()));
    spdlog::info("{}/{} branch {} is at {}", ref.organization, ref.repository, ref.branch, *sha);

    auto bytes = download_zipball(client_, config, ref, *sha, token->token, zip_path, limits);
    if (!bytes) return util::unexpected(std::move(bytes.error()));
    spdlog::debug("downloaded {} bytes to {}", *bytes, zip_path);
    return DownloadedBranch{*sha, *bytes};
}

}  // namespace repo2s3::github
