#include "repo2s3/alerts/slack_webhook.hpp"

#include "repo2s3/util/json_text.hpp"

namespace repo2s3::alerts {

SlackWebhook::SlackWebhook(http::Client& client, std::string url, SlackHttpOptions options)
    : client_(client), url_(std::move(url)), options_(std::move(options)) {}

std::string SlackWebhook::destination() const {
    return "Slack webhook " + withhold_path(url_);
}

Result<void> SlackWebhook::post(const Message& message) {
    const std::string what = destination();
    auto response = post_json(client_, url_, {}, util::json_text(slack_payload(message)), options_,
                              what, withhold_path(url_));
    if (!response) return util::unexpected(std::move(response.error()));
    if (response->status >= 200 && response->status < 300) return {};
    std::string error = what + ": HTTP " + std::to_string(response->status);
    if (!response->body.empty()) error += ": " + body_excerpt(response->body);
    if (response->status == 429) return fail(ErrorKind::RateLimited, error + " (twice)");
    return fail(response->status >= 500 ? ErrorKind::Network : ErrorKind::Http, error);
}

}  // namespace repo2s3::alerts
