#include <gtest/gtest.h>
#include <sys/prctl.h>

#include "repo2s3/util/core_dumps.hpp"

namespace repo2s3::util {
namespace {

TEST(CoreDumps, TheProcessIsNoLongerDumpable) {
    ASSERT_EQ(::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
    ASSERT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
    EXPECT_TRUE(disable_core_dumps());
    EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

}  // namespace
}  // namespace repo2s3::util
