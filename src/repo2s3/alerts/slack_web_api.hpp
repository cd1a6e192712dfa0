#pragma once
// Slack's Web API chat.postMessage with a bot token (Authorization: Bearer). Slack answers
// HTTP 200 with {"ok": false, "error": "<code>"} for most failures; the code goes into the
// error message (channel_not_found, not_in_channel, invalid_auth, ...).

#include <functional>
#include <string>

#include "repo2s3/alerts/notifier.hpp"
#include "repo2s3/alerts/slack_http.hpp"
#include "repo2s3/http/client.hpp"

namespace repo2s3::alerts {

inline constexpr std::string_view kDefaultSlackApiUrl = "https://slack.com/api";

/// The bot token, fetched when the first message is sent (it may live in Secrets Manager).
using TokenProvider = std::function<Result<std::string>()>;

struct SlackWebApiConfig {
    std::string api_url = std::string(kDefaultSlackApiUrl);  // SLACK_API_URL overrides it
    std::string channel;                                     // a channel ID such as C0123ABCD
    SlackHttpOptions http;
};

class SlackWebApi final : public Notifier {
  public:
    /// `client` must outlive this object.
    SlackWebApi(http::Client& client, TokenProvider token, SlackWebApiConfig config);

    /// Errors: the token provider's error; Auth for invalid_auth, not_authed, token_revoked,
    /// token_expired, account_inactive; RateLimited for a second 429 or ratelimited; Http for
    /// any other error code, status or unreadable answer; Network and Timeout from transport.
    Result<void> post(const Message& message) override;
    std::string destination() const override;

  private:
    http::Client& client_;
    TokenProvider token_;
    SlackWebApiConfig config_;
};

}  // namespace repo2s3::alerts
