#include <gtest/gtest.h>

#include "repo2s3/aws/cloudfront.hpp"
#include "support/fixed_credentials.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::aws {
namespace {

const char* kCreated =
    "<?xml version=\"1.0\"?><Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/"
    "2020-05-31/\"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>"
    "2026-12-01T00:00:00Z</CreateTime><InvalidationBatch/></Invalidation>";

InvalidationRequest sample() {
    return {"E2QWRUHAPOMQZL", "repo2s3-abc", {"/a&b.html", "/index.html"}};
}

TEST(CloudFront, TheBatchHoldsEveryPathAndTheReference) {
    EXPECT_EQ(invalidation_batch_xml(sample()),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidationBatch "
              "xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Paths><Quantity>2"
              "</Quantity><Items><Path>/a&amp;b.html</Path><Path>/index.html</Path></Items>"
              "</Paths><CallerReference>repo2s3-abc</CallerReference></InvalidationBatch>");
}

TEST(CloudFront, CreateInvalidationIsSignedAsAGlobalService) {
    testing::ScriptedHttpClient client(testing::make_response(201, kCreated));
    CloudFrontClient cloudfront(client, std::make_shared<testing::FixedCredentialsProvider>(),
                                {.url = "https://cloudfront.amazonaws.com"});
    const auto created = cloudfront.create_invalidation(sample(), {});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->id, "I2J0I21PCUYOIK");
    EXPECT_EQ(created->status, "InProgress");
    const auto request = client.requests().front();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(
        request.url,
        "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation");
    EXPECT_NE(request.headers.get("Authorization")->find("/us-east-1/cloudfront/aws4_request"),
              std::string::npos);
    EXPECT_EQ(request.body, invalidation_batch_xml(sample()));
}

TEST(CloudFront, RefusalsBecomeErrorsNamingTheDistribution) {
    const std::pair<long, std::string> cases[] = {
        {404, "NoSuchDistribution"}, {403, "AccessDenied"}, {400, "InvalidArgument"}};
    const ErrorKind kinds[] = {ErrorKind::NotFound, ErrorKind::Auth, ErrorKind::Http};
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        testing::ScriptedHttpClient client(testing::make_response(
            cases[i].first, "<ErrorResponse><Error><Type>Sender</Type><Code>" + cases[i].second +
                                "</Code><Message>no</Message></Error></ErrorResponse>"));
        CloudFrontClient cloudfront(client, std::make_shared<testing::FixedCredentialsProvider>(),
                                    {.url = "http://127.0.0.1:1"});
        const auto created = cloudfront.create_invalidation(sample(), {});
        ASSERT_FALSE(created);
        EXPECT_EQ(created.error().kind, kinds[i]) << cases[i].second;
        EXPECT_NE(created.error().message.find("distribution E2QWRUHAPOMQZL"), std::string::npos);
        EXPECT_NE(created.error().message.find(cases[i].second), std::string::npos);
        EXPECT_EQ(client.request_count(), 1u);
    }
}

TEST(CloudFront, AServerErrorIsRetried) {
    int calls = 0;
    testing::ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        return ++calls == 1 ? testing::make_response(503, "<ErrorResponse/>")
                            : testing::make_response(201, kCreated);
    });
    CloudFrontClient cloudfront(client, std::make_shared<testing::FixedCredentialsProvider>(),
                                {.url = "http://127.0.0.1:1"});
    const auto created = cloudfront.create_invalidation(sample(), {});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(client.request_count(), 2u);
}

TEST(CloudFront, MissingCredentialsSendNothing) {
    testing::ScriptedHttpClient client(testing::make_response(201, kCreated));
    auto credentials = std::make_shared<testing::FixedCredentialsProvider>();
    credentials->fail_with = "no credentials";
    CloudFrontClient cloudfront(client, credentials, {.url = "http://127.0.0.1:1"});
    const auto created = cloudfront.create_invalidation(sample(), {});
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, ErrorKind::Auth);
    EXPECT_EQ(client.request_count(), 0u);
}

TEST(CloudFront, TheEndpointFollowsTheEnvironment) {
    const auto endpoint = [](std::map<std::string, std::string> vars) {
        return cloudfront_endpoint(util::fixed_env(std::move(vars)));
    };
    EXPECT_EQ(endpoint({})->url, "https://cloudfront.amazonaws.com");
    EXPECT_EQ(endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000"}})->url,
              "http://127.0.0.1:5000");
    EXPECT_EQ(endpoint({{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000"},
                        {"AWS_ENDPOINT_URL_CLOUDFRONT", "http://127.0.0.1:6000/"}})
                  ->url,
              "http://127.0.0.1:6000");
    EXPECT_FALSE(endpoint({{"AWS_ENDPOINT_URL_CLOUDFRONT", "ftp://x"}}));
}

}  // namespace
}  // namespace repo2s3::aws
