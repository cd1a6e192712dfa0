#include "repo2s3/github/github_source.hpp"

#include <spdlog/spdlog.h>

#include "repo2s3/github/app_jwt.hpp"
#include "repo2s3/http/url.hpp"

namespace repo2s3::github {
namespace {

constexpr const char* kAllowedUrlsVariable = "REPO2S3_GITHUB_API_URLS";

TokenRequest token_request_for(const payload::SyncTemplate& sync_template) {
    return {sync_template.github_app_id, sync_template.github_installation_id,
            sync_template.organization, sync_template.repository};
}

std::string without_trailing_slash(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    return url;
}

std::vector<std::string> comma_separated(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

bool same_api(std::string_view a, std::string_view b) {
    const auto left = normalized_api_url(a);
    return left && left == normalized_api_url(b);
}

Result<std::string> checked_base(std::string url, std::string_view origin) {
    const auto parsed = http::parse_url(url);
    if (!parsed) {
        return fail(ErrorKind::Usage,
                    std::string(origin) + " \"" + url + "\" is not an http(s) URL");
    }
    if (parsed->scheme == "http" && !http::is_loopback_host(parsed->host)) {
        return fail(ErrorKind::Usage, std::string(origin) + " \"" + url +
                                          "\": plain http:// is only allowed to this machine "
                                          "(loopback); use https://");
    }
    return without_trailing_slash(std::move(url));
}

}  // namespace

std::optional<std::string> normalized_api_url(std::string_view url) {
    auto parsed = http::parse_url(url);
    if (!parsed) return std::nullopt;
    const bool default_port = parsed->port.empty() ||
                              (parsed->scheme == "https" && parsed->port == "443") ||
                              (parsed->scheme == "http" && parsed->port == "80");
    std::string path = parsed->target.substr(0, parsed->target.find_first_of("?#"));
    while (path.ends_with('/')) path.pop_back();
    return parsed->scheme + "://" + parsed->host + (default_port ? "" : ":" + parsed->port) + path;
}

Result<std::string> api_base_url(const payload::SyncTemplate& sync_template,
                                 const util::EnvLookup& env,
                                 const std::vector<std::string>& allowed_urls) {
    const auto from_env = env("GITHUB_API_URL");
    if (!sync_template.github_api_url) {
        if (from_env) return checked_base(*from_env, "GITHUB_API_URL");
        return std::string(kDefaultApiUrl);
    }
    const std::string& wanted = *sync_template.github_api_url;
    bool consented = (from_env && same_api(wanted, *from_env));
    if (const auto listed = env(kAllowedUrlsVariable)) {
        for (const auto& url : comma_separated(*listed))
            consented = consented || same_api(wanted, url);
    }
    for (const auto& url : allowed_urls) consented = consented || same_api(wanted, url);
    if (!consented) {
        return fail(ErrorKind::Usage,
                    "GitHubApiUrl \"" + wanted +
                        "\" is not allowed: the App's credentials go only to API URLs the "
                        "operator names; set GITHUB_API_URL to it, list it in " +
                        kAllowedUrlsVariable +
                        ", or add it to GitHubSyncWorkerShip.AllowedGitHubApiUrls in the "
                        "Starfleet configuration");
    }
    return checked_base(wanted, "GitHubApiUrl");
}

GitHubSource::GitHubSource(http::Client& client, TokenCache& tokens, PrivateKeyProvider private_key,
                           Clock clock, util::EnvLookup env, GitHubSourceOptions options)
    : client_(client),
      tokens_(tokens),
      private_key_(std::move(private_key)),
      clock_(std::move(clock)),
      env_(std::move(env)),
      options_(std::move(options)) {}

Result<ApiConfig> GitHubSource::api_config(const payload::SyncTemplate& sync_template,
                                           const util::Deadline& deadline) const {
    auto base = api_base_url(sync_template, env_, options_.allowed_api_urls);
    if (!base) return util::unexpected(std::move(base.error()));
    ApiConfig config;
    config.base_url = std::move(*base);
    config.timeout = options_.api_timeout;
    config.retry = options_.retry;
    config.retry.deadline = deadline;
    return config;
}

Result<InstallationToken> GitHubSource::new_token(const ApiConfig& config,
                                                  const TokenRequest& request,
                                                  const PrivateKey& key,
                                                  std::chrono::system_clock::time_point now) {
    auto jwt = make_app_jwt(key.pem, app_jwt_claims(request.app_id, now));
    if (!jwt) return util::unexpected(std::move(jwt.error()));
    return create_installation_token(client_, config, request, *jwt);
}

Result<InstallationToken> GitHubSource::installation_token(
    const payload::SyncTemplate& sync_template, const util::Deadline& deadline) {
    const auto config = api_config(sync_template, deadline);
    if (!config) return util::unexpected(config.error());
    const auto request = token_request_for(sync_template);
    const auto now = clock_();
    if (auto cached = tokens_.find(config->base_url, request, now)) return *cached;

    auto key = private_key_(sync_template.organization, false);
    if (!key) return util::unexpected(std::move(key.error()));
    auto token = new_token(*config, request, *key, now);
    if (!token && token.error().kind == ErrorKind::Auth && key->from_secrets) {
        // The document may be older than a key rotation: fetch it again, once.
        auto fresh = private_key_(sync_template.organization, true);
        if (fresh && fresh->pem != key->pem) {
            spdlog::info("{}: GitHub refused the App key; trying the key now in the secrets",
                         sync_template.template_name);
            token = new_token(*config, request, *fresh, now);
        }
    }
    if (!token) return util::unexpected(std::move(token.error()));
    spdlog::debug("GitHub installation token for {}/{} issued", sync_template.organization,
                  sync_template.repository);
    tokens_.store(config->base_url, request, *token);
    return token;
}

Result<GitHubSource::RepositoryCall> GitHubSource::repository_call(
    const payload::SyncTemplate& sync_template, const util::Deadline& deadline) {
    auto token = installation_token(sync_template, deadline);
    if (!token) return util::unexpected(std::move(token.error()));
    auto config = api_config(sync_template, deadline);
    if (!config) return util::unexpected(std::move(config.error()));
    return RepositoryCall{
        std::move(*config),
        std::move(token->token),
        {sync_template.organization, sync_template.repository, sync_template.branch_name}};
}

Result<DownloadedBranch> GitHubSource::download_branch(const payload::SyncTemplate& sync_template,
                                                       const std::string& zip_path,
                                                       const DownloadLimits& limits,
                                                       const util::Deadline& deadline) {
    auto head = look_up_branch(sync_template, nullptr, deadline);
    if (!head) return util::unexpected(std::move(head.error()));
    auto bytes = download_commit(sync_template, head->sha, zip_path, limits, deadline);
    if (!bytes) return util::unexpected(std::move(bytes.error()));
    return DownloadedBranch{head->sha, *bytes};
}

Result<BranchHead> GitHubSource::look_up_branch(const payload::SyncTemplate& sync_template,
                                                const BranchHead* known,
                                                const util::Deadline& deadline) {
    auto call = repository_call(sync_template, deadline);
    if (!call) return util::unexpected(std::move(call.error()));
    const auto& ref = call->ref;
    auto head = github::look_up_branch(client_, call->config, ref, call->token, known);
    if (head) {
        spdlog::info("{}/{} branch {} is at {}{}", ref.organization, ref.repository, ref.branch,
                     head->sha, head->not_modified ? " (unchanged)" : "");
    }
    return head;
}

Result<std::uint64_t> GitHubSource::download_commit(const payload::SyncTemplate& sync_template,
                                                    const std::string& sha,
                                                    const std::string& zip_path,
                                                    const DownloadLimits& limits,
                                                    const util::Deadline& deadline) {
    auto call = repository_call(sync_template, deadline);
    if (!call) return util::unexpected(std::move(call.error()));
    auto bytes =
        download_zipball(client_, call->config, call->ref, sha, call->token, zip_path, limits);
    if (bytes) spdlog::debug("downloaded {} bytes to {}", *bytes, zip_path);
    return bytes;
}

}  // namespace repo2s3::github
