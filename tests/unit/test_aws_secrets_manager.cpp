#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/aws/secrets_manager.hpp"
#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/aws/static_credentials.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "support/rsa_keys.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::system_clock;
using testing::ScriptedHttpClient;

const system_clock::time_point k20150830T123600Z = system_clock::from_time_t(1440938160);
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
constexpr const char* kSecretText = R"({"GitHubSyncWorker": {"org": "-----BEGIN KEY"}})";

http::Response json_response(long status, const nlohmann::json& body) {
    http::Response response;
    response.status = status;
    response.headers.set("Content-Type", "application/x-amz-json-1.1");
    response.body = body.dump();
    return response;
}

Credentials example_credentials(std::string token = "") {
    return {"AKIDEXAMPLE", kSecretKey, std::move(token), std::nullopt};
}

http::RetryPolicy no_wait() {
    auto policy = secrets_manager_retry_policy();
    policy.sleep = [](std::chrono::milliseconds) {};
    return policy;
}

class SecretsManagerTest : public ::testing::Test {
  protected:
    Result<std::string> fetch(const std::string& secret_id = "prod/starfleet") {
        return get_secret_value(client_, credentials_, endpoint_, "eu-west-1", secret_id,
                                k20150830T123600Z, no_wait());
    }

    Error fetch_error(const http::Response& response) {
        client_.answer_with(response);
        auto result = fetch();
        EXPECT_FALSE(result);
        if (result) return {};
        EXPECT_NE(result.error().message.find("'prod/starfleet'"), std::string::npos);
        EXPECT_NE(result.error().message.find("eu-west-1"), std::string::npos);
        EXPECT_EQ(result.error().message.find(kSecretKey), std::string::npos);
        return result.error();
    }

    ScriptedHttpClient client_;
    StaticProvider credentials_{example_credentials()};
    ServiceEndpoint endpoint_{"https://secretsmanager.eu-west-1.amazonaws.com", false};
};

TEST_F(SecretsManagerTest, ReturnsTheSecretString) {
    client_.answer_with(json_response(200, {{"ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x"},
                                            {"Name", "prod/starfleet"},
                                            {"SecretString", kSecretText},
                                            {"VersionId", "v1"}}));
    const auto secret = fetch();
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(*secret, kSecretText);
}

TEST_F(SecretsManagerTest, SendsAGetSecretValueCall) {
    client_.answer_with(json_response(200, {{"SecretString", "x"}}));
    ASSERT_TRUE(fetch("arn:aws:secretsmanager:eu-west-1:1:secret:caf\xC3\xA9 \"q\""));
    ASSERT_EQ(client_.request_count(), 1u);
    const auto request = client_.requests()[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "https://secretsmanager.eu-west-1.amazonaws.com/");
    EXPECT_EQ(request.headers.get("X-Amz-Target"), "secretsmanager.GetSecretValue");
    EXPECT_EQ(request.headers.get("Content-Type"), "application/x-amz-json-1.1");
    EXPECT_EQ(request.headers.get("Host"), "secretsmanager.eu-west-1.amazonaws.com");
    EXPECT_EQ(request.headers.get("X-Amz-Date"), "20150830T123600Z");
    EXPECT_FALSE(request.headers.contains("X-Amz-Content-SHA256"));  // S3 only
    EXPECT_FALSE(request.headers.contains("X-Amz-Security-Token"));
    EXPECT_TRUE(request.headers.contains("User-Agent"));
    EXPECT_EQ(nlohmann::json::parse(request.body),
              (nlohmann::json{
                  {"SecretId", "arn:aws:secretsmanager:eu-west-1:1:secret:caf\xC3\xA9 \"q\""}}));
}

