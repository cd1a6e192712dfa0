#include <gtest/gtest.h>

#include "repo2s3/alerts/priority.hpp"

namespace repo2s3::alerts {
namespace {

TEST(Priority, ParsesEveryNameInAnyCase) {
    EXPECT_EQ(parse_priority("NONE"), Priority::None);
    EXPECT_EQ(parse_priority("problem"), Priority::Problem);
    EXPECT_EQ(parse_priority("Important"), Priority::Important);
    EXPECT_EQ(parse_priority("sUcCeSs"), Priority::Success);
    EXPECT_EQ(parse_priority("INFORMATIONAL"), Priority::Informational);
}

TEST(Priority, RefusesAnythingElse) {
    for (const char* text : {"", "INFO", "WARNING", "2", " IMPORTANT", "IMPORTANT ", "NONEX"}) {
        EXPECT_FALSE(parse_priority(text).has_value()) << text;
    }
}

TEST(Priority, NamesRoundTrip) {
    for (const auto priority : {Priority::None, Priority::Problem, Priority::Important,
                                Priority::Success, Priority::Informational}) {
        EXPECT_EQ(parse_priority(priority_name(priority)), priority);
    }
    EXPECT_EQ(priority_name(Priority::Important), "IMPORTANT");
}

TEST(Priority, LevelSendsEveryMessageRankedAtOrBelowIt) {
    const Priority all[] = {Priority::None, Priority::Problem, Priority::Important,
                            Priority::Success, Priority::Informational};
    for (const auto level : all) {
        for (const auto message : all) {
            const bool expected =
                message != Priority::None && static_cast<int>(message) <= static_cast<int>(level);
            EXPECT_EQ(should_send(level, message), expected)
                << priority_name(level) << " / " << priority_name(message);
        }
    }
    EXPECT_FALSE(should_send(Priority::None, Priority::Problem));
    EXPECT_TRUE(should_send(Priority::Problem, Priority::Problem));
    EXPECT_FALSE(should_send(Priority::Problem, Priority::Important));
    EXPECT_TRUE(should_send(Priority::Important, Priority::Problem));
    EXPECT_FALSE(should_send(Priority::Important, Priority::Success));
    EXPECT_TRUE(should_send(Priority::Informational, Priority::Success));
    EXPECT_FALSE(should_send(Priority::Informational, Priority::None));
}

TEST(Priority, EmojiPerPriorityAsStarfleetShowsThem) {
    EXPECT_EQ(priority_emoji(Priority::Problem), "\U0001F6A8");
    EXPECT_EQ(priority_emoji(Priority::Important), "\U0001F4E3");
    EXPECT_EQ(priority_emoji(Priority::Success), "\u2705");
    EXPECT_EQ(priority_emoji(Priority::Informational), "\u2139\uFE0F");
    EXPECT_EQ(priority_emoji(Priority::None), "");
}

}  // namespace
}  // namespace repo2s3::alerts
