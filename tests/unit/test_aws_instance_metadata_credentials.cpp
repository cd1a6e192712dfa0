#include <gtest/gtest.h>

#include <atomic>

#include "repo2s3/aws/instance_metadata_credentials.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::aws {
namespace {

using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kRoleDocument =
    R"({"Code":"Success","LastUpdated":"2024-05-01T12:00:00Z","Type":"AWS-HMAC",)"
    R"("AccessKeyId":"ASIAINSTANCE","SecretAccessKey":"imdsSECRETwJalrXUtnFEMI/K7MDENG",)"
    R"("Token":"imdsToken","Expiration":"2024-05-01T18:00:00Z"})";

// An IMDSv2 that wants its token on every metadata read.
Result<http::Response> imds(const http::Request& request, const std::string& base) {
    if (request.method == "PUT" && request.url == base + "/latest/api/token") {
        if (request.headers.get("X-aws-ec2-metadata-token-ttl-seconds") != "21600") {
            return make_response(400);
        }
        return make_response(200, "imds-session-token");
    }
    if (request.headers.get("X-aws-ec2-metadata-token") != "imds-session-token") {
        return make_response(401);
    }
    if (request.url == base + "/latest/meta-data/iam/security-credentials/") {
        return make_response(200, "web-role\n");
    }
    if (request.url == base + "/latest/meta-data/iam/security-credentials/web-role") {
        return make_response(200, kRoleDocument);
    }
    return make_response(404);
}

Result<Credentials> lookup(ScriptedHttpClient& client, std::map<std::string, std::string> env) {
    InstanceMetadataCredentials provider({util::fixed_env(std::move(env)), &client});
    return provider.credentials();
}

TEST(InstanceMetadata, ReadsTheRoleCredentialsWithAnImdsV2Token) {
    ScriptedHttpClient client(
        [](const http::Request& request) { return imds(request, "http://169.254.169.254"); });
    const auto found = lookup(client, {});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAINSTANCE");
    EXPECT_EQ(found->session_token, "imdsToken");
    EXPECT_EQ(found->expiration, util::parse_iso8601("2024-05-01T18:00:00Z"));
    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& recorded : requests) {
        EXPECT_EQ(recorded.timeout, std::chrono::seconds(1));
    }
}

TEST(InstanceMetadata, EndpointAndModeVariables) {
    ScriptedHttpClient custom(
        [](const http::Request& request) { return imds(request, "http://127.0.0.1:8111"); });
    EXPECT_TRUE(lookup(custom, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:8111/"}}));
    ScriptedHttpClient ipv6(
        [](const http::Request& request) { return imds(request, "http://[fd00:ec2::254]"); });
    EXPECT_TRUE(lookup(ipv6, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}));

    ScriptedHttpClient unused;
    const auto bad = lookup(unused, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
}

TEST(InstanceMetadata, DisabledMeansNotFoundWithoutARequest) {
    for (const char* value : {"true", "TRUE", "True"}) {
        ScriptedHttpClient client;
        const auto found = lookup(client, {{"AWS_EC2_METADATA_DISABLED", value}});
        ASSERT_FALSE(found);
        EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
        EXPECT_EQ(client.request_count(), 0u);
    }
    ScriptedHttpClient client(
        [](const http::Request& request) { return imds(request, "http://169.254.169.254"); });
    EXPECT_TRUE(lookup(client, {{"AWS_EC2_METADATA_DISABLED", "false"}}));
}

TEST(InstanceMetadata, AnUnreachableServiceIsNotFoundAfterOneRetry) {
    ScriptedHttpClient client(
        fail(ErrorKind::Timeout, "PUT http://169.254.169.254/latest/api/token: timed out"));
    const auto found = lookup(client, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(client.request_count(), 2u);
    EXPECT_NE(found.error().message.find("no instance metadata service at http://169.254.169.254"),
              std::string::npos);
}

TEST(InstanceMetadata, ARefusedTokenOrNoRoleIsNotFound) {
    ScriptedHttpClient refused(make_response(403));
    auto found = lookup(refused, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(refused.request_count(), 1u);

    ScriptedHttpClient no_role([](const http::Request& request) {
        if (request.method == "PUT") return make_response(200, "imds-session-token");
        return make_response(404);
    });
    found = lookup(no_role, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_NE(found.error().message.find("no IAM role"), std::string::npos);
}

TEST(InstanceMetadata, FailuresAfterTheRoleIsKnownAreReported) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.ends_with("/web-role")) {
            return make_response(200, R"({"Code":"AssumeRoleUnauthorizedAccess"})");
        }
        return imds(request, "http://169.254.169.254");
    });
    auto found = lookup(client, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_NE(found.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);

    std::atomic<int> calls{0};
    ScriptedHttpClient flaky([&](const http::Request& request) -> Result<http::Response> {
        if (request.url.ends_with("/web-role") && ++calls == 1) return make_response(500);
        return imds(request, "http://169.254.169.254");
    });
    EXPECT_TRUE(lookup(flaky, {}));
    EXPECT_EQ(flaky.request_count(), 4u);

    ScriptedHttpClient odd_role([](const http::Request& request) -> Result<http::Response> {
        if (request.url.ends_with("/security-credentials/")) return make_response(200, "../x");
        return imds(request, "http://169.254.169.254");
    });
    found = lookup(odd_role, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Http);
}

}  // namespace
}  // namespace repo2s3::aws
