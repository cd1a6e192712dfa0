#pragma once
// Judging one webhook delivery from GitHub, the same in `watch` and in Lambda: the signature
// first (nothing is believed before it), then a repeated delivery id, then the event. Pure but
// for the delivery log, which remembers ids for an hour.

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "repo2s3/webhook/push_event.hpp"

namespace repo2s3::webhook {

/// The largest body accepted; a larger one is answered 413 unread.
inline constexpr std::size_t kMaxBodyBytes = 25 * 1024 * 1024;

/// One delivery as it arrived.
struct Delivery {
    std::string event;        // X-GitHub-Event
    std::string delivery_id;  // X-GitHub-Delivery
    std::string signature;    // X-Hub-Signature-256
    std::string body;         // raw, as signed
};

enum class Outcome { Accepted, Rejected, Ignored, Duplicate };
/// "accepted", "rejected", "ignored", "duplicate": the metric's label.
std::string_view outcome_name(Outcome outcome);

struct Verdict {
    Outcome outcome = Outcome::Rejected;
    int status = 401;
    std::string message;            // for the log and the answer
    std::optional<PushEvent> push;  // Accepted: the push to match against the templates
};

/// Delivery ids seen in the last hour (at most 100,000 of them). Thread-safe.
class DeliveryLog {
  public:
    using Clock = std::chrono::steady_clock;
    explicit DeliveryLog(std::chrono::seconds keep = std::chrono::hours(1)) : keep_(keep) {}
    /// Remembers `id`; false when it was already seen within the last hour.
    bool first_time(const std::string& id, Clock::time_point now);

  private:
    std::chrono::seconds keep_;
    std::mutex mutex_;
    std::deque<std::pair<Clock::time_point, std::string>> order_;
    std::unordered_set<std::string> ids_;
};

/// What to answer, and what to run:
/// - a missing or wrong signature (or no secret): 401, rejected;
/// - a delivery id seen within the hour: 200, duplicate;
/// - ping: 200; another event, or a push that deleted its branch: 202, ignored;
/// - a push that is not valid JSON with repository.full_name and ref: 400, rejected;
/// - a push: 202, accepted, with the event.
Verdict judge_delivery(const Delivery& delivery, std::string_view secret, DeliveryLog& log,
                       DeliveryLog::Clock::time_point now);

/// The JSON body of the answer: {"result", "message", "templates"} (the templates the push
/// matched).
std::string answer_body(const Verdict& verdict, const std::vector<std::string>& templates);

}  // namespace repo2s3::webhook
