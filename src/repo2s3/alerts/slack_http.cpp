#include "repo2s3/alerts/slack_http.hpp"

#include <charconv>
#include <thread>

#include "repo2s3/http/url.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::alerts {
namespace {

constexpr std::chrono::seconds kDefaultRetryAfter{1};

std::chrono::seconds retry_after(const http::Response& response) {
    const auto header = response.headers.get("Retry-After");
    if (!header) return kDefaultRetryAfter;
    long long seconds = 0;
    const auto* end = header->data() + header->size();
    const auto [ptr, ec] = std::from_chars(header->data(), end, seconds);
    if (ec != std::errc() || ptr != end || seconds < 0) return kDefaultRetryAfter;
    return std::chrono::seconds(seconds);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    if (from.empty()) return text;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace

std::string withhold_path(std::string_view url) {
    const auto parsed = http::parse_url(url);
    if (!parsed) return "(an URL that is not http or https)";
    return parsed->scheme + "://" + parsed->host +
           (parsed->port.empty() ? "" : ":" + parsed->port) + "/\u2026";
}

std::string body_excerpt(std::string_view body) {
    const auto end = body.find_first_of("\r\n");
    std::string line = util::printable(body.substr(0, end));
    if (line.size() > 200) line = line.substr(0, 200) + "\u2026";
    return line;
}

Result<http::Response> post_json(http::Client& client, const std::string& url,
                                 http::Headers headers, std::string body,
                                 const SlackHttpOptions& options, std::string_view what,
                                 std::string_view safe_url) {
    http::Request request;
    request.method = "POST";
    request.url = url;
    request.headers = std::move(headers);
    request.headers.set("Content-Type", "application/json; charset=utf-8");
    request.body = std::move(body);
    request.timeout = options.timeout;

    auto send = [&]() -> Result<http::Response> {
        auto response = client.send(request);
        if (response) return response;
        // The transport names the URL; a webhook's path is its secret.
        std::string reason = replace_all(std::move(response.error().message), url, safe_url);
        reason = replace_all(std::move(reason), http::redact_url(url), safe_url);
        return fail(response.error().kind, std::string(what) + ": " + reason);
    };

    auto response = send();
    if (!response || response->status != 429) return response;
    const auto wait = retry_after(*response);
    if (wait > options.max_retry_after) {
        return fail(ErrorKind::RateLimited,
                    std::string(what) + ": rate limited (HTTP 429); Slack asked to retry after " +
                        std::to_string(wait.count()) + " s, longer than the " +
                        std::to_string(options.max_retry_after.count()) + " s repo2s3 waits");
    }
    if (options.sleep) {
        options.sleep(wait);
    } else {
        std::this_thread::sleep_for(wait);
    }
    return send();
}

}  // namespace repo2s3::alerts
