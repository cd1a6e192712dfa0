#include <gtest/gtest.h>

#include <string>

#include "repo2s3/secrets/secrets_source.hpp"
#include "repo2s3/secrets/starfleet_secrets.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::secrets {
namespace {

constexpr const char* kDocument =
    R"({"STARFLEET": {"SlackToken": "xoxb-slack"},
        "GitHubSyncWorker": {"acme": "key text for acme\nsecond line\n"}})";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(StarfleetSecrets, ReadsTheKeyPerOrganizationAndTheSlackToken) {
    auto parsed = StarfleetSecrets::parse(kDocument, "secrets file s.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed->github_private_key("acme"), "key text for acme\nsecond line\n");
    EXPECT_EQ(parsed->slack_token(), "xoxb-slack");
    EXPECT_EQ(parsed->origin(), "secrets file s.json");
}

TEST(StarfleetSecrets, UnknownSectionsAreIgnored) {
    auto parsed =
        StarfleetSecrets::parse(R"({"Other": {"x": 1}, "GitHubSyncWorker": {"a": "k"}})", "o");
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->slack_token());
    EXPECT_TRUE(parsed->github_private_key("a"));
}

TEST(StarfleetSecrets, MalformedJsonIsRefusedWithoutQuotingIt) {
    auto parsed =
        StarfleetSecrets::parse(R"({"GitHubSyncWorker": {"acme": "MIIsecretsecret)", "secret x");
    ASSERT_FALSE(parsed);
    EXPECT_TRUE(contains(parsed.error().message, "secret x")) << parsed.error().message;
    EXPECT_FALSE(contains(parsed.error().message, "MIIsecret")) << parsed.error().message;
}

TEST(StarfleetSecrets, NonStringKeyNamesTheOrganization) {
    auto parsed = StarfleetSecrets::parse(R"({"GitHubSyncWorker": {"acme": 12}})", "o");
    ASSERT_FALSE(parsed);
    EXPECT_TRUE(contains(parsed.error().message, "GitHubSyncWorker.acme"))
        << parsed.error().message;
}

TEST(StarfleetSecrets, MissingOrganizationWithNoneListsNone) {
    auto parsed = StarfleetSecrets::parse(R"({"STARFLEET": {}})", "o");
    ASSERT_TRUE(parsed);
    auto key = parsed->github_private_key("acme");
    ASSERT_FALSE(key);
    EXPECT_TRUE(contains(key.error().message, "none")) << key.error().message;
}

TEST(SecretsLocation, ReadsTheEnvironmentWithRegionFallbacks) {
    auto location = secrets_location_from_env(
        util::fixed_env({{"REPO2S3_SECRET_ID", "starfleet"}, {"AWS_DEFAULT_REGION", "eu-west-1"}}));
    EXPECT_EQ(location.secret_id, "starfleet");
    EXPECT_EQ(location.region, "eu-west-1");
    EXPECT_TRUE(location.configured());
    location = secrets_location_from_env(util::fixed_env({{"REPO2S3_SECRET_REGION", "us-east-2"},
                                                          {"AWS_REGION", "eu-west-1"},
                                                          {"AWS_DEFAULT_REGION", "x"}}));
    EXPECT_EQ(location.region, "us-east-2");
    EXPECT_FALSE(location.configured());
    location = secrets_location_from_env(
        util::fixed_env({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "x"}}));
    EXPECT_EQ(location.region, "eu-west-1");
}

SecretFetcher never_called() {
    return [](const std::string&, const std::string&) -> Result<std::string> {
        ADD_FAILURE() << "Secrets Manager must not be called";
        return fail(ErrorKind::Internal, "called");
    };
}

TEST(LoadStarfleetSecrets, FileWinsOverSecretsManager) {
    testing::TempDir dir;
    const auto file = dir.write("secrets.json", kDocument).string();
    SecretsLocation location{file, "starfleet", "us-east-1"};
    auto secrets = load_starfleet_secrets(location, never_called());
    ASSERT_TRUE(secrets) << secrets.error().message;
    ASSERT_TRUE(*secrets);
    EXPECT_TRUE((*secrets)->github_private_key("acme"));
    EXPECT_TRUE(contains((*secrets)->origin(), file));
}

TEST(LoadStarfleetSecrets, UnreadableFileNamesIt) {
    auto secrets =
        load_starfleet_secrets({std::string("/nonexistent/secrets.json"), {}, {}}, never_called());
    ASSERT_FALSE(secrets);
    EXPECT_TRUE(contains(secrets.error().message, "/nonexistent/secrets.json"));
}

TEST(LoadStarfleetSecrets, SecretsManagerIsAskedForTheSecretInItsRegion) {
    std::string asked;
    const SecretFetcher fetch = [&](const std::string& id,
                                    const std::string& region) -> Result<std::string> {
        asked = id + "@" + region;
        return std::string(kDocument);
    };
    auto secrets =
        load_starfleet_secrets({{}, std::string("starfleet"), std::string("eu-central-1")}, fetch);
    ASSERT_TRUE(secrets) << secrets.error().message;
    EXPECT_EQ(asked, "starfleet@eu-central-1");
    EXPECT_TRUE((*secrets)->github_private_key("acme"));
    EXPECT_TRUE(contains((*secrets)->origin(), "Secrets Manager secret starfleet"));
}

TEST(LoadStarfleetSecrets, SecretsManagerWithoutRegionIsAUsageError) {
    auto secrets = load_starfleet_secrets({{}, std::string("starfleet"), {}}, never_called());
    ASSERT_FALSE(secrets);
    EXPECT_EQ(secrets.error().kind, ErrorKind::Usage);
    EXPECT_TRUE(contains(secrets.error().message, "REPO2S3_SECRET_REGION"));
}

TEST(LoadStarfleetSecrets, NothingConfiguredIsNoDocument) {
    auto secrets = load_starfleet_secrets({}, never_called());
    ASSERT_TRUE(secrets);
    EXPECT_FALSE(*secrets);
}

}  // namespace
}  // namespace repo2s3::secrets
