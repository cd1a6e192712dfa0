#include <gtest/gtest.h>

#include "repo2s3/sync/apply.hpp"
#include "support/fake_object_store.hpp"

namespace repo2s3::sync {
namespace {

LocalFile file(std::string path, std::string md5) {
    return {std::move(path), "/dev/null", 3, std::move(md5)};
}
RemoteObject object(std::string path) {
    return {"p/" + path, path, "etag", 3, std::nullopt};
}

ApplyOptions options() {
    return {"p/", 4,
            [](std::string_view path) { return std::string("type/") + std::string(path); }};
}

TEST(ApplyPlan, UploadsWithMetadataAndContentTypeThenDeletes) {
    testing::FakeObjectStore store;
    store.objects["p/old"] = {"etag", 3, {}, ""};
    Plan plan;
    plan.new_files = {file("a", "aa")};
    plan.modified_files = {file("b", "bb")};
    plan.deletions = {object("old")};

    const auto result = apply_plan(plan, store, options());
    ASSERT_FALSE(result.error) << result.error->message;
    EXPECT_EQ(result.uploaded, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(result.deleted, std::vector<std::string>{"old"});
    EXPECT_EQ(result.bytes_uploaded, 6u);
    EXPECT_EQ(store.objects.at("p/a").metadata.at("repo2s3-md5"), "aa");
    EXPECT_EQ(store.objects.at("p/b").content_type, "type/b");
    EXPECT_FALSE(store.objects.contains("p/old"));
}

TEST(ApplyPlan, AFailedUploadWithholdsEveryDelete) {
    testing::FakeObjectStore store;
    store.objects["p/old"] = {"etag", 3, {}, ""};
    store.failing_puts = {"p/b"};
    Plan plan;
    plan.new_files = {file("a", "aa"), file("b", "bb")};
    plan.deletions = {object("old")};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_NE(result.error->message.find("no objects were deleted"), std::string::npos);
    EXPECT_NE(result.error->message.find("b"), std::string::npos);
    EXPECT_TRUE(result.deletes_skipped);
    EXPECT_EQ(store.delete_calls(), 0);
    EXPECT_TRUE(store.objects.contains("p/old"));
    EXPECT_EQ(result.uploaded, std::vector<std::string>{"a"});
}

TEST(ApplyPlan, RefusedDeletesAreReportedAndNotCountedAsDeleted) {
    testing::FakeObjectStore store;
    store.objects["p/x"] = {"etag", 3, {}, ""};
    store.objects["p/y"] = {"etag", 3, {}, ""};
    store.refused_deletes = {"p/y"};
    Plan plan;
    plan.deletions = {object("x"), object("y")};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->kind, ErrorKind::S3);
    EXPECT_NE(result.error->message.find("p/y"), std::string::npos);
    EXPECT_EQ(result.deleted, std::vector<std::string>{"x"});
    ASSERT_EQ(result.delete_failures.size(), 1u);
}

TEST(ApplyPlan, DeletesThatStopHalfwayReportWhatWasDeleted) {
    testing::FakeObjectStore store;
    Plan plan;
    for (const char* path : {"d1", "d2", "d3", "d4"}) {
        store.objects[std::string("p/") + path] = {"etag", 3, {}, ""};
        plan.deletions.push_back(object(path));
    }
    store.refused_deletes = {"p/d2"};
    store.fail_deletes_after = 3;  // d1 and d3 are deleted, d2 refused, then the request fails

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->kind, ErrorKind::S3);
    EXPECT_NE(result.error->message.find("2 of 4 planned deletion(s) done"), std::string::npos)
        << result.error->message;
    EXPECT_EQ(result.deleted, (std::vector<std::string>{"d1", "d3"}));
    ASSERT_EQ(result.delete_failures.size(), 1u);
    EXPECT_EQ(result.delete_failures.front().key, "p/d2");
    EXPECT_TRUE(store.objects.contains("p/d4"));
}

TEST(ApplyPlan, WithheldDeletesLeaveTheObjectsAndStillUpload) {
    testing::FakeObjectStore store;
    store.objects["p/old"] = {"etag", 3, {}, ""};
    Plan plan;
    plan.new_files = {file("a", "aa")};
    plan.deletions = {object("old")};
    auto withheld = options();
    withheld.withhold_deletes = true;

    const auto result = apply_plan(plan, store, withheld);
    EXPECT_FALSE(result.error);
    EXPECT_TRUE(result.deletes_skipped);
    EXPECT_EQ(result.uploaded, std::vector<std::string>{"a"});
    EXPECT_TRUE(result.deleted.empty());
    EXPECT_EQ(store.delete_calls(), 0);
    EXPECT_TRUE(store.objects.contains("p/old"));
}

TEST(ApplyPlan, EmptyPlanTouchesNothing) {
    testing::FakeObjectStore store;
    const auto result = apply_plan(Plan{}, store, options());
    EXPECT_FALSE(result.error);
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

}  // namespace
}  // namespace repo2s3::sync
