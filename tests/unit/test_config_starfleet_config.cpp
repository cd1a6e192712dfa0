#include <gtest/gtest.h>

#include "repo2s3/config/starfleet_config.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::config {
namespace {

// A deployment's file as Starfleet's own docs lay it out: many keys repo2s3 does not read.
constexpr const char* kStarfleetFile = R"(STARFLEET:
    DeploymentRegion: us-east-2
    TemplateBucket: starfleet-templates
    FanOutQueueUrl: https://sqs.us-east-2.amazonaws.com/123456789012/starbase-fanout
    LogLevel: DEBUG
    ThirdPartyLoggerLevels:
        botocore: CRITICAL
        'urllib3.connectionpool': CRITICAL
    SlackEnabled: True
    SecretsManager:
        SecretId: Starfleet
        SecretRegion: us-east-2

AccountIndexGeneratorShip:
  Enabled: True
  TemplatePrefix: AccountIndexGenerator/SaveConfiguration.yaml

GitHubSyncWorkerShip:
  Enabled: True
  TemplatePrefix: GitHubSync/
  InvocationQueueUrl: https://sqs.us-east-2.amazonaws.com/123456789012/github-sync
  InvocationSources:
    - EVENTBRIDGE_TIMED_EVENT
  EventBridgeTimedFrequency: FIVE_MIN
  AlertConfiguration:
    ChannelId: C0123ABCD
    AlertPriority: IMPORTANT
)";