TEST_F(SecretsManagerTest, SignsWithTheSecretsManagerScope) {
    client_.answer_with(json_response(200, {{"SecretString", "x"}}));
    ASSERT_TRUE(fetch());
    const auto authorization = client_.requests().at(0).headers.get("Authorization");
    ASSERT_TRUE(authorization);
    EXPECT_TRUE(authorization->starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/secretsmanager/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="))
        << *authorization;
}

// Recomputes the signature from the request as sent, step by step.
std::string expected_signature(const http::Request& sent, const std::string& secret_key) {
    http::Request unsigned_request = sent;
    unsigned_request.headers.remove("Authorization");
    const std::string names = sigv4::signed_header_names(unsigned_request.headers);
    const std::string canonical = sigv4::canonical_request(
        unsigned_request, names, crypto::sha256_hex(sent.body), /*double_encode_path=*/true);
    const sigv4::SigningScope scope{"eu-west-1", "secretsmanager"};
    const std::string scope_text = sigv4::credential_scope("20150830", scope);
    return sigv4::signature(sigv4::signing_key(secret_key, "20150830", scope),
                            sigv4::string_to_sign("20150830T123600Z", scope_text, canonical));
}

TEST_F(SecretsManagerTest, TheSignatureCoversTheHeadersAndBody) {
    client_.answer_with(json_response(200, {{"SecretString", "x"}}));
    ASSERT_TRUE(fetch());
    const auto sent = client_.requests().at(0);
    const std::string authorization = *sent.headers.get("Authorization");
    EXPECT_TRUE(authorization.ends_with("Signature=" + expected_signature(sent, kSecretKey)))
        << authorization;

    // Another body or target would not verify.
    http::Request tampered = sent;
    tampered.body = R"({"SecretId":"other"})";
    EXPECT_FALSE(authorization.ends_with("Signature=" + expected_signature(tampered, kSecretKey)));
    tampered = sent;
    tampered.headers.set("X-Amz-Target", "secretsmanager.DeleteSecret");
    EXPECT_FALSE(authorization.ends_with("Signature=" + expected_signature(tampered, kSecretKey)));
}

TEST_F(SecretsManagerTest, SendsAndSignsTheSessionToken) {
    StaticProvider temporary(example_credentials(kToken));
    client_.answer_with(json_response(200, {{"SecretString", "x"}}));
    ASSERT_TRUE(get_secret_value(client_, temporary, endpoint_, "eu-west-1", "s", k20150830T123600Z,
                                 no_wait()));
    const auto sent = client_.requests().at(0);
    EXPECT_EQ(sent.headers.get("X-Amz-Security-Token"), kToken);
    const std::string authorization = *sent.headers.get("Authorization");
    EXPECT_NE(authorization.find("x-amz-date;x-amz-security-token;x-amz-target"),
              std::string::npos);
    EXPECT_TRUE(authorization.ends_with("Signature=" + expected_signature(sent, kSecretKey)));
}

TEST_F(SecretsManagerTest, UsesACustomEndpointPath) {
    endpoint_ = {"http://127.0.0.1:5000", true};
    client_.answer_with(json_response(200, {{"SecretString", "x"}}));
    ASSERT_TRUE(fetch());
    EXPECT_EQ(client_.requests().at(0).url, "http://127.0.0.1:5000/");
    EXPECT_EQ(client_.requests().at(0).headers.get("Host"), "127.0.0.1:5000");
}

TEST_F(SecretsManagerTest, MapsErrorResponsesToKinds) {
    struct Case {
        long status;
        std::string type;
        ErrorKind kind;
    };
    const std::vector<Case> cases = {
        {400, "ResourceNotFoundException", ErrorKind::NotFound},
        {400, "com.amazonaws.secretsmanager#ResourceNotFoundException", ErrorKind::NotFound},
        {400, "AccessDeniedException", ErrorKind::Auth},
        {400, "UnrecognizedClientException", ErrorKind::Auth},
        {403, "InvalidSignatureException", ErrorKind::Auth},
        {400, "ExpiredTokenException", ErrorKind::Auth},
        {400, "DecryptionFailure", ErrorKind::Auth},
        {400, "ThrottlingException", ErrorKind::RateLimited},
        {500, "InternalServiceError", ErrorKind::Network},
        {400, "InvalidRequestException", ErrorKind::Http},
        {400, "InvalidParameterException", ErrorKind::Http},
    };
    for (const auto& c : cases) {
        const auto error =
            fetch_error(json_response(c.status, {{"__type", c.type}, {"message", "why"}}));
        EXPECT_EQ(error.kind, c.kind) << c.type << ": " << error.message;
        const auto bare = c.type.substr(c.type.rfind('#') + 1);
        EXPECT_NE(error.message.find("HTTP " + std::to_string(c.status) + " " + bare + ": why"),
                  std::string::npos)
            << error.message;
        EXPECT_EQ(error.message.find('#'), std::string::npos) << error.message;
    }
}

TEST_F(SecretsManagerTest, NotFoundNamesTheSecretAndRegion) {
    const auto error = fetch_error(
        json_response(400, {{"__type", "ResourceNotFoundException"},
                            {"Message", "Secrets Manager can't find the specified secret."}}));
    EXPECT_EQ(error.message,
              "Secrets Manager secret 'prod/starfleet' in eu-west-1 "
              "(https://secretsmanager.eu-west-1.amazonaws.com): HTTP 400 "
              "ResourceNotFoundException: Secrets Manager can't find the specified secret.; "
              "check the secret id and its region");
}

TEST_F(SecretsManagerTest, AuthErrorsNameTheCredentialsSource) {
    const auto error = fetch_error(json_response(400, {{"__type", "UnrecognizedClientException"}}));
    EXPECT_NE(error.message.find("check the AWS credentials (static)"), std::string::npos)
        << error.message;
}

TEST_F(SecretsManagerTest, ReadsTheErrorTypeHeaderWhenTheBodyHasNone) {
    http::Response response;
    response.status = 400;
    response.headers.set("x-amzn-ErrorType",
                         "ResourceNotFoundException:http://internal.amazon.com/");
    response.body = "{}";
    EXPECT_EQ(fetch_error(response).kind, ErrorKind::NotFound);
}

TEST_F(SecretsManagerTest, NonJsonErrorsUseTheStatus) {
    http::Response response;
    response.status = 502;
    response.body = "<html>Bad Gateway</html>";
    EXPECT_EQ(fetch_error(response).kind, ErrorKind::Network);
    response.status = 403;
    EXPECT_EQ(fetch_error(response).kind, ErrorKind::Auth);
    response.status = 429;
    EXPECT_EQ(fetch_error(response).kind, ErrorKind::RateLimited);
    response.status = 404;
    EXPECT_EQ(fetch_error(response).kind, ErrorKind::Http);
}

TEST_F(SecretsManagerTest, ABinarySecretIsAClearError) {
    const auto error = fetch_error(json_response(200, {{"SecretBinary", "c2VjcmV0LWJ5dGVz"}}));
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_NE(error.message.find("SecretBinary"), std::string::npos);
    EXPECT_EQ(error.message.find("c2VjcmV0LWJ5dGVz"), std::string::npos);
}

TEST_F(SecretsManagerTest, AnUnreadableSuccessNeverQuotesTheBody) {
    http::Response response;
    response.status = 200;
    response.body = "SecretString: " + repo2s3::testing::pem_boundary("BEGIN", "RSA PRIVATE KEY");
    auto error = fetch_error(response);
    EXPECT_EQ(error.kind, ErrorKind::Http);
    EXPECT_EQ(error.message.find("PRIVATE KEY"), std::string::npos);
    error = fetch_error(json_response(200, {{"Name", "x"}}));
    EXPECT_NE(error.message.find("no SecretString"), std::string::npos);
}

TEST_F(SecretsManagerTest, ThrottlingAndServerErrorsAreRetriedAndSignedAgain) {
    int calls = 0;
    client_.answer_with([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        if (calls == 1) return json_response(400, {{"__type", "ThrottlingException"}});
        if (calls == 2) return json_response(503, {{"__type", "ServiceUnavailable"}});
        return json_response(200, {{"SecretString", "the document"}});
    });
    const auto result = fetch();
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(*result, "the document");
    const auto sent = client_.requests();
    ASSERT_EQ(sent.size(), 3u);
    for (const auto& request : sent) {
        EXPECT_TRUE(request.headers.get("Authorization")
                        ->ends_with("Signature=" + expected_signature(request, kSecretKey)));
    }
}

TEST_F(SecretsManagerTest, AFinalErrorIsNotRetried) {
    client_.answer_with(json_response(400, {{"__type", "ResourceNotFoundException"}}));
    EXPECT_FALSE(fetch());
    EXPECT_EQ(client_.request_count(), 1u);
}

TEST_F(SecretsManagerTest, TransportErrorsKeepTheirKind) {
    client_.answer_with(fail(ErrorKind::Timeout, "timed out after 30 s"));
    const auto result = fetch();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Timeout);
    EXPECT_NE(result.error().message.find("'prod/starfleet' in eu-west-1"), std::string::npos);
    EXPECT_NE(result.error().message.find("timed out after 30 s"), std::string::npos);
}

