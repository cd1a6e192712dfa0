#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "repo2s3/payload/key_suggestion.hpp"

namespace repo2s3::payload {
namespace {

const std::vector<std::string> kKnown = {"KeyPrefix", "DeleteMissingFiles", "ExcludeRepoPaths",
                                         "IncludeRepoPaths", "BucketName"};

TEST(NearMissKey, SameKeyInAnotherCase) {
    EXPECT_EQ(near_miss_key("keyprefix", kKnown), "KeyPrefix");
    EXPECT_EQ(near_miss_key("DELETEMISSINGFILES", kKnown), "DeleteMissingFiles");
}

TEST(NearMissKey, WithinTwoEditsIgnoringCase) {
    EXPECT_EQ(near_miss_key("KeyPrfx", kKnown), "KeyPrefix");
    EXPECT_EQ(near_miss_key("excludeRepoPath", kKnown), "ExcludeRepoPaths");
    EXPECT_EQ(near_miss_key("IncludeRepoPath", kKnown), "IncludeRepoPaths");
}

TEST(NearMissKey, PrefersTheNearestKey) {
    EXPECT_EQ(near_miss_key("IncludeRepoPathz", kKnown), "IncludeRepoPaths");
    EXPECT_EQ(near_miss_key("ExcludeRepoPathz", kKnown), "ExcludeRepoPaths");
}

TEST(NearMissKey, OtherKeysAreNotTypos) {
    EXPECT_EQ(near_miss_key("KeyPrefixes", kKnown), "KeyPrefix");  // two edits: a typo
    EXPECT_FALSE(near_miss_key("KeyPrefixList", kKnown));          // four edits
    EXPECT_FALSE(near_miss_key("IncludeAccounts", kKnown));
    EXPECT_FALSE(near_miss_key("Id", kKnown));
    EXPECT_FALSE(near_miss_key("", kKnown));
    EXPECT_FALSE(near_miss_key("KeyPrefix", {}));
}

}  // namespace
}  // namespace repo2s3::payload
