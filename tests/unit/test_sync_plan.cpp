#include <gtest/gtest.h>

#include "repo2s3/sync/plan.hpp"

namespace repo2s3::sync {
namespace {

LocalFile local(std::string path, std::string md5, std::uint64_t size = 10) {
    return {std::move(path), "/tmp/x", size, std::move(md5)};
}

RemoteObject remote(std::string path, std::string etag, std::uint64_t size = 10) {
    return {"p/" + path, path, std::move(etag), size, std::nullopt};
}

std::vector<std::string> paths(const auto& items) {
    std::vector<std::string> result;
    for (const auto& item : items) result.push_back(item.path);
    return result;
}

TEST(KeyFor, JoinsPrefixAndPath) {
    EXPECT_EQ(key_for("", "a/b.txt"), "a/b.txt");
    EXPECT_EQ(key_for("site/", "a/b.txt"), "site/a/b.txt");
}

TEST(ObjectsUnderPrefix, StripsPrefixAndDropsNeighboursAndFolderMarkers) {
    std::vector<RemoteObject> listed = {
        {"site/a.txt", "", "e1", 1, std::nullopt},
        {"site-other/x", "", "e2", 1, std::nullopt},  // neighbour sharing the letters
        {"root.txt", "", "e3", 1, std::nullopt},      // bucket root
        {"site/", "", "e4", 0, std::nullopt},         // prefix marker
        {"site/dir/", "", "e5", 0, std::nullopt},     // folder marker
        {"site/dir/b.txt", "", "e6", 1, std::nullopt},
    };
    const auto result = objects_under_prefix("site/", listed);
    ASSERT_EQ(result.size(), 2u);
    EXPECT_EQ(result[0].path, "a.txt");
    EXPECT_EQ(result[0].key, "site/a.txt");
    EXPECT_EQ(result[1].path, "dir/b.txt");
}

TEST(ObjectsUnderPrefix, EmptyPrefixKeepsEverythingButFolderMarkers) {
    std::vector<RemoteObject> listed = {{"a", "", "e", 1, std::nullopt},
                                        {"d/", "", "e", 0, std::nullopt}};
    const auto result = objects_under_prefix("", listed);
    ASSERT_EQ(result.size(), 1u);
    EXPECT_EQ(result[0].path, "a");
}

TEST(PlanSync, ClassifiesNewModifiedUnchangedAndDeleted) {
    const std::vector<LocalFile> files = {local("new.txt", "aa"), local("same.txt", "bb"),
                                          local("changed.txt", "cc")};
    const std::vector<RemoteObject> objects = {
        remote("same.txt", "bb"), remote("changed.txt", "00"), remote("gone.txt", "dd")};
    const auto plan = plan_sync(files, objects, {.delete_missing = true});
    EXPECT_EQ(paths(plan.new_files), std::vector<std::string>{"new.txt"});
    EXPECT_EQ(paths(plan.modified_files), std::vector<std::string>{"changed.txt"});
    EXPECT_EQ(paths(plan.deletions), std::vector<std::string>{"gone.txt"});
    EXPECT_TRUE(plan.extras_kept.empty());
    EXPECT_EQ(plan.unchanged, 1u);
    EXPECT_FALSE(plan.empty());
}

TEST(PlanSync, KeepsExtrasWithoutDeleteMissing) {
    const auto plan = plan_sync({local("a", "aa")}, {remote("a", "aa"), remote("b", "bb")},
                                {.delete_missing = false});
    EXPECT_TRUE(plan.deletions.empty());
    EXPECT_EQ(paths(plan.extras_kept), std::vector<std::string>{"b"});
    EXPECT_TRUE(plan.empty());
}

TEST(PlanSync, RecordedMd5MakesMultipartObjectUnchanged) {
    auto object = remote("big.bin", "0123456789abcdef0123456789abcdef-3");
    object.recorded_md5 = "aa";
    const auto plan = plan_sync({local("big.bin", "aa")}, {object}, {});
    EXPECT_EQ(plan.unchanged, 1u);
    EXPECT_TRUE(plan.empty());
}

TEST(PlanSync, RecordedMd5ThatDiffersIsModified) {
    auto object = remote("big.bin", "0123456789abcdef0123456789abcdef-3");
    object.recorded_md5 = "bb";
    const auto plan = plan_sync({local("big.bin", "aa")}, {object}, {});
    EXPECT_EQ(paths(plan.modified_files), std::vector<std::string>{"big.bin"});
}

TEST(PlanSync, SameEtagButDifferentSizeIsModified) {
    const auto plan = plan_sync({local("a", "aa", 5)}, {remote("a", "aa", 6)}, {});
    EXPECT_EQ(paths(plan.modified_files), std::vector<std::string>{"a"});
}

TEST(PlanSync, OutputIsSortedByPath) {
    const auto plan = plan_sync({local("c", "1"), local("a", "1"), local("b", "1")}, {}, {});
    EXPECT_EQ(paths(plan.new_files), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PlanSync, EmptySourceWithDeleteMissingPlansEveryDeletion) {
    // The guard against this lives in the sync job; the plan itself stays a faithful diff.
    const auto plan = plan_sync({}, {remote("a", "1"), remote("b", "2")}, {.delete_missing = true});
    EXPECT_EQ(plan.deletions.size(), 2u);
}

TEST(NeedsMetadataLookup, OnlyForSameSizeEtagMismatchWithoutRecordedMd5) {
    EXPECT_FALSE(needs_metadata_lookup(local("a", "aa"), remote("a", "aa"), false));
    EXPECT_TRUE(needs_metadata_lookup(local("a", "aa"), remote("a", "xx-2"), false));
    EXPECT_FALSE(needs_metadata_lookup(local("a", "aa", 1), remote("a", "xx-2", 2), true));
    auto looked_up = remote("a", "xx-2");
    looked_up.recorded_md5 = "zz";
    EXPECT_FALSE(needs_metadata_lookup(local("a", "aa"), looked_up, false));
}

TEST(NeedsMetadataLookup, WithHeaderRulesAnUnchangedObjectOfUnknownHeadersIsLookedUp) {
    EXPECT_TRUE(needs_metadata_lookup(local("a", "aa"), remote("a", "aa"), true));
    auto known = remote("a", "aa");
    known.header_digest = "";
    EXPECT_FALSE(needs_metadata_lookup(local("a", "aa"), known, true));
    // Another size is another content, uploaded again anyway: nothing to look up.
    EXPECT_FALSE(needs_metadata_lookup(local("a", "aa"), remote("a", "bb", 2), true));
}

TEST(PlanSync, SameBytesWithOtherRuleHeadersIsAHeaderUpdate) {
    auto styled = local("a.html", "aa");
    styled.headers.digest = "d1";
    auto plain = local("b.css", "bb");
    auto same = local("c.html", "cc");
    same.headers.digest = "d1";
    auto old_headers = remote("a.html", "aa");
    old_headers.header_digest = "d0";
    auto had_headers = remote("b.css", "bb");
    had_headers.header_digest = "d9";
    auto current = remote("c.html", "cc");
    current.header_digest = "d1";
    const auto plan = plan_sync({styled, plain, same}, {old_headers, had_headers, current}, {});
    ASSERT_EQ(plan.header_updates.size(), 2u);
    EXPECT_EQ(plan.header_updates[0].file.path, "a.html");
    EXPECT_EQ(plan.header_updates[0].object.etag, "aa");
    EXPECT_EQ(plan.header_updates[1].file.path, "b.css");  // back to no rule headers
    EXPECT_EQ(plan.unchanged, 1u);
    EXPECT_TRUE(plan.new_files.empty());
    EXPECT_TRUE(plan.modified_files.empty());
    EXPECT_FALSE(plan.empty());
}

TEST(PlanSync, UnknownHeadersCountAsNone) {
    auto styled = local("a.html", "aa");
    styled.headers.digest = "d1";
    const auto plan =
        plan_sync({styled, local("b", "bb")}, {remote("a.html", "aa"), remote("b", "bb")}, {});
    ASSERT_EQ(plan.header_updates.size(), 1u);
    EXPECT_EQ(plan.unchanged, 1u);
}

}  // namespace
}  // namespace repo2s3::sync
