#include <gtest/gtest.h>

#include <atomic>

#include "repo2s3/aws/sts_client.hpp"
#include "support/scripted_http_client.hpp"
#include "support/sts_responses.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::system_clock;
using testing::form_fields;
using testing::kStsSecret;
using testing::make_response;
using testing::ScriptedHttpClient;
using testing::sts_credentials_xml;
using testing::sts_error_xml;

const system_clock::time_point kWhen = system_clock::from_time_t(1'714'564'800);  // 2024-05-01
const StsTarget kTarget{"http://127.0.0.1:9999", "eu-west-1"};
constexpr const char* kSourceSecret = "sourceSECRETwJalrXUtnFEMI/K7MDENG";
constexpr const char* kWebToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl";

TEST(StsTarget, RegionFromTheEnvironmentThenTheProfileThenUsEast1) {
    auto target = sts_target(
        util::fixed_env({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}}),
        "ap-south-1");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->region, "eu-west-1");
    EXPECT_EQ(target->url, "https://sts.eu-west-1.amazonaws.com");

    target = sts_target(util::fixed_env({{"AWS_DEFAULT_REGION", "us-west-2"}}), "ap-south-1");
    EXPECT_EQ(target->region, "us-west-2");
    target = sts_target(util::fixed_env({}), "ap-south-1");
    EXPECT_EQ(target->region, "ap-south-1");
    target = sts_target(util::fixed_env({}), std::nullopt);
    EXPECT_EQ(target->region, "us-east-1");
    EXPECT_EQ(target->url, "https://sts.us-east-1.amazonaws.com");
    target = sts_target(util::fixed_env({}), "cn-north-1");
    EXPECT_EQ(target->url, "https://sts.cn-north-1.amazonaws.com.cn");
}

