#include "repo2s3/webhook/delivery.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"
#include "repo2s3/webhook/signature.hpp"

namespace repo2s3::webhook {
namespace {

constexpr std::size_t kMaxRememberedIds = 100'000;

Verdict verdict(Outcome outcome, int status, std::string message) {
    return {.outcome = outcome, .status = status, .message = std::move(message), .push = {}};
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Accepted:
            return "accepted";
        case Outcome::Rejected:
            return "rejected";
        case Outcome::Ignored:
            return "ignored";
        case Outcome::Duplicate:
            return "duplicate";
    }
    return "rejected";
}

bool DeliveryLog::first_time(const std::string& id, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    while (!order_.empty() &&
           (order_.front().first + keep_ <= now || order_.size() >= kMaxRememberedIds)) {
        ids_.erase(order_.front().second);
        order_.pop_front();
    }
    if (!ids_.insert(id).second) return false;
    order_.emplace_back(now, id);
    return true;
}

Verdict judge_delivery(const Delivery& delivery, std::string_view secret, DeliveryLog& log,
                       DeliveryLog::Clock::time_point now) {
    if (!signature_valid(secret, delivery.body, delivery.signature)) {
        return verdict(Outcome::Rejected, 401,
                       delivery.signature.empty() ? "no X-Hub-Signature-256 header"
                                                  : "the X-Hub-Signature-256 signature is wrong");
    }
    if (!delivery.delivery_id.empty() && !log.first_time(delivery.delivery_id, now)) {
        return verdict(
            Outcome::Duplicate, 200,
            "delivery " + util::printable(delivery.delivery_id) + " was already handled");
    }
    if (delivery.event == "ping") return verdict(Outcome::Ignored, 200, "pong");
    if (delivery.event != "push") {
        return verdict(Outcome::Ignored, 202,
                       "event \"" + util::printable(delivery.event) + "\" is not acted on");
    }
    auto push = parse_push_event(delivery.body);
    if (!push) return verdict(Outcome::Rejected, 400, push.error().message);
    if (push->deleted) {
        return verdict(Outcome::Ignored, 202,
                       "the push deleted " + util::printable(push->ref) + " of " +
                           util::printable(push->full_name) + "; nothing runs");
    }
    auto accepted = verdict(
        Outcome::Accepted, 202,
        "push to " + util::printable(push->ref) + " of " + util::printable(push->full_name));
    accepted.push = std::move(*push);
    return accepted;
}

std::string answer_body(const Verdict& verdict, const std::vector<std::string>& templates) {
    return util::json_text({{"result", outcome_name(verdict.outcome)},
                            {"message", verdict.message},
                            {"templates", templates}});
}

}  // namespace repo2s3::webhook
