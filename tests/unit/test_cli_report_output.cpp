#include <gtest/gtest.h>

#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::cli {
namespace {

sync::LocalFile local(std::string path) {
    return {std::move(path), "/tmp/x", 4, "md5"};
}
sync::RemoteObject remote(std::string path) {
    return {"p/" + path, path, "etag", 4, std::nullopt};
}

job::RunReport planned_report() {
    job::RunReport report;
    report.template_name = "site";
    report.bucket = "bucket";
    report.prefix = "p/";
    report.duration_ms = 1800;
    report.commit_sha = "abc1234def5678abc1234def5678abc1234def56";
    report.outcome.plan.new_files = {local("a.txt"), local("b.txt"), local("c.txt")};
    report.outcome.plan.modified_files = {local("m.txt")};
    report.outcome.plan.deletions = {remote("x.txt"), remote("y.txt")};
    report.outcome.plan.unchanged = 1204;
    return report;
}

job::RunReport committed_report() {
    auto report = planned_report();
    report.outcome.committed = true;
    report.outcome.applied.uploaded = {"a.txt", "b.txt", "c.txt", "m.txt"};
    report.outcome.applied.deleted = {"x.txt", "y.txt"};
    report.outcome.applied.bytes_uploaded = 16;
    return report;
}

std::string last_line(const std::string& text) {
    const auto end = text.find_last_not_of('\n');
    const auto start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

TEST(ReportText, CommittedRunEndsWithTheSummaryLine) {
    EXPECT_EQ(last_line(report_text(committed_report())),
              "synced 3 new, 1 modified, 2 deleted, 1,204 unchanged in 1.8 s (commit abc1234)");
}

TEST(ReportText, HeaderUpdatesAreMarkedAndTheInvalidationFollowsTheSummary) {
    auto report = committed_report();
    report.outcome.applied.headers_updated = {"h.html"};
    report.invalidation = job::InvalidationReport{.distribution_id = "E1",
                                                  .paths = {"/p/a.txt"},
                                                  .caller_reference = "repo2s3-x",
                                                  .id = std::nullopt,
                                                  .error = "CloudFront said no",
                                                  .retried = false};
    const auto text = report_text(report);
    EXPECT_NE(text.find("  = h.html\n"), std::string::npos) << text;
    EXPECT_NE(text.find("2 deleted, 1 headers updated, 1,204 unchanged"), std::string::npos)
        << text;
    EXPECT_EQ(last_line(text),
              "CloudFront invalidation of 1 path(s) in E1 failed: CloudFront said no; the sync "
              "stands and the next run sends it again");
    const auto json = report_json(report, false);
    EXPECT_EQ(json["headers_updated"], nlohmann::json::array({"h.html"}));
    EXPECT_EQ(json["invalidation"]["error"], "CloudFront said no");
    EXPECT_TRUE(json["invalidation"]["id"].is_null());
    EXPECT_EQ(json["invalidation"]["paths"], nlohmann::json::array({"/p/a.txt"}));
    EXPECT_TRUE(report_json(committed_report(), false)["invalidation"].is_null());
}

TEST(ReportText, DryRunSaysNothingChangedAndHowToApply) {
    const auto text = report_text(planned_report());
    EXPECT_NE(text.find("  + a.txt\n"), std::string::npos);
    EXPECT_NE(text.find("  ~ m.txt\n"), std::string::npos);
    EXPECT_NE(text.find("  - x.txt\n"), std::string::npos);
    EXPECT_EQ(last_line(text).rfind(
                  "dry run, nothing changed: 3 new, 1 modified, 2 deleted, 1,204 unchanged", 0),
              0u)
        << text;
}

TEST(ReportText, ACommittedRunWithNothingToDoSaysSoAsADryRunDoes) {
    job::RunReport report;
    report.template_name = "site";
    report.bucket = "bucket";
    report.duration_ms = 300;
    report.outcome.plan.unchanged = 12;
    const std::string expected =
        "nothing to do: 0 new, 0 modified, 0 deleted, 12 unchanged in 0.3 s";
    EXPECT_EQ(last_line(report_text(report)), expected);
    report.outcome.committed = true;
    EXPECT_EQ(last_line(report_text(report)), expected);
}

job::RunReport unchanged_report(bool committed) {
    job::RunReport report;
    report.template_name = "site";
    report.bucket = "bucket";
    report.duration_ms = 200;
    report.outcome.committed = committed;
    report.outcome.plan.unchanged = 3012;
    report.state = job::StateReport{
        .location = "s3://bucket/.repo2s3/state/state.json.gz",
        .use = job::StateReport::Use::Unchanged,
        .detail = "the branch is unchanged at abc1234; the bucket is as the last run left it"};
    return report;
}

TEST(ReportText, AnUnchangedBranchSaysWhyThereIsNothingToDoInDryAndCommittedRuns) {
    const std::string expected =
        "nothing to do: the branch is unchanged at abc1234; the bucket is as the last run left "
        "it (3,012 object(s), 0.2 s)";
    EXPECT_EQ(last_line(report_text(unchanged_report(false))), expected);
    EXPECT_EQ(last_line(report_text(unchanged_report(true))), expected);
}

TEST(ReportText, ARepairedDriftIsNamedAboveTheSummary) {
    auto report = committed_report();
    report.state = job::StateReport{.location = "/var/lib/repo2s3/b/_root.state.json.gz",
                                    .use = job::StateReport::Use::Drifted,
                                    .detail = "the bucket drifted since the last run (1 missing)"};
    const auto text = report_text(report);
    EXPECT_NE(text.find("\n  the bucket drifted since the last run (1 missing)\nsynced "),
              std::string::npos)
        << text;
}

TEST(ReportJson, StateIsNullWithoutStateOrSaysHowItWasUsed) {
    EXPECT_TRUE(report_json(planned_report())["state"].is_null());
    auto report = unchanged_report(true);
    report.state->saved = true;
    const auto state = report_json(report)["state"];
    EXPECT_EQ(state["location"], "s3://bucket/.repo2s3/state/state.json.gz");
    EXPECT_EQ(state["use"], "unchanged");
    EXPECT_EQ(state["detail"],
              "the branch is unchanged at abc1234; the bucket is as the last run left it");
    EXPECT_EQ(state["saved"], true);
}

TEST(ReportText, DryAndCommittedSummariesCountInTheSameWords) {
    const auto dry = last_line(report_text(planned_report()));
    const auto committed = last_line(report_text(committed_report()));
    const std::string counts = "3 new, 1 modified, 2 deleted, 1,204 unchanged in 1.8 s";
    EXPECT_NE(dry.find(counts), std::string::npos) << dry;
    EXPECT_NE(committed.find(counts), std::string::npos) << committed;
}

TEST(ReportText, ADryRunShowsWhatTheDeleteGuardWouldDo) {
    auto report = planned_report();
    report.outcome.delete_guard = sync::DeleteGuard{2, 3, 50};
    const auto text = report_text(report);
    EXPECT_NE(text.find("  mass-delete guard: the plan deletes 2 of the 3 objects under "
                        "s3://bucket/p/ (66.7%), more than MaxDeletePercent (50%); a committed "
                        "run would delete nothing."),
              std::string::npos)
        << text;
}

TEST(ReportJson, TheDeleteGuardIsNullOrItsNumbers) {
    EXPECT_TRUE(report_json(planned_report())["delete_guard"].is_null());
    auto report = committed_report();
    report.outcome.delete_guard = sync::DeleteGuard{1200, 1500, 50};
    const auto guard = report_json(report)["delete_guard"];
    EXPECT_EQ(guard["deletions"], 1200);
    EXPECT_EQ(guard["listed"], 1500);
    EXPECT_EQ(guard["max_percent"], 50);
    EXPECT_EQ(guard["withheld"], true);
}

TEST(ReportJson, TextThatIsNotUtf8NeverBreaksTheDocument) {
    auto report = committed_report();
    report.error = Error{ErrorKind::Http, "GitHub: HTTP 502: <html>\xE2\x80"};
    report.outcome.plan.new_files.push_back(local("bad\xFFname"));
    report.outcome.applied.uploaded.push_back("bad\xFFname");
    const std::string text = util::json_text(report_json(report));
    const auto parsed = nlohmann::json::parse(text);
    const auto error = parsed["error"].get<std::string>();
    EXPECT_EQ(error, "GitHub: HTTP 502: <html>\xEF\xBF\xBD");  // the cut sequence, replaced
    EXPECT_EQ(parsed["new"].back(), "bad\xEF\xBF\xBDname");
}

TEST(ReportText, FailureEndsWithTheError) {
    auto report = committed_report();
    report.error = Error{ErrorKind::S3, "S3 PutObject failed"};
    EXPECT_EQ(last_line(report_text(report)), "failed: S3 PutObject failed");
}

TEST(ReportJson, CommittedRunListsOnlyWhatWasApplied) {
    auto report = committed_report();
    report.outcome.applied.uploaded = {"a.txt", "m.txt"};  // b and c failed
    report.outcome.applied.deleted = {};
    report.outcome.timings = {{"hash", 5}, {"list", 7}};
    const auto json = report_json(report);
    EXPECT_EQ(json["template"], "site");
    EXPECT_EQ(json["bucket"], "bucket");
    EXPECT_EQ(json["prefix"], "p/");
    EXPECT_EQ(json["commit"], "abc1234def5678abc1234def5678abc1234def56");
    EXPECT_EQ(json["committed"], true);
    EXPECT_EQ(json["new"], nlohmann::json::array({"a.txt"}));
    EXPECT_EQ(json["modified"], nlohmann::json::array({"m.txt"}));
    EXPECT_EQ(json["deleted"], nlohmann::json::array());
    EXPECT_EQ(json["unchanged"], 1204);
    EXPECT_EQ(json["bytes_uploaded"], 16);
    EXPECT_EQ(json["duration_ms"], 1800);
    EXPECT_EQ(json["timings_ms"]["list"], 7);
    EXPECT_TRUE(json["error"].is_null());
}

TEST(ReportJson, DryRunListsThePlanAndLocalSourcesHaveNoCommit) {
    auto report = planned_report();
    report.commit_sha.reset();
    const auto json = report_json(report);
    EXPECT_EQ(json["committed"], false);
    EXPECT_EQ(json["new"].size(), 3u);
    EXPECT_EQ(json["deleted"], nlohmann::json::array({"x.txt", "y.txt"}));
    EXPECT_TRUE(json["commit"].is_null());
}

TEST(ReportJson, TimesEveryPhaseAndSaysWhetherTheAlertWasSent) {
    auto report = committed_report();
    report.outcome.timings = {{"auth", 3}, {"branch", 1}, {"download", 40}, {"extract", 9},
                              {"hash", 5}, {"list", 7},   {"upload", 20},   {"delete", 2}};
    const auto json = report_json(report, true);
    EXPECT_EQ(json["alert_sent"], true);
    EXPECT_EQ(json["timings_ms"], nlohmann::json({{"auth", 3},
                                                  {"branch", 1},
                                                  {"download", 40},
                                                  {"extract", 9},
                                                  {"hash", 5},
                                                  {"list", 7},
                                                  {"upload", 20},
                                                  {"delete", 2}}));
}

TEST(ReportJson, PhasesThatDidNotRunAreZeroAndNoAlertIsFalse) {
    auto report = planned_report();
    report.outcome.timings = {{"extract", 4}, {"hash", 5}, {"list", 7}};
    const auto json = report_json(report);
    EXPECT_EQ(json["alert_sent"], false);
    EXPECT_EQ(json["timings_ms"], nlohmann::json({{"auth", 0},
                                                  {"branch", 0},
                                                  {"download", 0},
                                                  {"extract", 4},
                                                  {"hash", 5},
                                                  {"list", 7},
                                                  {"upload", 0},
                                                  {"delete", 0}}));
}

TEST(WithThousands, GroupsDigits) {
    EXPECT_EQ(with_thousands(0), "0");
    EXPECT_EQ(with_thousands(999), "999");
    EXPECT_EQ(with_thousands(1204), "1,204");
    EXPECT_EQ(with_thousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace repo2s3::cli
