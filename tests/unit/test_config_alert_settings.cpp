#include <gtest/gtest.h>

#include "repo2s3/config/alert_settings.hpp"

namespace repo2s3::config {
namespace {

using alerts::Priority;

StarfleetConfig file_config(bool slack_enabled = true) {
    StarfleetConfig config;
    config.origin = "starfleet.yaml";
    config.slack_enabled = slack_enabled;
    config.alert_channel = "C-FILE";
    config.alert_priority = Priority::Important;
    config.secret_id = "file-secret";
    config.secret_region = "eu-west-1";
    return config;
}

const secrets::SecretsLocation kSecretsFile{"/run/secrets.json", std::nullopt, std::nullopt};

Result<AlertSettings> resolve(const AlertFlags& flags, std::map<std::string, std::string> env,
                              const StarfleetConfig* config = nullptr,
                              const secrets::SecretsLocation& secrets = kSecretsFile) {
    return resolve_alert_settings(flags, util::fixed_env(std::move(env)), config, secrets);
}

TEST(AlertSettings, DefaultIsNoAlerts) {
    const auto settings = resolve({}, {});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->level, Priority::None);
    EXPECT_FALSE(settings->enabled());
    EXPECT_EQ(settings->api_url, "https://slack.com/api");
}

TEST(AlertSettings, FlagsWinOverEnvironmentWhichWinsOverTheFile) {
    const auto config = file_config();
    const std::map<std::string, std::string> env{{"REPO2S3_ALERT_CHANNEL", "C-ENV"},
                                                 {"REPO2S3_ALERT_PRIORITY", "success"}};

    auto settings = resolve({"C-FLAG", "problem"}, env, &config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->channel, "C-FLAG");
    EXPECT_EQ(settings->level, Priority::Problem);

    settings = resolve({}, env, &config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->channel, "C-ENV");
    EXPECT_EQ(settings->level, Priority::Success);

    settings = resolve({}, {}, &config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->channel, "C-FILE");
    EXPECT_EQ(settings->level, Priority::Important);

    settings = resolve({std::nullopt, "INFORMATIONAL"}, {}, &config);  // mixed sources
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->channel, "C-FILE");
    EXPECT_EQ(settings->level, Priority::Informational);
}

TEST(AlertSettings, TheFilesAlertsCountOnlyWhenSlackIsEnabledThere) {
    const auto config = file_config(false);
    auto settings = resolve({}, {}, &config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->level, Priority::None);
    EXPECT_FALSE(settings->channel);

    settings = resolve({"C-FLAG", "IMPORTANT"}, {}, &config);  // explicit flags still count
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->level, Priority::Important);
}

TEST(AlertSettings, AnExplicitNoneTurnsAlertsOff) {
    const auto config = file_config();
    const auto settings = resolve({std::nullopt, "none"}, {}, &config);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_FALSE(settings->enabled());
}

TEST(AlertSettings, UnknownPrioritiesNameTheirSource) {
    auto settings = resolve({std::nullopt, "LOUD"}, {});
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().kind, ErrorKind::Usage);
    EXPECT_EQ(settings.error().message,
              "--alert-priority: expected one of NONE, PROBLEM, IMPORTANT, SUCCESS, "
              "INFORMATIONAL, got \"LOUD\"");

    settings = resolve({}, {{"REPO2S3_ALERT_PRIORITY", "warn"}});
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().message.rfind("REPO2S3_ALERT_PRIORITY: expected one of", 0), 0u);
}

TEST(AlertSettings, ALevelWithoutChannelOrWebhookIsAnError) {
    const auto settings = resolve({std::nullopt, "PROBLEM"}, {});
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().kind, ErrorKind::Usage);
    EXPECT_NE(settings.error().message.find("--alert-channel"), std::string::npos);
    EXPECT_NE(settings.error().message.find("SLACK_WEBHOOK_URL"), std::string::npos);
}

TEST(AlertSettings, TheWebApiNeedsSomewhereToFindAToken) {
    const secrets::SecretsLocation nowhere;
    auto settings = resolve({"C1", "PROBLEM"}, {}, nullptr, nowhere);
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().kind, ErrorKind::Usage);
    EXPECT_NE(settings.error().message.find("SLACK_TOKEN"), std::string::npos);

    settings = resolve({"C1", "PROBLEM"}, {{"SLACK_TOKEN", "xoxb-1"}}, nullptr, nowhere);
    ASSERT_TRUE(settings) << settings.error().message;
    settings = resolve({"C1", "PROBLEM"}, {}, nullptr, kSecretsFile);
    ASSERT_TRUE(settings) << settings.error().message;
}

TEST(AlertSettings, AWebhookNeedsNeitherChannelNorToken) {
    const secrets::SecretsLocation nowhere;
    const auto settings =
        resolve({std::nullopt, "IMPORTANT"},
                {{"SLACK_WEBHOOK_URL", "https://hooks.example.test/services/T/B/SECRET"}}, nullptr,
                nowhere);
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->webhook_url, "https://hooks.example.test/services/T/B/SECRET");
}

TEST(AlertSettings, BadUrlsAreRefusedWithoutEchoingTheWebhook) {
    auto settings = resolve({}, {{"SLACK_WEBHOOK_URL", "hooks.example.test/SECRET"}});
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().message, "SLACK_WEBHOOK_URL: not an http or https URL");

    settings = resolve({}, {{"SLACK_API_URL", "ftp://slack"}});
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("SLACK_API_URL"), std::string::npos);

    settings = resolve({}, {{"SLACK_API_URL", "http://127.0.0.1:4000/api"}});
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->api_url, "http://127.0.0.1:4000/api");
}

TEST(SecretsLocation, EnvironmentWinsOverTheFile) {
    const auto config = file_config();
    auto location = resolve_secrets_location(util::fixed_env({}), &config);
    EXPECT_EQ(location.secret_id, "file-secret");
    EXPECT_EQ(location.region, "eu-west-1");
    EXPECT_FALSE(location.file);

    location = resolve_secrets_location(util::fixed_env({{"AWS_REGION", "us-east-1"}}), &config);
    EXPECT_EQ(location.region, "eu-west-1") << "SecretRegion belongs to the file's SecretId";

    location = resolve_secrets_location(util::fixed_env({{"REPO2S3_SECRET_REGION", "ap-south-1"}}),
                                        &config);
    EXPECT_EQ(location.secret_id, "file-secret");
    EXPECT_EQ(location.region, "ap-south-1");

    location = resolve_secrets_location(
        util::fixed_env({{"REPO2S3_SECRET_ID", "env-secret"}, {"AWS_REGION", "us-east-1"}}),
        &config);
    EXPECT_EQ(location.secret_id, "env-secret");
    EXPECT_EQ(location.region, "us-east-1");

    location =
        resolve_secrets_location(util::fixed_env({{"REPO2S3_SECRETS_FILE", "/s.json"}}), &config);
    EXPECT_EQ(location.file, "/s.json");
    EXPECT_FALSE(location.secret_id);
}

TEST(SecretsLocation, WithoutAFileItIsTheEnvironments) {
    const auto location = resolve_secrets_location(
        util::fixed_env({{"REPO2S3_SECRET_ID", "x"}, {"AWS_DEFAULT_REGION", "us-west-2"}}),
        nullptr);
    EXPECT_EQ(location.secret_id, "x");
    EXPECT_EQ(location.region, "us-west-2");
}

}  // namespace
}  // namespace repo2s3::config
