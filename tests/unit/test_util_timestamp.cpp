#include <gtest/gtest.h>

#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::util {
namespace {

using std::chrono::system_clock;

const system_clock::time_point kNoon = system_clock::from_time_t(1'714'564'800);  // 2024-05-01

TEST(Iso8601, ReadsUtcWithAndWithoutFractions) {
    EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00Z"), kNoon);
    EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00.999Z"), kNoon);
    EXPECT_EQ(parse_iso8601("2024-05-01t12:00:00z"), kNoon);
}

TEST(Iso8601, AppliesOffsets) {
    EXPECT_EQ(parse_iso8601("2024-05-01T14:30:00+02:30"), kNoon);
    EXPECT_EQ(parse_iso8601("2024-05-01T07:00:00-05:00"), kNoon);
    EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00+00:00"), kNoon);
}

TEST(Iso8601, RefusesIncompleteOrInvalidTimes) {
    for (const char* text :
         {"", "2024-05-01", "2024-05-01T12:00:00", "2024-05-01 12:00:00Z", "2024-13-01T12:00:00Z",
          "2024-02-30T12:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00.Z",
          "2024-05-01T12:00:00Zjunk", "2024-05-01T12:00:00+0200", "24-05-01T12:00:00Z"}) {
        EXPECT_FALSE(parse_iso8601(text)) << text;
    }
}

TEST(Iso8601, RefusesInstantsTheClockCannotHold) {
    // system_clock counts nanoseconds in 64 bits: 1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z.
    EXPECT_TRUE(parse_iso8601("2262-04-11T23:47:16Z"));
    EXPECT_TRUE(parse_iso8601("1677-09-21T00:12:44Z"));
    for (const char* text :
         {"2262-04-11T23:47:17Z", "2262-04-11T23:00:00-01:00", "9999-12-31T23:59:59Z",
          "1677-09-21T00:12:43Z", "0000-01-01T00:00:00Z"}) {
        EXPECT_FALSE(parse_iso8601(text)) << text;
    }
}

TEST(TimePointFromSeconds, CoversTheClocksRangeOnly) {
    EXPECT_EQ(time_point_from_seconds(std::chrono::seconds(1'714'564'800)), kNoon);
    EXPECT_TRUE(time_point_from_seconds(std::chrono::seconds(9'223'372'036)));
    EXPECT_FALSE(time_point_from_seconds(std::chrono::seconds(9'223'372'037)));
    EXPECT_TRUE(time_point_from_seconds(std::chrono::seconds(-9'223'372'036)));
    EXPECT_FALSE(time_point_from_seconds(std::chrono::seconds(-9'223'372'037)));
}

TEST(Iso8601, FormatsWholeSecondsInUtc) {
    EXPECT_EQ(format_iso8601(kNoon + std::chrono::milliseconds(1500)), "2024-05-01T12:00:01Z");
    EXPECT_EQ(parse_iso8601(format_iso8601(kNoon)), kNoon);
}

}  // namespace
}  // namespace repo2s3::util
