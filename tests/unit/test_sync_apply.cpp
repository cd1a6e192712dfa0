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

// --- Multipart upload (the fake store never reads the file, so sizes are only declared).

constexpr std::uint64_t kMiB = s3::kMiB;

LocalFile big_file(std::string path, std::uint64_t size) {
    return {std::move(path), "/dev/null", size, "0123456789abcdef0123456789abcdef"};
}

TEST(ApplyPlan, AFileAtTheThresholdGoesUpInPartsWithTheSameMetadata) {
    testing::FakeObjectStore store;
    Plan plan;
    plan.new_files = {big_file("big.bin", 70 * kMiB), file("small", "aa")};
    TransferProgress progress;
    auto with_progress = options();
    with_progress.progress = &progress;

    const auto result = apply_plan(plan, store, with_progress);
    ASSERT_FALSE(result.error) << result.error->message;
    EXPECT_EQ(store.create_multipart_calls(), 1);
    EXPECT_EQ(store.part_calls(), 5);  // 4 × 16 MiB + 6 MiB
    EXPECT_EQ(store.complete_multipart_calls(), 1);
    EXPECT_EQ(store.put_calls(), 1);
    const auto& stored = store.objects.at("p/big.bin");
    EXPECT_EQ(stored.size, 70 * kMiB);
    EXPECT_EQ(stored.metadata.at("repo2s3-md5"), "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(stored.content_type, "type/big.bin");
    EXPECT_EQ(result.uploaded_etags.at("big.bin"), "multipart-5");
    EXPECT_EQ(result.bytes_uploaded, 70 * kMiB + 3);

    const auto counted = progress.snapshot();
    EXPECT_TRUE(counted.started);
    EXPECT_TRUE(counted.finished);
    EXPECT_EQ(counted.files_total, 2u);
    EXPECT_EQ(counted.files_done, 2u);
    EXPECT_EQ(counted.bytes_total, 70 * kMiB + 3);
    EXPECT_EQ(counted.bytes_done, 70 * kMiB + 3);
}

TEST(ApplyPlan, AFailedPartAbortsTheUploadAndWithholdsDeletes) {
    testing::FakeObjectStore store;
    store.objects["p/old"] = {"etag", 3, {}, ""};
    store.failing_parts = {3};
    Plan plan;
    plan.new_files = {big_file("big.bin", 80 * kMiB)};
    plan.deletions = {object("old")};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_NE(result.error->message.find("part 3"), std::string::npos) << result.error->message;
    EXPECT_NE(result.error->message.find("aborted"), std::string::npos) << result.error->message;
    EXPECT_EQ(store.abort_multipart_calls(), 1);
    EXPECT_EQ(store.complete_multipart_calls(), 0);
    EXPECT_TRUE(store.uploads.empty()) << "an incomplete upload was left behind";
    EXPECT_FALSE(store.objects.contains("p/big.bin"));
    EXPECT_TRUE(result.deletes_skipped);
    EXPECT_TRUE(store.objects.contains("p/old"));
    ASSERT_EQ(result.upload_failures.size(), 1u);
    EXPECT_EQ(result.upload_failures.front().path, "big.bin");
}

TEST(ApplyPlan, AFailedCompletionAbortsTheUpload) {
    testing::FakeObjectStore store;
    store.fail_complete_multipart = true;
    Plan plan;
    plan.new_files = {big_file("big.bin", 64 * kMiB)};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_EQ(store.abort_multipart_calls(), 1);
    EXPECT_TRUE(store.uploads.empty());
}

TEST(ApplyPlan, AFailedCreateSendsNoPartAndNeedsNoAbort) {
    testing::FakeObjectStore store;
    store.fail_create_multipart = true;
    Plan plan;
    plan.new_files = {big_file("big.bin", 64 * kMiB)};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_NE(result.error->message.find("CreateMultipartUpload"), std::string::npos);
    EXPECT_EQ(store.part_calls(), 0);
    EXPECT_EQ(store.abort_multipart_calls(), 0);
}

TEST(ApplyPlan, AFileOverFiveTebibytesIsRefusedWithoutARequest) {
    testing::FakeObjectStore store;
    Plan plan;
    plan.new_files = {big_file("huge.iso", 5 * 1024 * 1024 * kMiB + 1), file("a", "aa")};

    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_NE(result.error->message.find("huge.iso"), std::string::npos);
    EXPECT_EQ(store.create_multipart_calls(), 0);
    EXPECT_EQ(result.uploaded, std::vector<std::string>{"a"});
}

TEST(ApplyPlan, ThePartSizeAndThresholdComeFromTheOptions) {
    testing::FakeObjectStore store;
    Plan plan;
    plan.new_files = {big_file("mid.bin", 12 * kMiB)};
    auto small_parts = options();
    small_parts.multipart = {.threshold = 10 * kMiB, .part_size = 5 * kMiB};

    const auto result = apply_plan(plan, store, small_parts);
    ASSERT_FALSE(result.error) << result.error->message;
    EXPECT_EQ(store.part_calls(), 3);
    EXPECT_EQ(store.put_calls(), 0);
}

TEST(ApplyPlan, RuleHeadersGoUpWithTheObject) {
    testing::FakeObjectStore store;
    auto page = file("a.html", "aa");
    page.headers.content_type = "text/x-custom";
    page.headers.headers.cache_control = "no-cache";
    page.headers.metadata = {{"team", "web"}};
    page.headers.digest = "d1";
    Plan plan;
    plan.new_files = {page, file("b", "bb")};
    const auto result = apply_plan(plan, store, options());
    ASSERT_FALSE(result.error) << result.error->message;
    const auto& stored = store.objects.at("p/a.html");
    EXPECT_EQ(stored.content_type, "text/x-custom");
    EXPECT_EQ(stored.headers.cache_control, "no-cache");
    EXPECT_EQ(stored.metadata,
              (std::map<std::string, std::string>{
                  {"repo2s3-headers", "d1"}, {"repo2s3-md5", "aa"}, {"team", "web"}}));
    // No rule headers: no digest either, and the MIME type.
    EXPECT_FALSE(store.objects.at("p/b").metadata.contains("repo2s3-headers"));
    EXPECT_EQ(store.objects.at("p/b").content_type, "type/b");
}

TEST(ApplyPlan, AHeaderUpdateReplacesHeadersInPlaceAndUploadsNothing) {
    testing::FakeObjectStore store;
    store.objects["p/a.html"] = {"aa", 3, {{"repo2s3-md5", "aa"}}, "text/html"};
    auto page = file("a.html", "aa");
    page.headers.headers.cache_control = "no-cache";
    page.headers.digest = "d1";
    Plan plan;
    plan.header_updates = {{page, {"p/a.html", "a.html", "aa", 3, std::nullopt, ""}}};
    const auto result = apply_plan(plan, store, options());
    ASSERT_FALSE(result.error) << result.error->message;
    EXPECT_EQ(store.put_calls(), 0);
    EXPECT_EQ(store.replace_headers_calls(), 1);
    EXPECT_EQ(result.bytes_uploaded, 0u);
    EXPECT_EQ(result.headers_updated, std::vector<std::string>{"a.html"});
    EXPECT_EQ(result.updated_etags.at("a.html"), "aa");
    EXPECT_EQ(store.objects.at("p/a.html").headers.cache_control, "no-cache");
    EXPECT_EQ(store.objects.at("p/a.html").metadata.at("repo2s3-headers"), "d1");
    EXPECT_EQ(store.objects.at("p/a.html").metadata.at("repo2s3-md5"), "aa");
}

TEST(ApplyPlan, AnObjectChangedSinceTheListingFailsItsHeaderUpdateAndWithholdsDeletes) {
    testing::FakeObjectStore store;
    store.objects["p/a.html"] = {"someone-else", 3, {}, "text/html"};
    store.objects["p/old"] = {"etag", 3, {}, ""};
    Plan plan;
    plan.header_updates = {
        {file("a.html", "aa"), {"p/a.html", "a.html", "aa", 3, std::nullopt, "x"}}};
    plan.deletions = {object("old")};
    const auto result = apply_plan(plan, store, options());
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->kind, ErrorKind::Precondition);
    EXPECT_TRUE(result.deletes_skipped);
    EXPECT_TRUE(store.objects.contains("p/old"));
}

