// SyncHandler: SQS batches with per-record failures, direct invocations, the commit switch and
// the deadline margin, with a scripted run function and clock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "repo2s3/lambda/handler.hpp"

namespace repo2s3::lambda {
namespace {

using namespace std::chrono_literals;
using SystemClock = std::chrono::system_clock;

std::string template_json(const std::string& name, const std::string& bucket = "bucket-a") {
    return nlohmann::json{{"TemplateName", name},
                          {"TemplateDescription", "test"},
                          {"Organization", "octo-org"},
                          {"Repository", "site"},
                          {"BranchName", "main"},
                          {"GitHubAppId", "123456"},
                          {"GitHubInstallationId", "98765432"},
                          {"BucketName", bucket},
                          {"BucketRegion", "us-east-1"},
                          {"ExtractZipContents", true}}
        .dump();
}

std::string template_yaml(const std::string& name) {
    return "TemplateName: " + name +
           "\nTemplateDescription: test\nOrganization: octo-org\nRepository: site\n"
           "BranchName: main\nGitHubAppId: \"123456\"\nGitHubInstallationId: \"98765432\"\n"
           "BucketName: bucket-b\nBucketRegion: us-east-1\nExtractZipContents: true\n";
}

nlohmann::json record(const std::string& id, const std::string& body) {
    return {{"messageId", id}, {"body", body}, {"eventSource", "aws:sqs"}};
}

std::string sqs_event(const std::vector<nlohmann::json>& records) {
    return nlohmann::json{{"Records", records}}.dump();
}

std::vector<std::string> failed_ids(const std::string& response) {
    std::vector<std::string> ids;
    const auto document = nlohmann::json::parse(response);
    EXPECT_EQ(document.size(), 1u) << response;  // nothing but batchItemFailures
    for (const auto& item : document.at("batchItemFailures")) {
        ids.push_back(item.at("itemIdentifier").get<std::string>());
    }
    return ids;
}

class SyncHandlerTest : public ::testing::Test {
  protected:
    /// A handler whose runs are recorded; a template named in `failing` fails its run, and
    /// each run takes `run_duration` of the fake clock.
    SyncHandler handler(HandlerSettings settings = {}) {
        return SyncHandler(
            [this](const payload::SyncTemplate& sync_template, bool commit,
                   const util::Deadline& deadline) {
                if (sync_template.template_name == "Throws") throw std::runtime_error("boom");
                runs.emplace_back(sync_template.template_name, commit);
                deadlines.push_back(deadline);
                now += run_duration;
                job::RunReport report;
                report.template_name = sync_template.template_name;
                report.bucket = sync_template.bucket_name;
                report.commit_sha = "0123456789abcdef0123456789abcdef01234567";
                if (failing.count(sync_template.template_name) != 0) {
                    report.error = Error{ErrorKind::S3, "AccessDenied: no write access"};
                }
                return report;
            },
            [](const job::RunReport& report) {
                return nlohmann::json{{"template", report.template_name}}.dump();
            },
            settings, [this] { return now; });
    }

    Invocation invocation(std::string body,
                          std::optional<SystemClock::duration> time_left = std::nullopt) {
        Invocation result;
        result.request_id = "req-1";
        result.body = std::move(body);
        if (time_left) result.deadline = now + *time_left;
        return result;
    }

    SystemClock::time_point now = SystemClock::time_point(1700000000000ms);
    SystemClock::duration run_duration = 0ms;
    std::vector<util::Deadline> deadlines;
    std::set<std::string> failing;
    std::vector<std::pair<std::string, bool>> runs;
};

TEST_F(SyncHandlerTest, AnHttpRequestGoesToTheWebhookAndNeverRunsATemplate) {
    const std::string request = R"({"rawPath": "/webhooks/github", "headers": {"X-A": "b"},
        "requestContext": {"http": {"method": "POST"}}, "body": "{}"})";
    auto without = handler();
    const auto unanswered = without.handle(invocation(request));
    ASSERT_TRUE(unanswered);
    EXPECT_EQ(nlohmann::json::parse(*unanswered)["statusCode"], 404);

    std::vector<std::string> seen;
    SyncHandler with(
        [this](const payload::SyncTemplate& t, bool, const util::Deadline&) {
            runs.emplace_back(t.template_name, false);
            return job::RunReport{};
        },
        [](const job::RunReport&) { return std::string("{}"); }, {}, [this] { return now; },
        [&seen](const HttpRequest& r) {
            seen.push_back(r.method + " " + r.path + " " + r.headers.at("x-a"));
            return HttpReply{.status = 202, .body = R"({"result":"accepted"})"};
        });
    const auto answered = with.handle(invocation(request));
    ASSERT_TRUE(answered);
    const auto response = nlohmann::json::parse(*answered);
    EXPECT_EQ(response["statusCode"], 202);
    EXPECT_EQ(response["body"], R"({"result":"accepted"})");
    EXPECT_EQ(seen, std::vector<std::string>{"POST /webhooks/github b"});
    EXPECT_TRUE(runs.empty());
}

