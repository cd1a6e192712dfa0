// The Lambda front end's settings from the environment: STARFLEET_COMMIT and the deadline margin.
#include <gtest/gtest.h>

#include "repo2s3/lambda/settings.hpp"

namespace repo2s3::lambda {
namespace {

using std::chrono::milliseconds;

TEST(LambdaSettings, CommitOnlyWhenStarfleetCommitIsTrueInAnyCase) {
    for (const char* value : {"true", "TRUE", "True", "tRuE"}) {
        EXPECT_TRUE(commit_enabled(util::fixed_env({{"STARFLEET_COMMIT", value}}))) << value;
    }
    for (const char* value :
         {"false", "False", "1", "yes", "on", " true", "true ", "truee", "t", ""}) {
        EXPECT_FALSE(commit_enabled(util::fixed_env({{"STARFLEET_COMMIT", value}}))) << value;
    }
    EXPECT_FALSE(commit_enabled(util::fixed_env({})));
}

TEST(LambdaSettings, DefaultsAreDryRunAndThirtySeconds) {
    const auto settings = settings_from_env(util::fixed_env({}));
    ASSERT_TRUE(settings);
    EXPECT_FALSE(settings->commit);
    EXPECT_EQ(settings->deadline_margin, milliseconds(30000));
}

TEST(LambdaSettings, MarginFromTheEnvironment) {
    const auto settings = settings_from_env(util::fixed_env(
        {{"REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", "1500"}, {"STARFLEET_COMMIT", "True"}}));
    ASSERT_TRUE(settings);
    EXPECT_TRUE(settings->commit);
    EXPECT_EQ(settings->deadline_margin, milliseconds(1500));

    const auto zero =
        settings_from_env(util::fixed_env({{"REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", "0"}}));
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->deadline_margin, milliseconds(0));
    const auto most =
        settings_from_env(util::fixed_env({{"REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", "900000"}}));
    ASSERT_TRUE(most);
    EXPECT_EQ(most->deadline_margin, milliseconds(900000));
}

TEST(LambdaSettings, AnInvalidMarginIsAUsageErrorNamingTheVariable) {
    for (const char* value :
         {"abc", "-1", "1.5", "30s", " 100", "900001", "99999999999999999999"}) {
        const auto settings =
            settings_from_env(util::fixed_env({{"REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", value}}));
        ASSERT_FALSE(settings) << value;
        EXPECT_EQ(settings.error().kind, ErrorKind::Usage);
        EXPECT_NE(settings.error().message.find("REPO2S3_LAMBDA_DEADLINE_MARGIN_MS"),
                  std::string::npos);
        EXPECT_NE(settings.error().message.find(value), std::string::npos);
    }
}

}  // namespace
}  // namespace repo2s3::lambda
