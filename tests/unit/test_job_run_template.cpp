#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "repo2s3/job/run_template.hpp"
#include "repo2s3/lease/lease_record.hpp"
#include "repo2s3/util/utf8.hpp"
#include "support/fake_object_store.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::job {
namespace {

/// A store whose listing throws, as a bug deep in a parser would.
class ThrowingStore final : public testing::FakeObjectStore {
  public:
    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string&) override {
        throw std::runtime_error("[json.exception.type_error.316] invalid UTF-8 byte \xE2\x80");
    }
};

payload::SyncTemplate site() {
    payload::SyncTemplate t;
    t.template_name = "site";
    t.repository = "site";
    t.bucket_name = "bucket";
    t.key_prefix = "www/";
    t.delete_missing_files = true;
    return t;
}

TEST(RunTemplate, AnExceptionIsTheRunsFailureWithAReport) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    ThrowingStore store;
    Services services{.store = store, .content_type_for = {}};
    const auto report =
        run_template(site(), {.directory = dir.path().string()}, {.commit = true}, services);
    ASSERT_TRUE(report.error);
    EXPECT_EQ(report.error->kind, ErrorKind::Internal);
    EXPECT_EQ(report.error->message.rfind("internal error: [json.exception.type_error.316]", 0), 0U)
        << report.error->message;
    EXPECT_TRUE(util::is_valid_utf8(report.error->message));
    EXPECT_EQ(report.template_name, "site");
    EXPECT_EQ(report.target(), "s3://bucket/www/");
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

TEST(RunTemplate, TheTemplatesMaxDeletePercentAppliesUnlessOverridden) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    testing::FakeObjectStore store;
    for (int i = 0; i < 20; ++i) store.objects["www/old-" + std::to_string(i)] = {"x", 1};
    Services services{.store = store, .content_type_for = {}};
    auto t = site();
    t.max_delete_percent = 50;
    const auto guarded = run_template(t, {.directory = dir.path().string()}, {}, services);
    ASSERT_TRUE(guarded.outcome.delete_guard);
    EXPECT_EQ(guarded.outcome.delete_guard->max_percent, 50U);
    const auto overridden =
        run_template(t, {.directory = dir.path().string()}, {.max_delete_percent = 100}, services);
    EXPECT_FALSE(overridden.outcome.delete_guard);
}

// --- the destination's lease ------------------------------------------------------------------

const std::string kLeaseKey = ".repo2s3/lease/www/lease.json";

std::string someone_elses_lease(std::chrono::system_clock::duration left) {
    return lease::lease_json({.owner = "other",
                              .host = "build-7",
                              .pid = 99,
                              .template_name = "site",
                              .expires = std::chrono::system_clock::now() + left});
}

/// A store in which another run takes the lease over while the bucket is being listed.
class LeaseStealingStore final : public testing::FakeObjectStore {
  public:
    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string& prefix) override {
        set_object(kLeaseKey,
                   {.etag = "stolen", .body = someone_elses_lease(std::chrono::hours(1))});
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // renewal notices
        return FakeObjectStore::list_objects(prefix);
    }
};

TEST(RunTemplate, ACommittedRunHoldsTheLeaseAndReleasesIt) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    testing::FakeObjectStore store;
    Services services{.store = store, .content_type_for = {}};
    const auto report =
        run_template(site(), {.directory = dir.path().string()}, {.commit = true}, services);
    ASSERT_TRUE(report.ok()) << report.error->message;
    EXPECT_EQ(store.put_bytes_calls(), 1);      // created with If-None-Match: *
    EXPECT_EQ(store.delete_object_calls(), 1);  // released with If-Match
    EXPECT_FALSE(store.objects.contains(kLeaseKey));
    EXPECT_TRUE(store.objects.contains("www/index.html"));
}

TEST(RunTemplate, ARunThatFailsBeforeReadingTheBucketTakesNoLease) {
    testing::TempDir dir;  // empty: the run stops before it lists the bucket
    testing::FakeObjectStore store;
    Services services{.store = store, .content_type_for = {}};
    const auto report =
        run_template(site(), {.directory = dir.path().string()}, {.commit = true}, services);
    ASSERT_TRUE(report.error);
    EXPECT_EQ(report.error->kind, ErrorKind::Safety);
    EXPECT_EQ(store.put_bytes_calls() + store.get_calls() + store.list_calls(), 0);
}

TEST(RunTemplate, ADryRunTakesNoLease) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    testing::FakeObjectStore store;
    store.objects[kLeaseKey] = {.etag = "e", .body = someone_elses_lease(std::chrono::hours(1))};
    Services services{.store = store, .content_type_for = {}};
    const auto report = run_template(site(), {.directory = dir.path().string()}, {}, services);
    ASSERT_TRUE(report.ok()) << report.error->message;
    EXPECT_EQ(store.put_bytes_calls(), 0);
}

