#include <gtest/gtest.h>

#include "repo2s3/util/duration.hpp"

namespace repo2s3::util {
namespace {

using namespace std::chrono_literals;

TEST(ScheduleDuration, ReadsSecondsMinutesHoursAndCombinations) {
    EXPECT_EQ(parse_duration("30s", "--every").value(), 30s);
    EXPECT_EQ(parse_duration("5m", "--every").value(), 300s);
    EXPECT_EQ(parse_duration("1h", "--every").value(), 3600s);
    EXPECT_EQ(parse_duration("1h30m", "--every").value(), 5400s);
    EXPECT_EQ(parse_duration("2h5m10s", "--every").value(), 7510s);
    EXPECT_EQ(parse_duration("90s", "--every").value(), 90s);
}

TEST(ScheduleDuration, ErrorsNameTheFlagAndTheText) {
    const auto check = [](const char* text, const std::string& why) {
        const auto parsed = parse_duration(text, "--every");
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().kind, ErrorKind::Usage);
        EXPECT_EQ(parsed.error().message, std::string("--every: \"") + text + "\": " + why);
    };
    check("", "empty duration (use e.g. 30s, 5m, 1h or 1h30m)");
    check("5", "missing unit after 5 (use h, m or s, as in 1h30m)");
    check("5x", "unknown unit 'x' (use h, m or s, as in 1h30m)");
    check("m", "expected a number at position 0");
    check("5m1h", "units must each appear once, in the order h, m, s");
    check("1m1m", "units must each appear once, in the order h, m, s");
    check("0s", "must be at least 1s");
    check("-5m", "expected a number at position 0");
    check("99999999999h", "too long (at most 366 days)");
    check("5 m", "unknown unit ' ' (use h, m or s, as in 1h30m)");
}

TEST(ScheduleDuration, FormatsTheShortestForm) {
    EXPECT_EQ(format_duration(300s), "5m");
    EXPECT_EQ(format_duration(5400s), "1h30m");
    EXPECT_EQ(format_duration(7510s), "2h5m10s");
    EXPECT_EQ(format_duration(1s), "1s");
    for (const auto seconds : {1s, 59s, 60s, 61s, 3599s, 3600s, 86461s}) {
        EXPECT_EQ(parse_duration(format_duration(seconds), "--every").value(), seconds);
    }
}

}  // namespace
}  // namespace repo2s3::util
