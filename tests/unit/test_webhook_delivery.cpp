#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/webhook/delivery.hpp"
#include "repo2s3/webhook/push_event.hpp"
#include "repo2s3/webhook/signature.hpp"

namespace repo2s3::webhook {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "It's a Secret to Everybody";

TEST(WebhookSignature, MatchesGitHubsDocumentedExample) {
    EXPECT_EQ(signature_header(kSecret, "Hello, World!"),
              "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    EXPECT_TRUE(
        signature_valid(kSecret, "Hello, World!",
                        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    EXPECT_TRUE(
        signature_valid(kSecret, "Hello, World!",
                        "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"));
}

TEST(WebhookSignature, MissingWrongTruncatedOrUnkeyedSignaturesFail) {
    const auto good = signature_header(kSecret, "body");
    EXPECT_FALSE(signature_valid(kSecret, "body", ""));
    EXPECT_FALSE(signature_valid(kSecret, "body", good.substr(0, good.size() - 1)));
    EXPECT_FALSE(signature_valid(kSecret, "body", "sha1=" + good.substr(7)));
    EXPECT_FALSE(signature_valid(kSecret, "body!", good));
    EXPECT_FALSE(signature_valid("another secret", "body", good));
    EXPECT_FALSE(signature_valid("", "body", signature_header("", "body")));
}

std::string push_body(const std::string& full_name = "Octo-Org/Site",
                      const std::string& ref = "refs/heads/main", bool deleted = false) {
    return nlohmann::json{{"ref", ref},
                          {"after", std::string(40, 'a')},
                          {"deleted", deleted},
                          {"repository", {{"full_name", full_name}}}}
        .dump();
}

payload::SyncTemplate site() {
    payload::SyncTemplate t;
    t.organization = "octo-org";
    t.repository = "site";
    t.branch_name = "main";
    return t;
}

TEST(WebhookPushEvent, MatchesRepositoryIgnoringCaseAndTheExactBranchRef) {
    const auto push = parse_push_event(push_body());
    ASSERT_TRUE(push) << push.error().message;
    EXPECT_EQ(push->after, std::string(40, 'a'));
    EXPECT_TRUE(push_matches(site(), *push));
    EXPECT_FALSE(
        push_matches(site(), *parse_push_event(push_body("octo-org/site", "refs/heads/dev"))));
    EXPECT_FALSE(
        push_matches(site(), *parse_push_event(push_body("octo-org/site", "refs/tags/main"))));
    EXPECT_FALSE(push_matches(site(), *parse_push_event(push_body("octo-org/site-2"))));
    EXPECT_FALSE(push_matches(site(), *parse_push_event(push_body("other/site"))));
}

TEST(WebhookPushEvent, ABodyWithoutTheFieldsSaysWhichIsMissing) {
    EXPECT_NE(parse_push_event("not json").error().message.find("not a JSON object"),
              std::string::npos);
    EXPECT_NE(parse_push_event(R"({"ref": "refs/heads/main"})")
                  .error()
                  .message.find("repository.full_name"),
              std::string::npos);
    EXPECT_NE(
        parse_push_event(R"({"repository": {"full_name": "a/b"}})").error().message.find("no ref"),
        std::string::npos);
}

Delivery signed_delivery(const std::string& event, const std::string& body,
                         const std::string& id = "d-1") {
    return {.event = event,
            .delivery_id = id,
            .signature = signature_header(kSecret, body),
            .body = body};
}

TEST(WebhookDelivery, ASignedPushIsAcceptedWithItsEvent) {
    DeliveryLog log;
    const auto verdict = judge_delivery(signed_delivery("push", push_body()), kSecret, log,
                                        DeliveryLog::Clock::now());
    EXPECT_EQ(verdict.outcome, Outcome::Accepted);
    EXPECT_EQ(verdict.status, 202);
    ASSERT_TRUE(verdict.push);
    EXPECT_EQ(verdict.push->ref, "refs/heads/main");
    const auto answer = nlohmann::json::parse(answer_body(verdict, {"site"}));
    EXPECT_EQ(answer["result"], "accepted");
    EXPECT_EQ(answer["templates"], nlohmann::json::array({"site"}));
}

TEST(WebhookDelivery, AnUnsignedOrForgedDeliveryIsRejectedAndDoesNotUseUpItsId) {
    DeliveryLog log;
    const auto now = DeliveryLog::Clock::now();
    auto forged = signed_delivery("push", push_body());
    forged.body = push_body("octo-org/other");
    auto verdict = judge_delivery(forged, kSecret, log, now);
    EXPECT_EQ(verdict.status, 401);
    EXPECT_EQ(verdict.outcome, Outcome::Rejected);
    EXPECT_FALSE(verdict.push);
    auto unsigned_delivery = signed_delivery("push", push_body());
    unsigned_delivery.signature.clear();
    EXPECT_EQ(judge_delivery(unsigned_delivery, kSecret, log, now).status, 401);
    EXPECT_EQ(judge_delivery(signed_delivery("push", push_body()), "", log, now).status, 401);
    // The real delivery with the same id still counts.
    EXPECT_EQ(judge_delivery(signed_delivery("push", push_body()), kSecret, log, now).outcome,
              Outcome::Accepted);
}

TEST(WebhookDelivery, ARepeatedIdWithinTheHourIsADuplicate) {
    DeliveryLog log;
    const auto now = DeliveryLog::Clock::now();
    const auto delivery = signed_delivery("push", push_body(), "same-id");
    EXPECT_EQ(judge_delivery(delivery, kSecret, log, now).outcome, Outcome::Accepted);
    const auto again = judge_delivery(delivery, kSecret, log, now + 59min);
    EXPECT_EQ(again.outcome, Outcome::Duplicate);
    EXPECT_EQ(again.status, 200);
    EXPECT_FALSE(again.push);
    EXPECT_EQ(judge_delivery(delivery, kSecret, log, now + 61min).outcome, Outcome::Accepted);
}

TEST(WebhookDelivery, PingOtherEventsDeletedBranchesAndBadBodies) {
    DeliveryLog log;
    const auto now = DeliveryLog::Clock::now();
    const auto ping = judge_delivery(signed_delivery("ping", "{}", "p"), kSecret, log, now);
    EXPECT_EQ(ping.status, 200);
    EXPECT_EQ(ping.outcome, Outcome::Ignored);
    const auto issue = judge_delivery(signed_delivery("issues", "{}", "i"), kSecret, log, now);
    EXPECT_EQ(issue.status, 202);
    EXPECT_EQ(issue.outcome, Outcome::Ignored);
    const auto deleted = judge_delivery(
        signed_delivery("push", push_body("octo-org/site", "refs/heads/main", true), "x"), kSecret,
        log, now);
    EXPECT_EQ(deleted.status, 202);
    EXPECT_EQ(deleted.outcome, Outcome::Ignored);
    EXPECT_FALSE(deleted.push);
    const auto bad = judge_delivery(signed_delivery("push", "[1, 2", "b"), kSecret, log, now);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.outcome, Outcome::Rejected);
}

}  // namespace
}  // namespace repo2s3::webhook