class FailingProvider final : public CredentialsProvider {
  public:
    std::string name() const override { return "broken"; }
    Result<Credentials> credentials() override { return fail(ErrorKind::Auth, "no keys"); }
};

TEST_F(SecretsManagerTest, ACredentialsErrorSendsNothing) {
    FailingProvider broken;
    const auto result = get_secret_value(client_, broken, endpoint_, "eu-west-1", "s");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Auth);
    EXPECT_NE(result.error().message.find("no keys"), std::string::npos);
    EXPECT_EQ(client_.request_count(), 0u);
}

TEST(SecretFetcher, ResolvesTheEndpointForEachRegion) {
    ScriptedHttpClient client(json_response(200, {{"SecretString", "doc"}}));
    auto fetcher = make_secret_fetcher(
        client, std::make_shared<StaticProvider>(example_credentials()),
        util::fixed_env({{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:5000"}}));
    const auto secret = fetcher("starfleet", "ap-southeast-2");
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(*secret, "doc");
    ASSERT_EQ(client.request_count(), 1u);
    EXPECT_EQ(client.requests()[0].url, "http://127.0.0.1:5000/");
    EXPECT_NE(
        client.requests()[0].headers.get("Authorization")->find("/ap-southeast-2/secretsmanager/"),
        std::string::npos);

    auto aws = make_secret_fetcher(client, std::make_shared<StaticProvider>(example_credentials()),
                                   util::fixed_env({}));
    ASSERT_TRUE(aws("starfleet", "eu-central-1"));
    EXPECT_EQ(client.requests().at(1).url, "https://secretsmanager.eu-central-1.amazonaws.com/");
}

TEST(SecretFetcher, ReportsABadEndpointWithoutSending) {
    ScriptedHttpClient client;
    auto fetcher =
        make_secret_fetcher(client, std::make_shared<StaticProvider>(example_credentials()),
                            util::fixed_env({{"AWS_ENDPOINT_URL", "localhost:5000"}}));
    const auto secret = fetcher("starfleet", "eu-west-1");
    ASSERT_FALSE(secret);
    EXPECT_EQ(secret.error().kind, ErrorKind::Usage);
    EXPECT_EQ(client.request_count(), 0u);
}

}  // namespace
}  // namespace repo2s3::aws