TEST(ApplyPlan, AHeaderUpdateOverFiveGibibytesCopiesPartsFromTheObjectItself) {
    testing::FakeObjectStore store;
    const std::uint64_t size = (std::uint64_t{6} << 30U);
    store.objects["p/big.bin"] = {
        "big-3", size, {{"repo2s3-md5", "bb"}}, "application/octet-stream"};
    LocalFile big{"big.bin", "/dev/null", size, "bb"};
    big.headers.headers.cache_control = "no-cache";
    big.headers.digest = "d1";
    Plan plan;
    plan.header_updates = {{big, {"p/big.bin", "big.bin", "big-3", size, "bb", ""}}};
    auto settings = options();
    settings.multipart = {.threshold = 64 * s3::kMiB, .part_size = 1024 * s3::kMiB};
    const auto result = apply_plan(plan, store, settings);
    ASSERT_FALSE(result.error) << result.error->message;
    EXPECT_EQ(store.replace_headers_calls(), 0);
    EXPECT_EQ(store.part_copy_calls(), 6);
    EXPECT_EQ(store.part_calls(), 0);
    EXPECT_EQ(store.complete_multipart_calls(), 1);
    EXPECT_EQ(store.objects.at("p/big.bin").size, size);
    EXPECT_EQ(store.objects.at("p/big.bin").headers.cache_control, "no-cache");
    EXPECT_EQ(result.bytes_uploaded, 0u);
}

}  // namespace
}  // namespace repo2s3::sync
