#include <gtest/gtest.h>

#include "repo2s3/sync/synchronize.hpp"
#include "support/fake_object_store.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::sync {
namespace {

constexpr const char* kHelloMd5 = "5d41402abc4b2a76b9719d911017c592";  // md5("hello")

class SynchronizeTest : public ::testing::Test {
  protected:
    source::SourceFile add_file(const std::string& path, const std::string& content) {
        const auto local = dir.write(path, content);
        return {path, local.string(), content.size()};
    }
    testing::TempDir dir;
    testing::FakeObjectStore store;
};

TEST_F(SynchronizeTest, EmptySourceIsRefusedBeforeListing) {
    store.objects["p/a"] = {"x", 1, {}, ""};
    const auto outcome = synchronize(
        {.files = {}, .key_prefix = "p/", .delete_missing = true, .commit = true}, store);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, ErrorKind::Safety);
    EXPECT_EQ(store.list_calls(), 0);
    EXPECT_TRUE(store.objects.contains("p/a"));
}

TEST_F(SynchronizeTest, ReservedKeysAreNeverPlannedOrDeletedFromTheRoot) {
    store.objects[".repo2s3/lease/lease.json"] = {"x", 1, {}, ""};
    store.objects[".repo2s3/state/state.json.gz"] = {"y", 1, {}, ""};
    const auto outcome = synchronize({.files = {add_file("hello.txt", "hello")},
                                      .key_prefix = "",
                                      .delete_missing = true,
                                      .max_delete_percent = 100,
                                      .commit = true},
                                     store);
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_TRUE(outcome.plan.deletions.empty());
    EXPECT_TRUE(store.objects.contains(".repo2s3/lease/lease.json"));
    EXPECT_TRUE(store.objects.contains(".repo2s3/state/state.json.gz"));
}

TEST_F(SynchronizeTest, ASourceFileOnAReservedKeyFailsBeforeAnythingChanges) {
    store.objects["old.txt"] = {"x", 1, {}, ""};
    const auto outcome = synchronize({.files = {add_file(".repo2s3/evil", "hello")},
                                      .key_prefix = "",
                                      .delete_missing = true,
                                      .commit = true},
                                     store);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, ErrorKind::Safety);
    EXPECT_NE(outcome.error->message.find(".repo2s3/evil"), std::string::npos);
    EXPECT_EQ(store.list_calls(), 0);
    EXPECT_EQ(store.put_calls(), 0);
    EXPECT_TRUE(store.objects.contains("old.txt"));
}

TEST_F(SynchronizeTest, RecordedMd5sSpareTheHeadObjectOfMultipartObjects) {
    store.objects["p/hello.txt"] = {"abc-2", 5, {}, ""};
    const auto outcome = synchronize({.files = {add_file("hello.txt", "hello")},
                                      .key_prefix = "p/",
                                      .commit = false,
                                      .known = {{"p/hello.txt", {"abc-2", 5, kHelloMd5}}}},
                                     store);
    ASSERT_FALSE(outcome.error);
    EXPECT_EQ(outcome.plan.unchanged, 1U);
    EXPECT_EQ(store.head_calls(), 0);
}

