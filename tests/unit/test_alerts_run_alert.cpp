#include <gtest/gtest.h>

#include "repo2s3/alerts/run_alert.hpp"

namespace repo2s3::alerts {
namespace {

sync::LocalFile local(std::string path) {
    return {std::move(path), "/tmp/x", 4, "md5"};
}
sync::RemoteObject remote(std::string path) {
    return {"www/" + path, path, "etag", 4, std::nullopt};
}

constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";

job::RunReport planned() {
    job::RunReport report;
    report.template_name = "docs-site";
    report.bucket = "docs-bucket";
    report.prefix = "www/";
    report.source = "octo-org/site@main";
    report.commit_sha = kSha;
    report.outcome.plan.new_files = {local("index.html"), local("a&b.html")};
    report.outcome.plan.modified_files = {local("css/site.css")};
    report.outcome.plan.deletions = {remote("old.html")};
    report.outcome.plan.unchanged = 1204;
    return report;
}

job::RunReport committed() {
    auto report = planned();
    report.outcome.committed = true;
    report.outcome.applied.uploaded = {"a&b.html", "css/site.css", "index.html"};
    report.outcome.applied.deleted = {"old.html"};
    return report;
}

std::string all_text(const Message& message) {
    std::string text = message.title;
    for (const auto& section : message.sections) text += "\n" + section;
    return text;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(RunAlert, CommittedChangeIsImportantAndListsEveryChange) {
    const auto message = message_for_run(committed());
    EXPECT_EQ(message.priority, Priority::Important);
    EXPECT_TRUE(contains(message.title, "docs-site")) << message.title;
    EXPECT_TRUE(contains(message.title, "2 new, 1 modified, 1 deleted")) << message.title;
    const auto text = all_text(message);
    EXPECT_TRUE(contains(text, "s3://docs-bucket/www/"));
    EXPECT_TRUE(contains(text, kSha));
    EXPECT_TRUE(contains(text, "octo-org/site@main"));
    EXPECT_TRUE(contains(text, "*New files uploaded (2):*\n```\nindex.html\na&amp;b.html\n```"))
        << text;
    EXPECT_TRUE(contains(text, "*Modified files uploaded (1):*\n```\ncss/site.css\n```"));
    EXPECT_TRUE(contains(text, "*Files deleted (1):*\n```\nold.html\n```"));
}

TEST(RunAlert, CommittedRunWithNothingToChangeIsSuccess) {
    auto report = committed();
    report.outcome.plan.new_files.clear();
    report.outcome.plan.modified_files.clear();
    report.outcome.plan.deletions.clear();
    report.outcome.applied = {};
    const auto message = message_for_run(report);
    EXPECT_EQ(message.priority, Priority::Success);
    EXPECT_TRUE(contains(message.title, "docs-site is in sync"));
    EXPECT_TRUE(contains(all_text(message), "1,204 unchanged"));
}

TEST(RunAlert, AFailedInvalidationIsImportantEvenWithNothingToSync) {
    auto report = committed();
    report.outcome.plan = {};
    report.outcome.plan.unchanged = 3;
    report.outcome.applied = {};
    report.invalidation = job::InvalidationReport{.distribution_id = "E2QWRUHAPOMQZL",
                                                  .paths = {"/www/a.html"},
                                                  .caller_reference = "repo2s3-x",
                                                  .id = std::nullopt,
                                                  .error = "HTTP 503 ServiceUnavailable",
                                                  .retried = true};
    const auto message = message_for_run(report);
    EXPECT_EQ(message.priority, Priority::Important);
    const auto text = all_text(message);
    EXPECT_TRUE(contains(text,
                         "*CloudFront invalidation failed* (1 path(s) in distribution "
                         "`E2QWRUHAPOMQZL`): HTTP 503 ServiceUnavailable"))
        << text;
    EXPECT_TRUE(contains(text, "The sync stands")) << text;
}

TEST(RunAlert, HeaderUpdatesAndTheInvalidationAreListed) {
    auto report = committed();
    report.outcome.applied.headers_updated = {"about.html"};
    report.invalidation = job::InvalidationReport{.distribution_id = "E1",
                                                  .paths = {"/www/about.html", "/www/index.html"},
                                                  .caller_reference = "repo2s3-x",
                                                  .id = "I2J0I21PCUYOIK",
                                                  .error = std::nullopt,
                                                  .retried = false};
    const auto message = message_for_run(report);
    EXPECT_EQ(message.priority, Priority::Important);
    EXPECT_TRUE(contains(message.title, "1 deleted, 1 with new headers")) << message.title;
    const auto text = all_text(message);
    EXPECT_TRUE(contains(text, "*Files with new headers (1):*\n```\nabout.html\n```")) << text;
    EXPECT_TRUE(contains(text, "CloudFront invalidation `I2J0I21PCUYOIK` of 2 path(s)")) << text;
}

TEST(RunAlert, DryRunIsInformationalAndSaysNothingChanged) {
    const auto message = message_for_run(planned());
    EXPECT_EQ(message.priority, Priority::Informational);
    EXPECT_TRUE(contains(message.title, "dry run"));
    EXPECT_TRUE(contains(all_text(message), "Nothing was changed"));
    EXPECT_TRUE(contains(all_text(message), "*Files to delete (1):*"));
}

TEST(RunAlert, FailureIsAProblemWithTheErrorLine) {
    auto report = planned();
    report.commit_sha.reset();
    report.outcome.plan = {};
    report.error = Error{ErrorKind::Auth, "GitHub answered 401 <Bad credentials> for App 42"};
    const auto message = message_for_run(report);
    EXPECT_EQ(message.priority, Priority::Problem);
    EXPECT_TRUE(contains(message.title, "docs-site failed"));
    const auto text = all_text(message);
    EXPECT_TRUE(contains(text, "*Error:* GitHub answered 401 &lt;Bad credentials&gt; for App 42"))
        << text;
    EXPECT_TRUE(contains(text, "s3://docs-bucket/www/"));
    EXPECT_FALSE(contains(text, "Applied before the failure"));
}

TEST(RunAlert, FailureAfterPartialApplyListsWhatWasApplied) {
    auto report = committed();
    report.outcome.applied.uploaded = {"index.html"};
    report.outcome.applied.deleted = {};
    report.error = Error{ErrorKind::S3, "1 upload(s) failed; first: a&b.html: AccessDenied"};
    const auto message = message_for_run(report);
    EXPECT_EQ(message.priority, Priority::Problem);
    const auto text = all_text(message);
    EXPECT_TRUE(contains(text, "Applied before the failure: 1 new, 0 modified, 0 deleted")) << text;
    EXPECT_TRUE(contains(text, "*New files uploaded (1):*\n```\nindex.html\n```"));
}

TEST(RunAlert, InvalidPayloadIsAProblemNamingTheFile) {
    const auto message = message_for_invalid_payload(
        "templates/site.yaml",
        {ErrorKind::Payload, "templates/site.yaml: missing required key BucketName"});
    EXPECT_EQ(message.priority, Priority::Problem);
    EXPECT_TRUE(contains(message.title, "templates/site.yaml"));
    EXPECT_TRUE(contains(all_text(message), "missing required key BucketName"));
}

TEST(RunAlert, BackticksInNamesCannotBreakInlineCode) {
    auto report = committed();
    report.prefix = "we`ird/";
    const auto text = all_text(message_for_run(report));
    EXPECT_TRUE(contains(text, "`s3://docs-bucket/we'ird/`")) << text;
}

TEST(RunAlert, FiveThousandChangesMakeOneValidMessage) {
    auto report = committed();
    report.outcome.plan.new_files.clear();
    report.outcome.applied.uploaded.clear();
    for (int i = 0; i < 5000; ++i) {
        const std::string path = "assets/img-" + std::to_string(i) + ".png";
        report.outcome.plan.new_files.push_back(local(path));
        report.outcome.applied.uploaded.push_back(path);
    }
    const auto message = message_for_run(report);
    const auto payload = slack_payload(message);
    EXPECT_LE(payload["blocks"].size(), kMaxBlocks);
    for (std::size_t i = 1; i < payload["blocks"].size(); ++i) {
        EXPECT_LE(slack_length(payload["blocks"][i]["text"]["text"].get<std::string>()),
                  kMaxSectionChars);
    }
    EXPECT_TRUE(contains(all_text(message), "more"));
    EXPECT_TRUE(contains(message.title, "5,000 new"));
}

}  // namespace
}  // namespace repo2s3::alerts
