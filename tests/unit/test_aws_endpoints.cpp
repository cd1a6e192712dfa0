#include <gtest/gtest.h>

#include "repo2s3/aws/endpoints.hpp"

namespace repo2s3::aws {
namespace {

ServiceEndpoint s3(const std::string& region, std::map<std::string, std::string> env = {}) {
    auto endpoint = s3_endpoint(region, util::fixed_env(std::move(env)));
    EXPECT_TRUE(endpoint) << endpoint.error().message;
    return endpoint ? *endpoint : ServiceEndpoint{};
}

Error s3_error(const std::string& value, const std::string& variable = "AWS_ENDPOINT_URL_S3") {
    auto endpoint = s3_endpoint("us-east-1", util::fixed_env({{variable, value}}));
    EXPECT_FALSE(endpoint) << value << " gave " << endpoint->url;
    return endpoint ? Error{} : endpoint.error();
}

TEST(S3Endpoint, IsRegionalAndVirtualHostedOnAws) {
    auto endpoint = s3("eu-west-1");
    EXPECT_EQ(endpoint.url, "https://s3.eu-west-1.amazonaws.com");
    EXPECT_FALSE(endpoint.path_style);
    EXPECT_EQ(s3("us-east-1").url, "https://s3.us-east-1.amazonaws.com");
    EXPECT_EQ(s3("us-gov-west-1").url, "https://s3.us-gov-west-1.amazonaws.com");
}

TEST(S3Endpoint, ChinaRegionsUseTheirOwnDomain) {
    EXPECT_EQ(s3("cn-north-1").url, "https://s3.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(s3("cn-northwest-1").url, "https://s3.cn-northwest-1.amazonaws.com.cn");
}

TEST(S3Endpoint, TheServiceVariableWinsOverTheGeneralOne) {
    auto endpoint = s3("us-east-1", {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5000"},
                                     {"AWS_ENDPOINT_URL", "http://127.0.0.1:6000"}});
    EXPECT_EQ(endpoint.url, "http://127.0.0.1:5000");
    EXPECT_TRUE(endpoint.path_style);
    endpoint = s3("us-east-1", {{"AWS_ENDPOINT_URL", "http://127.0.0.1:6000"}});
    EXPECT_EQ(endpoint.url, "http://127.0.0.1:6000");
    EXPECT_TRUE(endpoint.path_style);
}

TEST(S3Endpoint, CustomUrlsAreNormalised) {
    EXPECT_EQ(s3("r", {{"AWS_ENDPOINT_URL", "HTTP://LocalHost:9000/"}}).url,
              "http://localhost:9000");
    EXPECT_EQ(s3("r", {{"AWS_ENDPOINT_URL", "https://minio.example/s3//"}}).url,
              "https://minio.example/s3");
    EXPECT_EQ(s3("r", {{"AWS_ENDPOINT_URL", "http://[::1]:4566"}}).url, "http://[::1]:4566");
    EXPECT_EQ(s3("r", {{"AWS_ENDPOINT_URL", "https://s3.example"}}).url, "https://s3.example");
}

TEST(S3Endpoint, ACustomEndpointNeedsNoAwsRegionName) {
    EXPECT_EQ(s3("garage", {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:3900"}}).url,
              "http://127.0.0.1:3900");
}

TEST(S3Endpoint, IgnoringConfiguredEndpointsFallsBackToAws) {
    const auto endpoint = s3("eu-west-1", {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5000"},
                                           {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True"}});
    EXPECT_EQ(endpoint.url, "https://s3.eu-west-1.amazonaws.com");
    EXPECT_FALSE(endpoint.path_style);
    EXPECT_EQ(s3("eu-west-1", {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5000"},
                               {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"}})
                  .url,
              "http://127.0.0.1:5000");
}

TEST(S3Endpoint, RejectsUnusableUrlsNamingTheVariable) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"127.0.0.1:5000", "it must start with http:// or https://"},
        {"ftp://host", "it must start with http:// or https://"},
        {"http://", "it has no host"},
        {"http:///path", "it has no host"},
        {"http://:80", "it has no host"},
        {"http://host:", "its port must be a number from 1 to 65535"},
        {"http://host:0", "its port must be a number from 1 to 65535"},
        {"http://host:65536", "its port must be a number from 1 to 65535"},
        {"http://host:8o", "its port must be a number from 1 to 65535"},
        {"http://host/?x=1", "it must not have a query or fragment"},
        {"http://host#f", "it must not have a query or fragment"},
        {"http://ho st", "it contains spaces or control characters"},
        {"http://[::1", "its IPv6 address is not closed with ']'"},
    };
    for (const auto& [value, problem] : cases) {
        const auto error = s3_error(value);
        EXPECT_EQ(error.kind, ErrorKind::Usage) << value;
        EXPECT_EQ(error.message,
                  "AWS_ENDPOINT_URL_S3=" + value + " is not a usable endpoint URL: " + problem);
    }
    EXPECT_TRUE(s3_error("nope", "AWS_ENDPOINT_URL").message.starts_with("AWS_ENDPOINT_URL=nope"));
}

TEST(S3Endpoint, NeverRepeatsUserInformation) {
    const auto error = s3_error("http://user:hunter2@host");
    EXPECT_EQ(error.message,
              "AWS_ENDPOINT_URL_S3 is not a usable endpoint URL: it must not contain user "
              "information");
}

TEST(S3Endpoint, RejectsARegionThatCannotBeAHostName) {
    for (const std::string region : {"", "US-EAST-1", "us east", "evil.com/x", "-a", "a-"}) {
        auto endpoint = s3_endpoint(region, util::fixed_env({}));
        ASSERT_FALSE(endpoint) << region;
        EXPECT_EQ(endpoint.error().kind, ErrorKind::Usage);
        EXPECT_NE(endpoint.error().message.find("is not an AWS region name"), std::string::npos);
    }
}

TEST(SecretsManagerEndpoint, FollowsTheSameRules) {
    auto endpoint = secrets_manager_endpoint("eu-west-1", util::fixed_env({}));
    ASSERT_TRUE(endpoint);
    EXPECT_EQ(endpoint->url, "https://secretsmanager.eu-west-1.amazonaws.com");
    endpoint = secrets_manager_endpoint("cn-north-1", util::fixed_env({}));
    EXPECT_EQ(endpoint->url, "https://secretsmanager.cn-north-1.amazonaws.com.cn");
    endpoint = secrets_manager_endpoint(
        "eu-west-1", util::fixed_env({{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1/"},
                                      {"AWS_ENDPOINT_URL", "http://127.0.0.1:2"},
                                      {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:3"}}));
    EXPECT_EQ(endpoint->url, "http://127.0.0.1:1");
    endpoint = secrets_manager_endpoint(
        "eu-west-1", util::fixed_env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:2"},
                                      {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:3"}}));
    EXPECT_EQ(endpoint->url, "http://127.0.0.1:2");
    endpoint = secrets_manager_endpoint(
        "eu-west-1", util::fixed_env({{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "bad"}}));
    ASSERT_FALSE(endpoint);
    EXPECT_TRUE(endpoint.error().message.starts_with("AWS_ENDPOINT_URL_SECRETS_MANAGER=bad"));
}

TEST(DefaultRegion, PrefersAwsRegion) {
    EXPECT_EQ(default_region(util::fixed_env({{"AWS_REGION", "a"}, {"AWS_DEFAULT_REGION", "b"}})),
              "a");
    EXPECT_EQ(default_region(util::fixed_env({{"AWS_DEFAULT_REGION", "b"}})), "b");
    EXPECT_EQ(default_region(util::fixed_env({})), std::nullopt);
}

}  // namespace
}  // namespace repo2s3::aws
