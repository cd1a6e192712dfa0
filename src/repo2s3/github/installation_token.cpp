#include "repo2s3/github/installation_token.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::github {

std::optional<std::chrono::system_clock::time_point> parse_github_time(std::string_view text) {
    std::tm parts{};
    char zone = 0;
    const std::string copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &parts.tm_year, &parts.tm_mon,
                    &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &zone) != 7 ||
        zone != 'Z') {
        return std::nullopt;
    }
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    const std::time_t seconds = timegm(&parts);
    if (seconds == -1) return std::nullopt;
    return util::time_point_from_seconds(std::chrono::seconds(seconds));
}

Result<InstallationToken> create_installation_token(http::Client& client, const ApiConfig& config,
                                                    const TokenRequest& request,
                                                    const std::string& app_jwt) {
    const std::string what = "installation token for installation " + request.installation_id;
    // Asking again is harmless: GitHub issues another token.
    auto response = send_api(
        client, config,
        [&] {
            auto http_request = api_request(
                config, "POST", "/app/installations/" + request.installation_id + "/access_tokens",
                "Bearer " + app_jwt);
            http_request.headers.set("Content-Type", "application/json");
            http_request.body = util::json_text(
                {{"repositories", {request.repository}}, {"permissions", {{"contents", "read"}}}});
            return http_request;
        },
        what);
    if (!response) return util::unexpected(std::move(response.error()));

    if (response->status == 401) {
        return fail(ErrorKind::Auth,
                    "GitHub rejected the App JWT for installation " + request.installation_id +
                        " (HTTP 401: " + response_message(*response) +
                        "): check that the private key belongs to GitHub App " + request.app_id +
                        ", that GitHubAppId is right, and that this machine's clock is correct");
    }
    if (response->status == 404) {
        return fail(ErrorKind::NotFound,
                    "GitHub App " + request.app_id + " has no installation " +
                        request.installation_id +
                        " (HTTP 404): check GitHubInstallationId and that the App is installed");
    }
    if (response->status == 422) {
        return fail(ErrorKind::NotFound, "GitHub installation " + request.installation_id +
                                             " cannot access repository " + request.organization +
                                             "/" + request.repository +
                                             " (HTTP 422: " + response_message(*response) +
                                             "): install the App on that repository");
    }
    if (response->status != 201 && response->status != 200) {
        return util::unexpected(response_error(*response, what));
    }

    const auto json = nlohmann::json::parse(response->body, nullptr, false);
    if (!json.is_object() || !json.contains("token") || !json["token"].is_string() ||
        !json.contains("expires_at") || !json["expires_at"].is_string()) {
        return fail(ErrorKind::Http,
                    "GitHub " + what + ": the response has no token and expires_at");
    }
    const auto expires_at = parse_github_time(json["expires_at"].get<std::string>());
    if (!expires_at) {
        return fail(ErrorKind::Http, "GitHub " + what + ": unreadable expires_at \"" +
                                         json["expires_at"].get<std::string>() + "\"");
    }
    return InstallationToken{json["token"].get<std::string>(), *expires_at};
}

TokenCache::Key TokenCache::key_of(const std::string& api, const TokenRequest& request) {
    return {api, request.app_id, request.installation_id,
            request.organization + "/" + request.repository};
}

std::optional<InstallationToken> TokenCache::find(const std::string& api,
                                                  const TokenRequest& request,
                                                  std::chrono::system_clock::time_point now) const {
    const std::lock_guard lock(mutex_);
    const auto found = tokens_.find(key_of(api, request));
    if (found == tokens_.end() || found->second.expires_at - refresh_margin_ <= now)
        return std::nullopt;
    return found->second;
}

void TokenCache::store(const std::string& api, const TokenRequest& request,
                       InstallationToken token) {
    const std::lock_guard lock(mutex_);
    tokens_[key_of(api, request)] = std::move(token);
}

}  // namespace repo2s3::github
