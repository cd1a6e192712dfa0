#pragma once
// What both Slack clients share: one JSON POST that honours a 429's Retry-After once, and
// error messages that never carry the URL's secret parts.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "repo2s3/http/client.hpp"

namespace repo2s3::alerts {

struct SlackHttpOptions {
    std::chrono::milliseconds timeout{std::chrono::seconds(15)};
    /// The longest Retry-After waited for; a 429 asking for more fails at once.
    std::chrono::seconds max_retry_after{std::chrono::seconds(30)};
    /// Waits before the one retry; empty means std::this_thread::sleep_for (tests record it).
    std::function<void(std::chrono::seconds)> sleep;
};

/// POSTs `body` (JSON) to `url`. On HTTP 429 waits Retry-After seconds (1 when absent) and
/// sends once more; the second answer is returned whatever it is. A Retry-After longer than
/// `max_retry_after` is an error of kind RateLimited.
/// Errors start with `what` (e.g. "Slack chat.postMessage"); in transport errors the URL is
/// replaced by `safe_url`, so a webhook's secret path never reaches a log.
Result<http::Response> post_json(http::Client& client, const std::string& url,
                                 http::Headers headers, std::string body,
                                 const SlackHttpOptions& options, std::string_view what,
                                 std::string_view safe_url);

/// scheme://host[:port]/… — an URL with its path and query withheld.
std::string withhold_path(std::string_view url);

/// A response body cut to one printable line of at most 200 characters, for error messages.
std::string body_excerpt(std::string_view body);

}  // namespace repo2s3::alerts