TEST_F(SyncHandlerTest, BatchReportsExactlyTheInvalidRecord) {
    auto h = handler();
    const auto reply = h.handle(invocation(sqs_event({
        record("m-1", template_json("First")),
        record("m-2", "TemplateName: Broken\nBucketName: [unclosed\n"),
        record("m-3", template_yaml("Third")),
    })));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(failed_ids(*reply), std::vector<std::string>{"m-2"});
    const std::vector<std::pair<std::string, bool>> expected = {{"First", false}, {"Third", false}};
    EXPECT_EQ(runs, expected);
}

TEST_F(SyncHandlerTest, RecordsWithMissingKeysOrNonTemplatesFail) {
    auto h = handler();
    const auto reply = h.handle(invocation(sqs_event({
        record("m-1", R"({"TemplateName": "NoBucket"})"),
        record("m-2", "just words"),
        record("m-3", ""),
        record("m-4", template_json("Good")),
    })));
    ASSERT_TRUE(reply);
    EXPECT_EQ(failed_ids(*reply), (std::vector<std::string>{"m-1", "m-2", "m-3"}));
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].first, "Good");
}

TEST_F(SyncHandlerTest, AFailedSyncIsABatchItemFailureAndTheOthersStillRun) {
    failing = {"Second"};
    auto h = handler();
    const auto reply = h.handle(invocation(sqs_event({
        record("m-1", template_json("First")),
        record("m-2", template_json("Second")),
        record("m-3", template_json("Third")),
    })));
    ASSERT_TRUE(reply);
    EXPECT_EQ(failed_ids(*reply), std::vector<std::string>{"m-2"});
    EXPECT_EQ(runs.size(), 3u);
}

TEST_F(SyncHandlerTest, AllGoodIsAnEmptyFailureList) {
    auto h = handler();
    const auto reply = h.handle(invocation(sqs_event({record("m-1", template_json("Only"))})));
    ASSERT_TRUE(reply);
    EXPECT_EQ(*reply, R"({"batchItemFailures":[]})");
}

TEST_F(SyncHandlerTest, CommitFollowsTheSettings) {
    auto h = handler({.commit = true});
    ASSERT_TRUE(h.handle(invocation(sqs_event({record("m-1", template_json("A"))}))));
    ASSERT_TRUE(h.handle(invocation(template_json("B"))));
    const std::vector<std::pair<std::string, bool>> expected = {{"A", true}, {"B", true}};
    EXPECT_EQ(runs, expected);
}

TEST_F(SyncHandlerTest, NoRecordStartsWithinTheMarginOfTheDeadline) {
    auto h = handler({.deadline_margin = 30s});
    const auto reply = h.handle(invocation(
        sqs_event({record("m-1", template_json("A")), record("m-2", template_json("B"))}), 30s));
    ASSERT_TRUE(reply);
    EXPECT_EQ(failed_ids(*reply), (std::vector<std::string>{"m-1", "m-2"}));
    EXPECT_TRUE(runs.empty());
}

TEST_F(SyncHandlerTest, RecordsStopStartingWhenTheRunsUseUpTheTime) {
    run_duration = 20s;
    auto h = handler({.deadline_margin = 30s});
    // 75 s left: the first run starts with 75 s left, the second with 55 s, the third would
    // start with 35 s, the fourth with 15 s: not started.
    const auto reply = h.handle(invocation(sqs_event({
                                               record("m-1", template_json("A")),
                                               record("m-2", template_json("B")),
                                               record("m-3", template_json("C")),
                                               record("m-4", template_json("D")),
                                               record("m-5", "not even checked"),
                                           }),
                                           75s));
    ASSERT_TRUE(reply);
    EXPECT_EQ(failed_ids(*reply), (std::vector<std::string>{"m-4", "m-5"}));
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[2].first, "C");
}

TEST_F(SyncHandlerTest, WithoutADeadlineEveryRecordRuns) {
    run_duration = 1h;
    auto h = handler({.deadline_margin = 30s});
    const auto reply = h.handle(invocation(
        sqs_event({record("m-1", template_json("A")), record("m-2", template_json("B"))})));
    ASSERT_TRUE(reply);
    EXPECT_TRUE(failed_ids(*reply).empty());
    EXPECT_EQ(runs.size(), 2u);
}

