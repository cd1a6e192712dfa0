#include <gtest/gtest.h>

#include <string>

#include "repo2s3/util/error.hpp"

namespace repo2s3 {
namespace {

Result<int> parse_positive(int value) {
    if (value <= 0) return fail(ErrorKind::Usage, "not positive: " + std::to_string(value));
    return value;
}

TEST(Expected, HoldsValue) {
    auto result = parse_positive(3);
    ASSERT_TRUE(result);
    EXPECT_EQ(*result, 3);
}

TEST(Expected, HoldsErrorWithKind) {
    auto result = parse_positive(-1);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Usage);
    EXPECT_EQ(result.error().message, "not positive: -1");
    EXPECT_EQ(exit_code_for(result.error()), 2);
}

TEST(Expected, VoidResult) {
    Result<void> ok;
    EXPECT_TRUE(ok);
    Result<void> bad = fail(ErrorKind::Network, "down");
    EXPECT_FALSE(bad);
    EXPECT_EQ(exit_code_for(bad.error()), 1);
}

}  // namespace
}  // namespace repo2s3