TEST(RunTemplate, ALiveLeaseElsewhereMakesTheRunBusyBeforeItTouchesAnything) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    testing::FakeObjectStore store;
    store.objects[kLeaseKey] = {.etag = "e", .body = someone_elses_lease(std::chrono::hours(1))};
    Services services{.store = store, .content_type_for = {}};
    const auto report =
        run_template(site(), {.directory = dir.path().string()}, {.commit = true}, services);
    ASSERT_TRUE(report.error);
    EXPECT_TRUE(report.lease_busy());
    EXPECT_NE(report.error->message.find("host build-7, pid 99, template site"), std::string::npos)
        << report.error->message;
    EXPECT_EQ(store.list_calls(), 0);
    EXPECT_EQ(store.put_calls(), 0);
    EXPECT_EQ(store.objects.at(kLeaseKey).etag, "e");
}

TEST(RunTemplate, ALeaseLostMidRunStopsTheWritesAndFailsTheRun) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    LeaseStealingStore store;
    store.objects["www/old.html"] = {"x", 1};
    Services services{.store = store, .content_type_for = {}};
    RunOptions options{.commit = true};
    options.lease.expiry = std::chrono::milliseconds(60);  // renewed every 20 ms
    const auto report = run_template(site(), {.directory = dir.path().string()}, options, services);
    ASSERT_TRUE(report.error);
    EXPECT_FALSE(report.lease_busy());
    EXPECT_NE(report.error->message.find("lease"), std::string::npos) << report.error->message;
    EXPECT_EQ(store.delete_calls(), 0);
    EXPECT_TRUE(store.objects.contains("www/old.html"));
    EXPECT_EQ(store.objects.at(kLeaseKey).etag, "stolen");  // the new holder's, left alone
}

}  // namespace
}  // namespace repo2s3::job

namespace repo2s3::job {
namespace {

/// Runs of one directory template with its state in a local directory.
class RunStateTest : public ::testing::Test {
  protected:
    RunStateTest() : state_store(state::state_file(state_dir.path().string(), "bucket", "www/")) {
        source.write("index.html", "<html>");
        source.write("css/site.css", "body{}");
    }

    RunReport run(const payload::SyncTemplate& t = site(), bool commit = true) {
        Services services{.store = store,
                          .content_type_for = {},
                          .github = nullptr,
                          .state = &state_store,
                          .state_memory = nullptr};
        RunOptions options{.commit = commit};
        options.lease.enabled = false;
        return run_template(t, {.directory = source.path().string()}, options, services);
    }

    testing::TempDir source;
    testing::TempDir state_dir;
    testing::FakeObjectStore store;
    state::LocalStateStore state_store;
};

TEST_F(RunStateTest, ASecondRunOfAnUnchangedSourceOnlyListsTheBucket) {
    const auto first = run();
    ASSERT_TRUE(first.ok()) << first.error->message;
    ASSERT_TRUE(first.state);
    EXPECT_EQ(first.state->use, StateReport::Use::Full);
    EXPECT_TRUE(first.state->saved);
    const int puts = store.put_calls();

    const auto second = run();
    ASSERT_TRUE(second.ok()) << second.error->message;
    EXPECT_EQ(second.state->use, StateReport::Use::Unchanged);
    EXPECT_EQ(second.outcome.plan.unchanged, 2U);
    EXPECT_TRUE(second.outcome.plan.empty());
    EXPECT_EQ(store.put_calls(), puts);
}

TEST_F(RunStateTest, DriftIsRepaired) {
    ASSERT_TRUE(run().ok());
    store.objects.erase("www/index.html");  // behind repo2s3's back
    const auto repaired = run();
    ASSERT_TRUE(repaired.ok()) << repaired.error->message;
    EXPECT_EQ(repaired.state->use, StateReport::Use::Drifted);
    EXPECT_TRUE(store.objects.contains("www/index.html"));
    EXPECT_EQ(run().state->use, StateReport::Use::Unchanged);
}

TEST_F(RunStateTest, ATemplateChangeTakesEffect) {
    ASSERT_TRUE(run().ok());
    auto changed = site();
    changed.exclude_repo_paths = {"^css/"};
    const auto report = run(changed);
    ASSERT_TRUE(report.ok()) << report.error->message;
    EXPECT_EQ(report.state->use, StateReport::Use::Full);
    EXPECT_FALSE(store.objects.contains("www/css/site.css"));
}

TEST_F(RunStateTest, ACorruptStateOnlyCostsAFullRun) {
    ASSERT_TRUE(state_store.save("garbage, not gzip"));
    const auto report = run();
    ASSERT_TRUE(report.ok()) << report.error->message;
    EXPECT_EQ(report.state->use, StateReport::Use::Full);
    EXPECT_TRUE(report.state->saved);
    EXPECT_EQ(run().state->use, StateReport::Use::Unchanged);
}

TEST_F(RunStateTest, ADryRunReadsTheStateButNeverWritesIt) {
    const auto dry = run(site(), false);
    ASSERT_TRUE(dry.ok());
    EXPECT_FALSE(dry.state->saved);
    EXPECT_FALSE(state_store.load()->has_value());
}

}  // namespace
}  // namespace repo2s3::job
