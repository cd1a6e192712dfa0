#include <gtest/gtest.h>

#include "repo2s3/aws/profile_credentials.hpp"
#include "repo2s3/aws/sso_credentials.hpp"
#include "repo2s3/crypto/sha1.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::system_clock;
using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kToken = "aoaAAAAAGZSSOACCESSTOKEN";
constexpr const char* kRoleSecret = "ssoSecretKEYwJalrXUtnFEMI";
const system_clock::time_point kNow = system_clock::from_time_t(1'714'564'800);  // 2024-05-01

// Known-answer values of botocore's cache key (hashlib.sha1(...).hexdigest()).
constexpr const char* kCorpKey = "ee0bfd2552fbd840c02cc48b6e823320543c450f";
constexpr const char* kStartUrlKey = "a51746d4aa793ae07b25e90c3a5db96fc7832bd7";

TEST(Sha1, MatchesKnownAnswers) {
    EXPECT_EQ(crypto::sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(crypto::sha1_hex("corp"), kCorpKey);
}

class SsoCredentialsTest : public ::testing::Test {
  protected:
    SsoCredentialsTest()
        : http_([this](const http::Request&) -> Result<http::Response> {
              return make_response(status_, body_);
          }) {
        dir_.write("config",
                   "[profile legacy]\nsso_start_url = https://corp.awsapps.com/start\n"
                   "sso_region = eu-west-1\nsso_account_id = 111122223333\n"
                   "sso_role_name = Deploy Role\n"
                   "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
                   "sso_role_name = Deploy\n"
                   "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                   "sso_region = us-east-2\n"
                   "[profile incomplete]\nsso_role_name = Deploy\nsso_region = us-east-2\n"
                   "[profile nosession]\nsso_session = other\nsso_account_id = 1\n"
                   "sso_role_name = r\n"
                   "[profile disagrees]\nsso_session = corp\nsso_region = eu-west-1\n"
                   "sso_account_id = 1\nsso_role_name = r\n"
                   "[profile sso-and-keys]\nsso_session = corp\nsso_account_id = 1\n"
                   "sso_role_name = r\n"
                   "[profile token-only]\nsso_session = corp\n");
        dir_.write("credentials",
                   "[sso-and-keys]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n"
                   "[token-only]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
    }

    void write_token(const std::string& key, const std::string& expires_at) const {
        dir_.write(
            "home/.aws/sso/cache/" + key + ".json",
            std::string(R"({"startUrl": "https://corp.awsapps.com/start", "accessToken": ")") +
                kToken + R"(", "expiresAt": ")" + expires_at + "\"}");
    }

    Result<Credentials> lookup(const std::string& profile,
                               std::map<std::string, std::string> env = {}) {
        env.emplace("AWS_PROFILE", profile);
        env.emplace("AWS_CONFIG_FILE", (dir_.path() / "config").string());
        env.emplace("AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "credentials").string());
        env.emplace("HOME", (dir_.path() / "home").string());
        ProfileCredentials provider({util::fixed_env(std::move(env)), &http_, [] { return kNow; }});
        return provider.credentials();
    }

    Error error_of(const std::string& profile) {
        const auto found = lookup(profile);
        EXPECT_FALSE(found) << profile;
        if (found) return {};
        EXPECT_EQ(found.error().message.find(kToken), std::string::npos) << found.error().message;
        EXPECT_EQ(found.error().message.find(kRoleSecret), std::string::npos);
        EXPECT_NE(found.error().message.find("profile " + profile), std::string::npos)
            << found.error().message;
        return found.error();
    }

    testing::TempDir dir_;
    long status_ = 200;
    std::string body_ = std::string(R"({"roleCredentials": {"accessKeyId": "ASIASSO",
        "secretAccessKey": ")") +
                        kRoleSecret + R"(", "sessionToken": "ssotok",
        "expiration": 1714568400000}})";
    ScriptedHttpClient http_;
};

TEST_F(SsoCredentialsTest, ASessionProfileUsesTheTokenNamedByTheSessionName) {
    write_token(kCorpKey, "2024-05-01T20:00:00Z");
    const auto found = lookup("dev");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIASSO");
    EXPECT_EQ(found->secret_access_key, kRoleSecret);
    EXPECT_EQ(found->session_token, "ssotok");
    EXPECT_EQ(*found->expiration, system_clock::from_time_t(1'714'568'400));
    ASSERT_EQ(http_.request_count(), 1U);
    const auto request = http_.requests()[0];
    EXPECT_EQ(request.method, "GET");
    EXPECT_EQ(request.url,
              "https://portal.sso.us-east-2.amazonaws.com/federation/credentials"
              "?account_id=111122223333&role_name=Deploy");
    EXPECT_EQ(request.headers.get("x-amz-sso_bearer_token").value_or(""), kToken);
    EXPECT_FALSE(request.headers.get("Authorization"));
}

TEST_F(SsoCredentialsTest, ALegacyProfileUsesTheTokenNamedByTheStartUrl) {
    write_token(kStartUrlKey, "2024-05-01T20:00:00+02:00");
    const auto found = lookup("legacy", {{"AWS_ENDPOINT_URL", "http://127.0.0.1:9/base/"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(http_.requests().at(0).url,
              "http://127.0.0.1:9/base/federation/credentials"
              "?account_id=111122223333&role_name=Deploy%20Role");
    EXPECT_TRUE(lookup("legacy", {{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
                                  {"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:8"}}));
    EXPECT_TRUE(http_.requests().at(1).url.starts_with("http://127.0.0.1:8/federation/"));
}

TEST_F(SsoCredentialsTest, AMissingExpiredOrUnreadableTokenSaysToLogIn) {
    auto error = error_of("dev");
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_NE(error.message.find("no IAM Identity Center token for sso-session corp"),
              std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("run `aws sso login --profile dev`"), std::string::npos);
    write_token(kCorpKey, "2024-05-01T11:59:59Z");
    error = error_of("dev");
    EXPECT_NE(error.message.find("expired at 2024-05-01T11:59:59Z"), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("aws sso login --profile dev"), std::string::npos);
    dir_.write(std::string("home/.aws/sso/cache/") + kCorpKey + ".json",
               std::string("{\"accessToken\": \"") + kToken + "\", truncated");
    error = error_of("dev");
    EXPECT_NE(error.message.find("is not a cached token"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("aws sso login --profile dev"), std::string::npos);
    EXPECT_EQ(http_.request_count(), 0U);
}

TEST_F(SsoCredentialsTest, ARefusedTokenSaysToLogIn) {
    write_token(kCorpKey, "2024-05-01T20:00:00Z");
    for (const long status : {401L, 403L}) {
        status_ = status;
        body_ = R"({"message": "Session token not found or invalid"})";
        const auto error = error_of("dev");
        EXPECT_EQ(error.kind, ErrorKind::Auth);
        EXPECT_NE(error.message.find("HTTP " + std::to_string(status)), std::string::npos);
        EXPECT_NE(error.message.find("aws sso login --profile dev"), std::string::npos);
    }
    status_ = 200;
    body_ = R"({"roleCredentials": {"accessKeyId": "A"}})";
    EXPECT_NE(error_of("dev").message.find("no secretAccessKey"), std::string::npos);
}

TEST_F(SsoCredentialsTest, IncompleteSettingsAreUsageErrors) {
    auto error = error_of("incomplete");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_NE(error.message.find("has no sso_account_id, sso_start_url"), std::string::npos)
        << error.message;
    error = error_of("nosession");
    EXPECT_NE(error.message.find("[sso-session other]"), std::string::npos) << error.message;
    error = error_of("disagrees");
    EXPECT_NE(error.message.find("different values of sso_region"), std::string::npos)
        << error.message;
}

TEST_F(SsoCredentialsTest, SsoComesBeforeStaticKeysAndNeedsAnAccountOrRole) {
    write_token(kCorpKey, "2024-05-01T20:00:00Z");
    EXPECT_EQ(lookup("sso-and-keys")->access_key_id, "ASIASSO");
    // sso_session alone (a token for other tools) does not make an SSO profile.
    EXPECT_EQ(lookup("token-only")->access_key_id, "AKIDFILE");
    auto profiles = load_shared_profiles(
        {(dir_.path() / "credentials").string(), (dir_.path() / "config").string()});
    ASSERT_TRUE(profiles);
    EXPECT_EQ(**profile_source(*profiles, "sso-and-keys"), ProfileSource::Sso);
    EXPECT_EQ(**profile_source(*profiles, "token-only"), ProfileSource::CredentialsFileKeys);
    EXPECT_FALSE(*profile_source(*profiles, "missing"));
    const auto settings = sso_settings(*profiles, "dev", *profiles->merged("dev"));
    ASSERT_TRUE(settings && *settings);
    EXPECT_EQ(sso_token_cache_file(**settings, util::fixed_env({{"HOME", "/h"}})),
              std::string("/h/.aws/sso/cache/") + kCorpKey + ".json");
}

}  // namespace
}  // namespace repo2s3::aws
