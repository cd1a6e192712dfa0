#include <gtest/gtest.h>

#include "repo2s3/util/edit_distance.hpp"

namespace repo2s3::util {
namespace {

TEST(EditDistance, CountsEachKindOfEditOnce) {
    EXPECT_EQ(edit_distance("", ""), 0U);
    EXPECT_EQ(edit_distance("KeyPrefix", "KeyPrefix"), 0U);
    EXPECT_EQ(edit_distance("KeyPrefx", "KeyPrefix"), 1U);    // insertion
    EXPECT_EQ(edit_distance("KeyPrefixx", "KeyPrefix"), 1U);  // deletion
    EXPECT_EQ(edit_distance("KeyPrefox", "KeyPrefix"), 1U);   // substitution
    EXPECT_EQ(edit_distance("KeyPerfix", "KeyPrefix"), 1U);   // adjacent swap
    EXPECT_EQ(edit_distance("Keyprefix", "KeyPrefix"), 1U);   // bytes compare exactly
}

TEST(EditDistance, IsSymmetricAndBoundedByTheLongerLength) {
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("abc", ""), 3U);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(edit_distance("sitting", "kitten"), 3U);
    EXPECT_EQ(edit_distance("Repository", "Repositories"), 3U);
}

}  // namespace
}  // namespace repo2s3::util
