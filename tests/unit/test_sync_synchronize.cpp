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

}  // namespace
}  // namespace repo2s3::sync
