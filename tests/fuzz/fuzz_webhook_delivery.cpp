// webhook::judge_delivery on any body and event name, signed with the right secret or not.
// Input: byte 0 picks the event (bits 0-1: push, ping, issues, or the next 8 bytes as the name)
// and whether the delivery is signed correctly (bit 2); the rest is the body.
//   Unsigned (or wrongly signed): 401, rejected, no push, and the id is not remembered.
//   Signed: ping is 200; a push is 202 accepted with the event parse_push_event gives (not
//   deleted), 202 ignored when deleted, or 400 rejected when parse_push_event refuses it; any
//   other event is 202 ignored. The same delivery again is a 200 duplicate.
//   answer_body() is always a JSON object with result, message and templates.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_check.hpp"
#include "repo2s3/webhook/delivery.hpp"
#include "repo2s3/webhook/push_event.hpp"
#include "repo2s3/webhook/signature.hpp"

namespace {

using namespace repo2s3;

void check_answer(const webhook::Verdict& verdict) {
    const auto answer = nlohmann::json::parse(webhook::answer_body(verdict, {"t"}), nullptr, false);
    FUZZ_CHECK(answer.is_object() && answer["result"] == webhook::outcome_name(verdict.outcome) &&
               answer["message"].is_string() && answer["templates"].size() == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string secret = "fuzz secret";
    std::string_view rest = fuzz::as_text(data + 1, size - 1);
    std::string event;
    switch (data[0] & 3) {
        case 0:
            event = "push";
            break;
        case 1:
            event = "ping";
            break;
        case 2:
            event = "issues";
            break;
        default:
            event = std::string(rest.substr(0, 8));
            rest.remove_prefix(event.size());
    }
    const bool signed_right = (data[0] & 4) != 0;
    const std::string body(rest);
    webhook::Delivery delivery{.event = event,
                               .delivery_id = "id",
                               .signature = signed_right ? webhook::signature_header(secret, body)
                                                         : webhook::signature_header("other", body),
                               .body = body};
    webhook::DeliveryLog log;
    const auto now = webhook::DeliveryLog::Clock::now();
    const auto verdict = webhook::judge_delivery(delivery, secret, log, now);
    check_answer(verdict);
    if (!signed_right) {
        FUZZ_CHECK(verdict.status == 401 && verdict.outcome == webhook::Outcome::Rejected &&
                   !verdict.push);
        FUZZ_CHECK(log.first_time("id", now));
        return 0;
    }
    if (event == "ping") {
        FUZZ_CHECK(verdict.status == 200 && !verdict.push);
    } else if (event == "push") {
        const auto push = webhook::parse_push_event(body);
        if (!push) {
            FUZZ_CHECK(verdict.status == 400 && verdict.outcome == webhook::Outcome::Rejected);
        } else if (push->deleted) {
            FUZZ_CHECK(verdict.status == 202 && verdict.outcome == webhook::Outcome::Ignored);
        } else {
            FUZZ_CHECK(verdict.status == 202 && verdict.outcome == webhook::Outcome::Accepted &&
                       verdict.push && verdict.push->full_name == push->full_name &&
                       verdict.push->ref == push->ref);
        }
    } else {
        FUZZ_CHECK(verdict.status == 202 && verdict.outcome == webhook::Outcome::Ignored);
    }
    const auto again = webhook::judge_delivery(delivery, secret, log, now);
    FUZZ_CHECK(again.outcome == webhook::Outcome::Duplicate && again.status == 200);
    check_answer(again);
    return 0;
}