TEST(StarfleetConfig, ReadsADeploymentFileUnchanged) {
    const auto config = parse_starfleet_config(kStarfleetFile, "starfleet.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->origin, "starfleet.yaml");
    EXPECT_TRUE(config->slack_enabled);
    EXPECT_EQ(config->alert_channel, "C0123ABCD");
    EXPECT_EQ(config->alert_priority, alerts::Priority::Important);
    EXPECT_EQ(config->secret_id, "Starfleet");
    EXPECT_EQ(config->secret_region, "us-east-2");
}

TEST(StarfleetConfig, EverythingIsOptional) {
    const auto config = parse_starfleet_config("STARFLEET:\n  LogLevel: INFO\n", "c.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_FALSE(config->slack_enabled);
    EXPECT_FALSE(config->alert_channel);
    EXPECT_FALSE(config->alert_priority);
    EXPECT_FALSE(config->secret_id);

    const auto other = parse_starfleet_config("SomeOtherShip:\n  Enabled: true\n", "c.yaml");
    ASSERT_TRUE(other) << other.error().message;
}

TEST(StarfleetConfig, PriorityInAnyCaseAndBooleansAsStarfleetWroteThem) {
    const auto config = parse_starfleet_config(
        "STARFLEET: {SlackEnabled: yes}\n"
        "GitHubSyncWorkerShip: {AlertConfiguration: {ChannelId: C1, AlertPriority: problem}}\n",
        "c.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->slack_enabled);
    EXPECT_EQ(config->alert_priority, alerts::Priority::Problem);
}

TEST(StarfleetConfig, AKeyWrittenTwiceTakesItsLastValue) {
    const auto config = parse_starfleet_config(
        "GitHubSyncWorkerShip:\n  AlertConfiguration: {ChannelId: C1, AlertPriority: NONE}\n"
        "  AlertConfiguration: {ChannelId: C2, AlertPriority: SUCCESS}\n",
        "c.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->alert_channel, "C2");
    EXPECT_EQ(config->alert_priority, alerts::Priority::Success);
}

struct BadConfig {
    const char* text;
    const char* message;  // the whole error, after "bad.yaml: "
};

class BadConfigs : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigs, OneLineNamingFileAndKey) {
    const auto config = parse_starfleet_config(GetParam().text, "bad.yaml");
    ASSERT_FALSE(config) << GetParam().text;
    EXPECT_EQ(config.error().kind, ErrorKind::Usage);
    EXPECT_EQ(config.error().message, std::string("bad.yaml: ") + GetParam().message);
    EXPECT_EQ(config.error().message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadConfigs,
    ::testing::Values(
        BadConfig{"", "the file is empty"},
        BadConfig{"- a\n- b\n",
                  "expected a mapping of sections such as \"STARFLEET:\" at the top level, got a "
                  "list"},
        BadConfig{"a: 1\n---\nb: 2\n",
                  "holds 2 YAML documents (separated by ---); a configuration file is a single "
                  "mapping"},
        BadConfig{"STARFLEET: [1]\n", "STARFLEET: expected a mapping, got a list"},
        BadConfig{"STARFLEET:\n", "STARFLEET: has no value; give a mapping or remove the key"},
        BadConfig{"STARFLEET: {SlackEnabled: maybe}\n",
                  "STARFLEET.SlackEnabled: expected true or false, got \"maybe\""},
        BadConfig{"STARFLEET: {SlackEnabled: [true]}\n",
                  "STARFLEET.SlackEnabled: expected true or false, got a list"},
        BadConfig{"STARFLEET: {SecretsManager: Starfleet}\n",
                  "STARFLEET.SecretsManager: expected a mapping, got \"Starfleet\""},
        BadConfig{"STARFLEET: {SecretsManager: {SecretId: s}}\n",
                  "STARFLEET.SecretsManager: missing required key SecretRegion"},
        BadConfig{"STARFLEET: {SecretsManager: {SecretRegion: us-east-1}}\n",
                  "STARFLEET.SecretsManager: missing required key SecretId"},
        BadConfig{"STARFLEET: {SecretsManager: {SecretId: '', SecretRegion: r}}\n",
                  "STARFLEET.SecretsManager.SecretId: must not be empty"},
        BadConfig{"STARFLEET: {SecretsManager: {SecretId: s, SecretRegion: ~}}\n",
                  "STARFLEET.SecretsManager.SecretRegion: has no value"},
        BadConfig{"GitHubSyncWorkerShip: true\n",
                  "GitHubSyncWorkerShip: expected a mapping, got \"true\""},
        BadConfig{"GitHubSyncWorkerShip: {AlertConfiguration: [C1]}\n",
                  "GitHubSyncWorkerShip.AlertConfiguration: expected a mapping, got a list"},
        BadConfig{"GitHubSyncWorkerShip: {AlertConfiguration: {AlertPriority: PROBLEM}}\n",
                  "GitHubSyncWorkerShip.AlertConfiguration: missing required key ChannelId"},
        BadConfig{"GitHubSyncWorkerShip: {AlertConfiguration: {ChannelId: C1}}\n",
                  "GitHubSyncWorkerShip.AlertConfiguration: missing required key AlertPriority"},
        BadConfig{"GitHubSyncWorkerShip: {AlertConfiguration: {ChannelId: {a: b}, "
                  "AlertPriority: PROBLEM}}\n",
                  "GitHubSyncWorkerShip.AlertConfiguration.ChannelId: expected a string, got a "
                  "mapping"},
        BadConfig{"GitHubSyncWorkerShip: {AlertConfiguration: {ChannelId: C1, AlertPriority: "
                  "LOUD}}\n",
                  "GitHubSyncWorkerShip.AlertConfiguration.AlertPriority: expected one of NONE, "
                  "PROBLEM, IMPORTANT, SUCCESS, INFORMATIONAL, got \"LOUD\""},
        BadConfig{"GitHubSyncWorkerShip: {AllowedGitHubApiUrls: https://ghe.example}\n",
                  "GitHubSyncWorkerShip.AllowedGitHubApiUrls: expected a list of URLs, got "
                  "\"https://ghe.example\""},
        BadConfig{"GitHubSyncWorkerShip: {AllowedGitHubApiUrls: [ghe.example]}\n",
                  "GitHubSyncWorkerShip.AllowedGitHubApiUrls[0]: expected an http:// or https:// "
                  "URL, got \"ghe.example\""}));

TEST(StarfleetConfig, AllowedGitHubApiUrlsAreRead) {
    const auto config = parse_starfleet_config(
        "GitHubSyncWorkerShip:\n  AllowedGitHubApiUrls:\n    - https://ghe.example/api/v3\n"
        "    - http://127.0.0.1:8080\n",
        "starfleet.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->allowed_github_api_urls,
              (std::vector<std::string>{"https://ghe.example/api/v3", "http://127.0.0.1:8080"}));
}

TEST(StarfleetConfig, SyntaxErrorsGiveLineAndColumn) {
    const auto config = parse_starfleet_config("STARFLEET:\n  SlackEnabled: [true\n", "bad.yaml");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::Usage);
    EXPECT_EQ(config.error().message.rfind("bad.yaml: line ", 0), 0u) << config.error().message;
    EXPECT_NE(config.error().message.find("YAML syntax error"), std::string::npos);
}

TEST(StarfleetConfig, ACommaOutsideBracketsIsASyntaxErrorNotAnEndlessLoop) {
    // yaml-cpp 0.7's LoadAll alone never returns on it (jbeder/yaml-cpp#1040).
    const auto config = parse_starfleet_config("# Starfleet\n\"STARFLEET\",\n", "bad.yaml");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::Usage);
    EXPECT_EQ(config.error().message,
              "bad.yaml: line 2, column 12: YAML syntax error: unexpected ',' outside [ ] or { }");
}

TEST(LoadStarfleetConfig, ReadsAFile) {
    testing::TempDir dir;
    const auto file = dir.write("starfleet.yaml", kStarfleetFile);
    const auto config = load_starfleet_config(file.string());
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->origin, file.string());
    EXPECT_EQ(config->alert_channel, "C0123ABCD");
}

TEST(LoadStarfleetConfig, AMissingFileIsAUsageErrorNamingIt) {
    testing::TempDir dir;
    const auto missing = (dir.path() / "nope.yaml").string();
    const auto config = load_starfleet_config(missing);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::Usage);
    EXPECT_EQ(config.error().message.rfind(missing + ": ", 0), 0u) << config.error().message;
}