TEST_F(SyncHandlerTest, AnEventThatIsNotUnderstoodIsAFunctionError) {
    auto h = handler();
    for (const char* body : {"not json", R"({"Records": [{"body": "no id"}]})", "[]"}) {
        const auto reply = h.handle(invocation(body));
        ASSERT_FALSE(reply) << body;
        EXPECT_EQ(reply.error().type, kInvalidEvent);
        EXPECT_FALSE(reply.error().message.empty());
    }
    EXPECT_TRUE(runs.empty());
}

TEST_F(SyncHandlerTest, DirectPayloadAnswersWithTheReport) {
    auto h = handler();
    const auto reply = h.handle(invocation(template_json("Direct"), 10min));
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(nlohmann::json::parse(*reply)["template"], "Direct");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_FALSE(runs[0].second);
}

TEST_F(SyncHandlerTest, DirectInvalidPayloadIsAnInvalidPayloadError) {
    auto h = handler();
    const auto reply = h.handle(invocation(R"({"TemplateName": "NoBucket"})"));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().type, kInvalidPayload);
    EXPECT_NE(reply.error().message.find("event: missing required key"), std::string::npos)
        << reply.error().message;
    EXPECT_TRUE(runs.empty());
}

TEST_F(SyncHandlerTest, DirectFailedSyncIsASyncFailedErrorNamingTheTemplate) {
    failing = {"Direct"};
    auto h = handler();
    const auto reply = h.handle(invocation(template_json("Direct")));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().type, kSyncFailed);
    EXPECT_EQ(reply.error().message, "Direct: AccessDenied: no write access");
}

TEST_F(SyncHandlerTest, DirectPayloadIsNotStartedTooCloseToTheDeadline) {
    auto h = handler({.deadline_margin = 30s});
    const auto reply = h.handle(invocation(template_json("Direct"), 29s));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().type, kDeadlineExceeded);
    EXPECT_NE(reply.error().message.find("30000 ms safety margin"), std::string::npos)
        << reply.error().message;
    EXPECT_TRUE(runs.empty());
}

TEST_F(SyncHandlerTest, ARecordThatThrowsFailsAloneAndTheOthersRun) {
    auto h = handler();
    const auto reply = h.handle(invocation(
        sqs_event({record("m-1", template_json("Throws")), record("m-2", template_json("B"))})));
    ASSERT_TRUE(reply);
    EXPECT_EQ(failed_ids(*reply), std::vector<std::string>{"m-1"});
    const std::vector<std::pair<std::string, bool>> expected = {{"B", false}};
    EXPECT_EQ(runs, expected);
}

TEST_F(SyncHandlerTest, EachRunStopsAtTheMarginBeforeTheDeadline) {
    auto h = handler({.deadline_margin = 30s});
    const auto before = util::Deadline::Clock::now();
    ASSERT_TRUE(h.handle(invocation(sqs_event({record("m-1", template_json("A"))}), 90s)));
    ASSERT_EQ(deadlines.size(), 1U);
    ASSERT_TRUE(deadlines[0].bounded());
    const auto budget = *deadlines[0].at() - before;
    EXPECT_GE(budget, 59s);
    EXPECT_LE(budget, 61s);
    ASSERT_TRUE(h.handle(invocation(sqs_event({record("m-1", template_json("A"))}))));
    EXPECT_FALSE(deadlines[1].bounded());
}

TEST(LambdaRunDeadline, IsTheMarginBeforeTheInvocationsDeadline) {
    const auto now = SystemClock::now();
    EXPECT_FALSE(run_deadline(std::nullopt, now, 30s).bounded());
    const auto left = run_deadline(now + 100s, now, 30s).remaining();
    EXPECT_GE(left, 69s);
    EXPECT_LE(left, 70s);
    EXPECT_TRUE(run_deadline(now + 10s, now, 30s).expired());
}

TEST(LambdaMayStart, OnlyWithMoreThanTheMarginLeft) {
    const auto now = SystemClock::time_point(1700000000000ms);
    EXPECT_TRUE(may_start(std::nullopt, now, 30s));
    EXPECT_TRUE(may_start(now + 30001ms, now, 30s));
    EXPECT_FALSE(may_start(now + 30s, now, 30s));
    EXPECT_FALSE(may_start(now + 1s, now, 30s));
    EXPECT_FALSE(may_start(now - 1s, now, 30s));  // already past
    EXPECT_TRUE(may_start(now + 1ms, now, 0ms));
    EXPECT_FALSE(may_start(now, now, 0ms));
}

}  // namespace
}  // namespace repo2s3::lambda
