#pragma once
// Requests to the GitHub REST API: the headers GitHub requires and the meaning of its failures.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "repo2s3/http/client.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

inline constexpr std::string_view kDefaultApiUrl = "https://api.github.com";

struct ApiConfig {
    std::string base_url = std::string(kDefaultApiUrl);  // GitHub Enterprise: https://HOST/api/v3
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    /// How calls are retried (see github_retry_verdict); its deadline is the run's time budget.
    http::RetryPolicy retry{.max_attempts = 5,
                            .base_delay = std::chrono::seconds(1),
                            .max_delay = std::chrono::seconds(30)};
};

/// GitHub's failures as a retry policy sees them. Network errors, timeouts and 5xx are retried
/// with backoff. A primary rate limit (403/429 with x-ratelimit-remaining: 0) waits until
/// x-ratelimit-reset; a secondary one waits for Retry-After, or a minute when GitHub gives no
/// time. (The retry loop gives up instead when the wait would pass the run's deadline.)
http::RetryVerdict github_retry_verdict(const Result<http::Response>& result,
                                        std::chrono::system_clock::time_point now);

/// Sends the request `make_request` builds, retried as github_retry_verdict says under
/// config.retry. `what` names the call in log lines.
Result<http::Response> send_api(http::Client& client, const ApiConfig& config,
                                const std::function<http::Request()>& make_request,
                                std::string_view what);

/// A request to `path` (starting with '/') under the API base, with User-Agent, Accept,
/// X-GitHub-Api-Version and, when given, the Authorization header.
http::Request api_request(const ApiConfig& config, std::string method, std::string_view path,
                          std::string authorization,
                          std::string accept = "application/vnd.github+json");

/// Describes a failed GitHub response as an Error. `what` names the request for the user
/// ("branch main of acme/site"). Rate limits become ErrorKind::RateLimited with the reset time;
/// 401 Auth; 404 NotFound (callers usually add their own advice); the rest Http.
Error response_error(const http::Response& response, std::string_view what);

/// GitHub's JSON "message" field, or the start of the body (at most 200 bytes, never a split
/// character, bad bytes replaced): an error page of a proxy in front of GitHub, say. Always one
/// line: runs of whitespace and control characters become one space.
std::string response_message(const http::Response& response);

}  // namespace repo2s3::github