TEST(LoadStarfleetConfig, ADirectoryMergesItsYamlFilesAsStarfleetDoes) {
    testing::TempDir dir;
    dir.write(
        "base_configuration.yaml",
        "STARFLEET:\n  SlackEnabled: true\n  SecretsManager: {SecretId: s, SecretRegion: r}\n");
    dir.write("github_sync.yaml",
              "GitHubSyncWorkerShip:\n  AlertConfiguration: {ChannelId: C9, AlertPriority: "
              "INFORMATIONAL}\n");
    dir.write("notes.txt", "not: [yaml");  // only *.yaml files count
    const auto config = load_starfleet_config(dir.path().string());
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->slack_enabled);
    EXPECT_EQ(config->secret_id, "s");
    EXPECT_EQ(config->alert_channel, "C9");
    EXPECT_EQ(config->alert_priority, alerts::Priority::Informational);
}

TEST(LoadStarfleetConfig, ASectionInTwoFilesOfADirectoryIsAnError) {
    testing::TempDir dir;
    dir.write("a.yaml", "STARFLEET: {SlackEnabled: true}\n");
    dir.write("b.yaml", "STARFLEET: {SlackEnabled: false}\n");
    const auto config = load_starfleet_config(dir.path().string());
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::Usage);
    const auto a = (dir.path() / "a.yaml").string();
    const auto b = (dir.path() / "b.yaml").string();
    EXPECT_EQ(config.error().message, b + ": STARFLEET: is also defined in " + a +
                                          "; define each section in one file only");
}

TEST(LoadStarfleetConfig, ABadFileInADirectoryIsNamed) {
    testing::TempDir dir;
    dir.write("a.yaml", "STARFLEET: {SlackEnabled: true}\n");
    dir.write("z.yaml", "GitHubSyncWorkerShip: {AlertConfiguration: {ChannelId: C1}}\n");
    const auto config = load_starfleet_config(dir.path().string());
    ASSERT_FALSE(config);
    EXPECT_EQ(
        config.error().message.rfind(
            (dir.path() / "z.yaml").string() + ": GitHubSyncWorkerShip.AlertConfiguration: ", 0),
        0u)
        << config.error().message;
}

TEST(LoadStarfleetConfig, AnEmptyDirectoryIsAnError) {
    testing::TempDir dir;
    const auto config = load_starfleet_config(dir.path().string());
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("no *.yaml"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::config