TEST_F(SynchronizeTest, DryRunPlansWithoutWriting) {
    store.objects["p/gone"] = {"x", 1, {}, ""};
    const auto outcome = synchronize({.files = {add_file("hello.txt", "hello")},
                                      .key_prefix = "p/",
                                      .delete_missing = true,
                                      .commit = false},
                                     store);
    ASSERT_FALSE(outcome.error);
    EXPECT_FALSE(outcome.committed);
    EXPECT_EQ(outcome.plan.new_files.size(), 1u);
    EXPECT_EQ(outcome.plan.deletions.size(), 1u);
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

TEST_F(SynchronizeTest, CommitThenSecondRunPlansNothing) {
    const auto files = std::vector{add_file("hello.txt", "hello")};
    const auto first = synchronize({.files = files, .key_prefix = "p/", .commit = true}, store);
    ASSERT_FALSE(first.error);
    EXPECT_EQ(store.objects.at("p/hello.txt").etag, kHelloMd5);
    const auto second = synchronize({.files = files, .key_prefix = "p/", .commit = true}, store);
    ASSERT_FALSE(second.error);
    EXPECT_TRUE(second.plan.empty());
    EXPECT_EQ(second.plan.unchanged, 1u);
}

std::vector<std::string> phase_names(const SyncOutcome& outcome) {
    std::vector<std::string> names;
    for (const auto& [name, ms] : outcome.timings) {
        EXPECT_GE(ms, 0) << name;
        names.push_back(name);
    }
    return names;
}

TEST_F(SynchronizeTest, TimesHashListUploadAndDeleteWhereTheyHappen) {
    store.objects["p/gone"] = {"x", 1, {}, ""};
    const auto files = std::vector{add_file("hello.txt", "hello")};
    const auto dry =
        synchronize({.files = files, .key_prefix = "p/", .delete_missing = true}, store);
    EXPECT_EQ(phase_names(dry), (std::vector<std::string>{"hash", "list"}));
    const auto committed = synchronize(
        {.files = files, .key_prefix = "p/", .delete_missing = true, .commit = true}, store);
    ASSERT_FALSE(committed.error);
    EXPECT_EQ(phase_names(committed),
              (std::vector<std::string>{"hash", "list", "upload", "delete"}));
}

TEST_F(SynchronizeTest, MultipartObjectWithRecordedMd5IsUnchangedAfterOneHead) {
    store.objects["p/hello.txt"] = {
        "0123456789abcdef0123456789abcdef-2", 5, {{"repo2s3-md5", kHelloMd5}}, ""};
    const auto outcome = synchronize(
        {.files = {add_file("hello.txt", "hello")}, .key_prefix = "p/", .commit = true}, store);
    ASSERT_FALSE(outcome.error);
    EXPECT_TRUE(outcome.plan.empty());
    EXPECT_EQ(store.head_calls(), 1);
    EXPECT_EQ(store.put_calls(), 0);
}

TEST_F(SynchronizeTest, MultipartObjectWithoutMetadataIsReuploadedOnce) {
    store.objects["p/hello.txt"] = {"0123456789abcdef0123456789abcdef-2", 5, {}, ""};
    const auto files = std::vector{add_file("hello.txt", "hello")};
    const auto first = synchronize({.files = files, .key_prefix = "p/", .commit = true}, store);
    ASSERT_FALSE(first.error);
    EXPECT_EQ(first.plan.modified_files.size(), 1u);
    const auto second = synchronize({.files = files, .key_prefix = "p/", .commit = true}, store);
    EXPECT_TRUE(second.plan.empty());
}

TEST_F(SynchronizeTest, UnreadableSourceFileFailsBeforeListing) {
    const auto outcome =
        synchronize({.files = {{"missing.txt", (dir.path() / "missing.txt").string(), 3}},
                     .key_prefix = "p/",
                     .delete_missing = true,
                     .commit = true},
                    store);
    ASSERT_TRUE(outcome.error);
    EXPECT_NE(outcome.error->message.find("missing.txt"), std::string::npos);
    EXPECT_EQ(store.list_calls(), 0);
}

TEST_F(SynchronizeTest, ListingFailureStopsBeforeAnyWrite) {
    store.fail_listing = true;
    const auto outcome = synchronize({.files = {add_file("hello.txt", "hello")},
                                      .key_prefix = "p/",
                                      .delete_missing = true,
                                      .commit = true},
                                     store);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

class DeleteGuardTest : public SynchronizeTest {
  protected:
    /// Puts `count` objects under p/ that the source does not have.
    void add_stale_objects(int count) {
        for (int i = 0; i < count; ++i) store.objects["p/stale-" + std::to_string(i)] = {"x", 1};
    }
    SyncOutcome run(bool commit, unsigned max_percent) {
        return synchronize({.files = {add_file("hello.txt", "hello")},
                            .key_prefix = "p/",
                            .target = "s3://b/p/",
                            .delete_missing = true,
                            .max_delete_percent = max_percent,
                            .commit = commit},
                           store);
    }
};

TEST_F(DeleteGuardTest, ATrippedGuardDeletesNothingUploadsAndFails) {
    add_stale_objects(11);  // 11 of 11 listed objects: 100%
    const auto outcome = run(true, 50);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, ErrorKind::Safety);
    EXPECT_EQ(outcome.error->message,
              "mass-delete guard: the plan deletes 11 of the 11 objects under s3://b/p/ (100%), "
              "more than MaxDeletePercent (50%); nothing was deleted. If that is intended, run "
              "again with --max-delete-percent 100 or set MaxDeletePercent: 100 in the template");
    ASSERT_TRUE(outcome.delete_guard);
    EXPECT_EQ(outcome.delete_guard->deletions, 11u);
    EXPECT_EQ(store.delete_calls(), 0);
    EXPECT_EQ(store.objects.size(), 12u);  // the upload happened, every stale object stayed
    EXPECT_TRUE(store.objects.contains("p/hello.txt"));
    EXPECT_TRUE(outcome.applied.deleted.empty());
}

TEST_F(DeleteGuardTest, ADryRunShowsTheGuardWithoutFailing) {
    add_stale_objects(20);
    const auto outcome = run(false, 50);
    EXPECT_FALSE(outcome.error);
    ASSERT_TRUE(outcome.delete_guard);
    EXPECT_EQ(outcome.delete_guard->listed, 20u);
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

TEST_F(DeleteGuardTest, TenDeletionsNeverTripIt) {
    add_stale_objects(10);
    const auto outcome = run(true, 0);
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_FALSE(outcome.delete_guard);
    EXPECT_EQ(outcome.applied.deleted.size(), 10u);
}

TEST_F(DeleteGuardTest, AHundredPercentTurnsItOff) {
    add_stale_objects(500);
    const auto outcome = run(true, 100);
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_FALSE(outcome.delete_guard);
    EXPECT_EQ(store.objects.size(), 1u);
}

}  // namespace
}  // namespace repo2s3::sync
