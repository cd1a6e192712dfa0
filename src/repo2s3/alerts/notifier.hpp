#pragma once
// Where alerts go. Slack is the one implementation today (Web API or incoming webhook); the
// run front ends (CLI, scheduler, Lambda) only see this interface.

#include <optional>
#include <string>

#include "repo2s3/alerts/message.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::alerts {

class Notifier {
  public:
    virtual ~Notifier() = default;
    Notifier() = default;
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;
    Notifier(Notifier&&) = delete;
    Notifier& operator=(Notifier&&) = delete;

    /// Posts one message. Errors name the destination and the service's own error code
    /// (e.g. channel_not_found); never a token or a webhook's secret path.
    virtual Result<void> post(const Message& message) = 0;

    /// Where messages go, safe for logs: "Slack channel C0123", "Slack webhook https://host/…".
    virtual std::string destination() const = 0;
};

struct Delivery {
    bool wanted = false;  // the configured level asked for this message
    bool sent = false;
    std::optional<Error> error;  // why a wanted message was not sent
};

/// Posts `message` when `level` wants it (see should_send) and a notifier is set, and logs the
/// outcome: a failure is logged as an error with the service's error code.
Delivery deliver(Notifier* notifier, Priority level, const Message& message);

}  // namespace repo2s3::alerts
