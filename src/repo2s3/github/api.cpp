#include "repo2s3/github/api.hpp"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::github {
namespace {

std::string utc_time(std::int64_t epoch_seconds) {
    const auto time = static_cast<std::time_t>(epoch_seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

// How much of a body that is not GitHub's JSON an error message quotes.
constexpr std::size_t kMaxQuotedBodyBytes = 200;

std::optional<std::int64_t> header_number(const http::Response& response, std::string_view name) {
    const auto value = response.headers.get(name);
    if (!value) return std::nullopt;
    try {
        return std::stoll(*value);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

http::Request api_request(const ApiConfig& config, std::string method, std::string_view path,
                          std::string authorization, std::string accept) {
    http::Request request;
    request.method = std::move(method);
    request.url = config.base_url + std::string(path);
    request.timeout = config.timeout;
    request.headers.set("User-Agent", std::string("repo2s3/") + REPO2S3_VERSION);
    request.headers.set("Accept", std::move(accept));
    request.headers.set("X-GitHub-Api-Version", "2022-11-28");
    if (!authorization.empty()) request.headers.set("Authorization", std::move(authorization));
    return request;
}

std::string response_message(const http::Response& response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_object() && json.contains("message") && json["message"].is_string()) {
        return util::single_line(json["message"].get<std::string>());
    }
    // Whitespace first: an HTML page's first 200 bytes are mostly indentation.
    const std::string text = util::single_line(response.body);
    std::string_view quoted = util::utf8_prefix(text, kMaxQuotedBodyBytes);
    while (quoted.ends_with(' ')) quoted.remove_suffix(1);  // the cut may end on a space
    return util::sanitize_utf8(quoted);
}

http::RetryVerdict github_retry_verdict(const Result<http::Response>& result,
                                        std::chrono::system_clock::time_point now) {
    if (!result || (result->status != 403 && result->status != 429)) {
        return http::transient_failure(result);
    }
    const auto& response = *result;
    const auto remaining = header_number(response, "x-ratelimit-remaining");
    const auto reset = header_number(response, "x-ratelimit-reset");
    if (remaining == 0 && reset) {
        const auto reset_at = std::chrono::system_clock::time_point(std::chrono::seconds(*reset));
        // A second more than asked, for clock skew.
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(reset_at - now) +
                          std::chrono::seconds(1);
        return {true, std::max(wait, std::chrono::milliseconds(1000))};
    }
    if (const auto retry_after = header_number(response, "retry-after")) {
        return {true, std::chrono::seconds(std::clamp<std::int64_t>(*retry_after, 1, 3600))};
    }
    if (response.status == 429 ||
        response_message(response).find("secondary rate limit") != std::string::npos) {
        return {true, std::chrono::minutes(1)};  // GitHub asks for at least a minute
    }
    return {};  // a 403 that is not a rate limit: permissions
}

Result<http::Response> send_api(http::Client& client, const ApiConfig& config,
                                const std::function<http::Request()>& make_request,
                                std::string_view what) {
    return http::send_with_retries(
        client, make_request,
        [](const Result<http::Response>& result) {
            return github_retry_verdict(result, std::chrono::system_clock::now());
        },
        config.retry, "GitHub " + std::string(what));
}

Error response_error(const http::Response& response, std::string_view what) {
    const std::string status = "HTTP " + std::to_string(response.status);
    const std::string detail = response_message(response);
    const std::string prefix = "GitHub " + std::string(what) + ": ";

    if (response.status == 403 || response.status == 429) {
        const auto remaining = header_number(response, "x-ratelimit-remaining");
        const auto reset = header_number(response, "x-ratelimit-reset");
        const auto retry_after = header_number(response, "retry-after");
        if (remaining == 0 && reset) {
            return {ErrorKind::RateLimited, prefix + "rate limit exceeded (" + status +
                                                "); it resets at " + utc_time(*reset)};
        }
        if (retry_after) {
            return {ErrorKind::RateLimited, prefix + "secondary rate limit (" + status +
                                                "); retry after " + std::to_string(*retry_after) +
                                                " s"};
        }
        // A secondary limit may come without retry-after; GitHub then asks for at least a minute.
        if (response.status == 429 || detail.find("rate limit") != std::string::npos) {
            return {ErrorKind::RateLimited, prefix + "rate limit exceeded (" + status + ": " +
                                                detail +
                                                "); wait at least a minute before retrying"};
        }
    }
    if (response.status == 401)
        return {ErrorKind::Auth, prefix + "unauthorized (" + status + ": " + detail + ")"};
    if (response.status == 404) return {ErrorKind::NotFound, prefix + "not found (" + status + ")"};
    return {ErrorKind::Http, prefix + status + ": " + detail};
}

}  // namespace repo2s3::github