TEST(StsTarget, CustomEndpointsComeFromTheStsVariableFirst) {
    auto target = sts_target(util::fixed_env({{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000/"},
                                              {"AWS_ENDPOINT_URL", "http://127.0.0.1:6000"}}),
                             std::nullopt);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->url, "http://127.0.0.1:5000");
    target =
        sts_target(util::fixed_env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:6000"}}), std::nullopt);
    EXPECT_EQ(target->url, "http://127.0.0.1:6000");

    const auto bad = sts_target(util::fixed_env({{"AWS_ENDPOINT_URL_STS", "ftp://x"}}), {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
    EXPECT_NE(bad.error().message.find("AWS_ENDPOINT_URL_STS"), std::string::npos);
    const auto bad_region = sts_target(util::fixed_env({{"AWS_REGION", "Not A Region"}}), {});
    ASSERT_FALSE(bad_region);
    EXPECT_EQ(bad_region.error().kind, ErrorKind::Usage);
}

TEST(StsClient, DefaultSessionNamesCarryTheTime) {
    EXPECT_EQ(default_session_name(kWhen + std::chrono::milliseconds(42)), "repo2s3-1714564800042");
}

TEST(StsClient, AssumeRoleIsASignedFormPost) {
    ScriptedHttpClient client(make_response(
        200, sts_credentials_xml("AssumeRole", "ASIAROLE", kWhen + std::chrono::hours(1))));
    const Credentials source{"AKIDSOURCE", kSourceSecret, "sourceSessionToken", std::nullopt};
    const AssumeRoleRequest request{"arn:aws:iam::123456789012:role/deploy site", "ci-run",
                                    "ext&id=1", 900};
    const auto credentials = assume_role(client, kTarget, source, request, kWhen);
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIAROLE");
    EXPECT_EQ(credentials->secret_access_key, kStsSecret);
    EXPECT_EQ(credentials->expiration, kWhen + std::chrono::hours(1));

    ASSERT_EQ(client.request_count(), 1u);
    const auto sent = client.requests()[0];
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9999/");
    EXPECT_EQ(sent.headers.get("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
    const auto fields = form_fields(sent.body);
    EXPECT_EQ(fields, (std::map<std::string, std::string>{
                          {"Action", "AssumeRole"},
                          {"Version", "2011-06-15"},
                          {"RoleArn", "arn:aws:iam::123456789012:role/deploy site"},
                          {"RoleSessionName", "ci-run"},
                          {"ExternalId", "ext&id=1"},
                          {"DurationSeconds", "900"}}));
    const auto authorization = sent.headers.get("Authorization").value_or("");
    EXPECT_TRUE(authorization.starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDSOURCE/20240501/eu-west-1/sts/aws4_request"))
        << authorization;
    EXPECT_EQ(sent.headers.get("X-Amz-Date"), "20240501T120000Z");
    EXPECT_EQ(sent.headers.get("X-Amz-Security-Token"), "sourceSessionToken");
}

TEST(StsClient, OptionalFieldsAreLeftOut) {
    ScriptedHttpClient client(make_response(200, sts_credentials_xml("AssumeRole", "ASIA", kWhen)));
    ASSERT_TRUE(assume_role(client, kTarget, {"AKID", kSourceSecret, "", std::nullopt},
                            {"arn:aws:iam::1:role/r", "s", std::nullopt, std::nullopt}, kWhen));
    const auto sent = client.requests()[0];
    const auto fields = form_fields(sent.body);
    EXPECT_FALSE(fields.contains("ExternalId"));
    EXPECT_FALSE(fields.contains("DurationSeconds"));
    EXPECT_FALSE(sent.headers.contains("X-Amz-Security-Token"));
}

TEST(StsClient, WebIdentityIsUnsignedAndCarriesTheToken) {
    ScriptedHttpClient client(
        make_response(200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEB",
                                               kWhen + std::chrono::hours(1))));
    const auto credentials = assume_role_with_web_identity(
        client, kTarget, kWebToken, {"arn:aws:iam::1:role/web", "pod", "ignored", 3600});
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIAWEB");
    const auto sent = client.requests()[0];
    EXPECT_FALSE(sent.headers.contains("Authorization"));
    EXPECT_FALSE(sent.headers.contains("X-Amz-Security-Token"));
    EXPECT_EQ(form_fields(sent.body),
              (std::map<std::string, std::string>{{"Action", "AssumeRoleWithWebIdentity"},
                                                  {"Version", "2011-06-15"},
                                                  {"RoleArn", "arn:aws:iam::1:role/web"},
                                                  {"RoleSessionName", "pod"},
                                                  {"DurationSeconds", "3600"},
                                                  {"WebIdentityToken", kWebToken}}));
}

TEST(StsClient, ErrorResponsesBecomeTypedErrorsWithoutSecrets) {
    struct Case {
        long status;
        std::string code;
        ErrorKind kind;
    };
    for (const auto& [status, code, kind] : {Case{403, "AccessDenied", ErrorKind::Auth},
                                             Case{400, "InvalidIdentityToken", ErrorKind::Auth},
                                             Case{400, "ExpiredTokenException", ErrorKind::Auth},
                                             Case{400, "ValidationError", ErrorKind::Http}}) {
        ScriptedHttpClient client(make_response(status, sts_error_xml(code, "it says no")));
        const auto credentials = assume_role_with_web_identity(
            client, kTarget, kWebToken, {"arn:aws:iam::1:role/web", "pod", {}, {}});
        ASSERT_FALSE(credentials);
        EXPECT_EQ(credentials.error().kind, kind) << code;
        EXPECT_EQ(credentials.error().message,
                  "STS AssumeRoleWithWebIdentity of arn:aws:iam::1:role/web at "
                  "http://127.0.0.1:9999: HTTP " +
                      std::to_string(status) + " " + code + ": it says no");
        EXPECT_EQ(client.request_count(), 1u) << code << " is not retried";
    }
}

TEST(StsClient, TransientFailuresAreTriedThreeTimes) {
    std::atomic<int> calls{0};
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        switch (++calls) {
            case 1:
                return make_response(503, "busy");
            case 2:
                return make_response(400, sts_error_xml("IDPCommunicationError", "idp down"));
            default:
                return make_response(
                    200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIA3", kWhen));
        }
    });
    const auto credentials =
        assume_role_with_web_identity(client, kTarget, kWebToken, {"arn:r", "s", {}, {}});
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIA3");
    EXPECT_EQ(client.request_count(), 3u);

    ScriptedHttpClient down(
        fail(ErrorKind::Network, "POST http://127.0.0.1:9999/: connection refused"));
    const auto failed = assume_role(down, kTarget, {"AKID", kSourceSecret, "", std::nullopt},
                                    {"arn:r", "s", {}, {}}, kWhen);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, ErrorKind::Network);
    EXPECT_EQ(down.request_count(), 3u);
    EXPECT_NE(failed.error().message.find("connection refused"), std::string::npos);
}

TEST(StsClient, AnUnreadableSuccessIsAnHttpError) {
    ScriptedHttpClient client(make_response(200, "<html>proxy login</html>"));
    const auto credentials = assume_role(client, kTarget, {"AKID", kSourceSecret, "", std::nullopt},
                                         {"arn:r", "s", {}, {}}, kWhen);
    ASSERT_FALSE(credentials);
    EXPECT_EQ(credentials.error().kind, ErrorKind::Http);
    EXPECT_NE(credentials.error().message.find("is not a AssumeRoleResponse document"),
              std::string::npos)
        << credentials.error().message;
}

}  // namespace
}  // namespace repo2s3::aws
