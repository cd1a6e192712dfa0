#include <gtest/gtest.h>

#include "repo2s3/aws/web_identity_credentials.hpp"
#include "support/scripted_http_client.hpp"
#include "support/sts_responses.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::system_clock;
using testing::form_fields;
using testing::make_response;
using testing::ScriptedHttpClient;
using testing::sts_credentials_xml;

const system_clock::time_point kNow = system_clock::from_time_t(1'714'564'800);

class WebIdentityTest : public ::testing::Test {
  protected:
    WebIdentityTest()
        : client_([this](const http::Request&) {
              return make_response(200, sts_credentials_xml("AssumeRoleWithWebIdentity",
                                                            "ASIAWEB" + std::to_string(++issued_),
                                                            kNow + std::chrono::hours(1)));
          }) {}

    Result<Credentials> lookup(std::map<std::string, std::string> env) {
        env.emplace("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000");
        env.emplace("HOME", dir_.path().string());
        WebIdentityCredentials provider(
            {util::fixed_env(std::move(env)), &client_, [] { return kNow; }});
        return provider.credentials();
    }
    std::map<std::string, std::string> sent_fields(std::size_t index) const {
        return form_fields(client_.requests().at(index).body);
    }

    testing::TempDir dir_;
    int issued_ = 0;
    ScriptedHttpClient client_;
};

TEST_F(WebIdentityTest, NotConfiguredIsNotFound) {
    const auto found = lookup({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(client_.request_count(), 0u);
}

TEST_F(WebIdentityTest, ATokenFileWithoutARoleIsAnError) {
    const auto token = dir_.write("token", "jwt");
    const auto found = lookup({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_NE(found.error().message.find("AWS_ROLE_ARN is not"), std::string::npos);
}

TEST_F(WebIdentityTest, ExchangesTheTokenReadAgainOnEachCall) {
    const auto token = dir_.write("token", "first.jwt.token\n");
    const std::map<std::string, std::string> env = {
        {"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
        {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pods"},
        {"AWS_ROLE_SESSION_NAME", "pod-a"}};
    auto found = lookup(env);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAWEB1");
    EXPECT_EQ(found->expiration, kNow + std::chrono::hours(1));
    dir_.write("token", "second.jwt.token");
    found = lookup(env);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->access_key_id, "ASIAWEB2");

    EXPECT_EQ(client_.requests().at(0).url, "http://127.0.0.1:5000/");
    EXPECT_EQ(sent_fields(0).at("WebIdentityToken"), "first.jwt.token");
    EXPECT_EQ(sent_fields(1).at("WebIdentityToken"), "second.jwt.token");
    EXPECT_EQ(sent_fields(0).at("RoleArn"), "arn:aws:iam::123456789012:role/pods");
    EXPECT_EQ(sent_fields(0).at("RoleSessionName"), "pod-a");
}

TEST_F(WebIdentityTest, TheSessionNameDefaultsToOneWithTheTime) {
    const auto token = dir_.write("token", "jwt");
    ASSERT_TRUE(lookup({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                        {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}}));
    EXPECT_EQ(sent_fields(0).at("RoleSessionName"), "repo2s3-1714564800000");
}

TEST_F(WebIdentityTest, AMissingOrEmptyTokenFileIsNamed) {
    auto found = lookup({{"AWS_WEB_IDENTITY_TOKEN_FILE", (dir_.path() / "gone").string()},
                         {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Io);
    EXPECT_EQ(found.error().message, "AWS_WEB_IDENTITY_TOKEN_FILE names " +
                                         (dir_.path() / "gone").string() +
                                         ", which cannot be read");
    const auto empty = dir_.write("empty", " \n");
    found = lookup({{"AWS_WEB_IDENTITY_TOKEN_FILE", empty.string()},
                    {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_EQ(client_.request_count(), 0u);
}

TEST_F(WebIdentityTest, TheRegionFallsBackToTheSelectedProfile) {
    const auto token = dir_.write("token", "jwt");
    dir_.write(".aws/config", "[profile pods]\nregion = eu-central-1\n");
    const std::map<std::string, std::string> env = {{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                                                    {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                                                    {"AWS_PROFILE", "pods"},
                                                    {"HOME", dir_.path().string()}};
    WebIdentityCredentials provider({util::fixed_env(env), &client_});
    ASSERT_TRUE(provider.credentials());
    EXPECT_EQ(client_.requests().at(0).url, "https://sts.eu-central-1.amazonaws.com/");
}

TEST_F(WebIdentityTest, RejectedTokensStopTheChainWithoutShowingTheToken) {
    const auto token = dir_.write("token", "secret.jwt.value");
    ScriptedHttpClient rejecting(make_response(
        400, testing::sts_error_xml("InvalidIdentityToken", "Couldn't retrieve verification key")));
    WebIdentityCredentials provider(
        {util::fixed_env({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                          {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                          {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000"}}),
         &rejecting});
    const auto found = provider.credentials();
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_NE(found.error().message.find("InvalidIdentityToken"), std::string::npos);
    EXPECT_EQ(found.error().message.find("secret.jwt.value"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::aws
