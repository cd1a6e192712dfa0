#include <gtest/gtest.h>

#include "repo2s3/sync/delete_guard.hpp"

namespace repo2s3::sync {
namespace {

TEST(DeleteGuard, TripsOnlyPastBothTheShareAndTheMinimum) {
    EXPECT_FALSE((DeleteGuard{10, 10, 0}.tripped()));  // ten deletions never trip it
    EXPECT_TRUE((DeleteGuard{11, 11, 50}.tripped()));
    EXPECT_FALSE((DeleteGuard{50, 100, 50}.tripped()));  // exactly the share is allowed
    EXPECT_TRUE((DeleteGuard{51, 100, 50}.tripped()));
    EXPECT_TRUE((DeleteGuard{11, 1000, 1}.tripped()));
    EXPECT_FALSE((DeleteGuard{11, 1100, 1}.tripped()));
    EXPECT_TRUE((DeleteGuard{11, 1000, 0}.tripped()));
}

TEST(DeleteGuard, AHundredPercentNeverTrips) {
    EXPECT_FALSE((DeleteGuard{1'000'000, 1'000'000, 100}.tripped()));
}

TEST(DeleteGuard, PercentIsRoundedUpToATenth) {
    EXPECT_EQ((DeleteGuard{1200, 1500, 50}.percent_text()), "80%");
    EXPECT_EQ((DeleteGuard{501, 1000, 50}.percent_text()), "50.1%");
    EXPECT_EQ((DeleteGuard{5001, 10000, 50}.percent_text()), "50.1%");  // 50.01 reads above 50
    EXPECT_EQ((DeleteGuard{1, 3, 50}.percent_text()), "33.4%");
}

TEST(DeleteGuard, DescriptionGivesTheNumbersAndTheOverride) {
    const DeleteGuard guard{1200, 1500, 50};
    EXPECT_EQ(describe(guard, "s3://b/site/", false),
              "mass-delete guard: the plan deletes 1,200 of the 1,500 objects under s3://b/site/ "
              "(80%), more than MaxDeletePercent (50%); a committed run would delete nothing. If "
              "that is intended, run again with --max-delete-percent 100 or set "
              "MaxDeletePercent: 100 in the template");
}

}  // namespace
}  // namespace repo2s3::sync
