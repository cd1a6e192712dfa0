#pragma once
// A Slack incoming webhook (SLACK_WEBHOOK_URL): the same message body, no token, no channel;
// the webhook posts to the channel it was created for. Slack answers "ok", or an error code
// as plain text with a 4xx status (invalid_payload, channel_not_found, no_service, ...).
// The URL's path is the webhook's secret: it appears in no message and no log.

#include <string>

#include "repo2s3/alerts/notifier.hpp"
#include "repo2s3/alerts/slack_http.hpp"
#include "repo2s3/http/client.hpp"

namespace repo2s3::alerts {

class SlackWebhook final : public Notifier {
  public:
    /// `client` must outlive this object.
    SlackWebhook(http::Client& client, std::string url, SlackHttpOptions options = {});

    /// Errors: Http with Slack's error text and status; RateLimited after a second 429;
    /// Network for 5xx and transport failures; Timeout.
    Result<void> post(const Message& message) override;
    std::string destination() const override;

  private:
    http::Client& client_;
    std::string url_;
    SlackHttpOptions options_;
};

}  // namespace repo2s3::alerts
