#include <gtest/gtest.h>

#include <atomic>

#include "repo2s3/aws/container_credentials.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kSecret = "containerSECRETwJalrXUtnFEMI/K7MDENG";
constexpr const char* kDocument =
    R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"containerSECRETwJalrXUtnFEMI/K7MDENG",)"
    R"("Token":"containerToken","Expiration":"2024-05-01T13:00:00Z","RoleArn":"arn:r"})";

Result<Credentials> lookup(ScriptedHttpClient& client, std::map<std::string, std::string> env) {
    ContainerCredentials provider({util::fixed_env(std::move(env)), &client});
    return provider.credentials();
}

TEST(ContainerHosts, PlainHttpOnlyToLoopbackAndTheAgents) {
    for (const char* host :
         {"127.0.0.1", "127.1.2.3", "localhost", "[::1]", "[0:0:0:0:0:0:0:1]", "169.254.170.2",
          "169.254.170.23", "[fd00:ec2::23]", "[fd00:ec2:0::23]"}) {
        EXPECT_TRUE(is_allowed_container_host(host)) << host;
    }
    for (const char* host :
         {"example.com", "128.0.0.1", "169.254.170.3", "169.254.169.254", "[::2]",
          "[fd00:ec2::254]", "::1", "127.0.0.1.example.com", "", "localhost.example.com"}) {
        EXPECT_FALSE(is_allowed_container_host(host)) << host;
    }
}

TEST(ContainerUrl, RelativeUriIsOnTheEcsAgentAndWinsOverFullUri) {
    auto url = container_credentials_url(
        util::fixed_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
                         {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/x"}}));
    ASSERT_TRUE(url);
    EXPECT_EQ(*url, "http://169.254.170.2/v2/credentials/abc");
    url = container_credentials_url(
        util::fixed_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/x"}}));
    EXPECT_EQ(*url, "http://169.254.170.2/v2/x");
    url = container_credentials_url(util::fixed_env({}));
    ASSERT_TRUE(url);
    EXPECT_FALSE(*url);
}

TEST(ContainerUrl, FullUriMustBeHttpsOrALocalHost) {
    for (const char* good : {"http://127.0.0.1:8080/creds", "https://creds.example.com/x",
                             "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1",
                             "http://localhost:9/x"}) {
        const auto url = container_credentials_url(
            util::fixed_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", good}}));
        ASSERT_TRUE(url) << good << ": " << url.error().message;
        EXPECT_EQ(**url, good);
    }
    for (const char* bad :
         {"http://example.com/creds", "http://169.254.169.254/x", "ftp://127.0.0.1/x",
          "http://user:pw@127.0.0.1/x", "http://127.0.0.1@example.com/x", "127.0.0.1:8080"}) {
        const auto url = container_credentials_url(
            util::fixed_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", bad}}));
        ASSERT_FALSE(url) << bad;
        EXPECT_EQ(url.error().kind, ErrorKind::Usage);
        EXPECT_NE(url.error().message.find("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                  std::string::npos);
        EXPECT_EQ(url.error().message.find("pw@"), std::string::npos) << url.error().message;
    }
}

TEST(ContainerCredentialsTest, NotConfiguredIsNotFound) {
    ScriptedHttpClient client;
    const auto found = lookup(client, {});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(client.request_count(), 0u);
}

TEST(ContainerCredentialsTest, FetchesTheDocumentWithTheToken) {
    ScriptedHttpClient client(make_response(200, kDocument));
    const auto found =
        lookup(client, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c"},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc=="}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIACONTAINER");
    EXPECT_EQ(found->secret_access_key, kSecret);
    EXPECT_EQ(found->session_token, "containerToken");
    EXPECT_EQ(found->expiration, util::parse_iso8601("2024-05-01T13:00:00Z"));
    const auto sent = client.requests().at(0);
    EXPECT_EQ(sent.method, "GET");
    EXPECT_EQ(sent.url, "http://127.0.0.1:7/c");
    EXPECT_EQ(sent.headers.get("Authorization"), "Basic abc==");
}

TEST(ContainerCredentialsTest, TheTokenFileWinsAndIsReadOnEveryCall) {
    testing::TempDir dir;
    const auto token_file = dir.write("token", "first-token\n");
    ScriptedHttpClient client(make_response(200, kDocument));
    ContainerCredentials provider(
        {util::fixed_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"},
                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored"},
                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}}),
         &client});
    ASSERT_TRUE(provider.credentials());
    dir.write("token", "second-token");
    ASSERT_TRUE(provider.credentials());
    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].url, "http://169.254.170.2/creds");
    EXPECT_EQ(requests[0].headers.get("Authorization"), "first-token");
    EXPECT_EQ(requests[1].headers.get("Authorization"), "second-token");
}

TEST(ContainerCredentialsTest, TokenProblemsAreReported) {
    testing::TempDir dir;
    ScriptedHttpClient client;
    auto found = lookup(
        client, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"},
                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir.path() / "missing").string()}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Io);
    EXPECT_NE(found.error().message.find("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
              std::string::npos);

    found = lookup(client, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"},
                            {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Injected: 1"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Usage);
    EXPECT_EQ(found.error().message.find("abc"), std::string::npos);
    EXPECT_EQ(client.request_count(), 0u);
}

TEST(ContainerCredentialsTest, RefusalsAndFailuresAreNotNotFound) {
    struct Case {
        long status;
        ErrorKind kind;
        int requests;
    };
    for (const auto& [status, kind, requests] :
         {Case{401, ErrorKind::Auth, 1}, Case{403, ErrorKind::Auth, 1},
          Case{404, ErrorKind::Http, 1}, Case{500, ErrorKind::Network, 3}}) {
        ScriptedHttpClient client(make_response(status, R"({"message":"token rejected"})"));
        const auto found = lookup(
            client, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c?secret=query"}});
        ASSERT_FALSE(found);
        EXPECT_EQ(found.error().kind, kind) << status;
        EXPECT_EQ(static_cast<int>(client.request_count()), requests) << status;
        EXPECT_NE(found.error().message.find("HTTP " + std::to_string(status) + ": token rejected"),
                  std::string::npos)
            << found.error().message;
        EXPECT_EQ(found.error().message.find("secret=query"), std::string::npos);
    }
}

TEST(ContainerCredentialsTest, AnUnreachableEndpointIsRetriedThenANetworkError) {
    std::atomic<int> calls{0};
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls < 3) return fail(ErrorKind::Network, "connection refused");
        return make_response(200, kDocument);
    });
    EXPECT_TRUE(lookup(client, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c"}}));
    EXPECT_EQ(client.request_count(), 3u);

    ScriptedHttpClient down(fail(ErrorKind::Timeout, "timed out"));
    const auto found =
        lookup(down, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Timeout);
}

TEST(ContainerCredentialsTest, MalformedDocumentsAreNamedWithoutTheirContent) {
    for (
        const char* body :
        {"not json", R"({"SecretAccessKey":"containerSECRETwJalrXUtnFEMI/K7MDENG"})",
         R"({"AccessKeyId":"A"})",
         R"({"AccessKeyId":"A","SecretAccessKey":"containerSECRETwJalrXUtnFEMI/K7MDENG","Expiration":"soon"})"}) {
        ScriptedHttpClient client(make_response(200, body));
        const auto found =
            lookup(client, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c"}});
        ASSERT_FALSE(found) << body;
        EXPECT_EQ(found.error().kind, ErrorKind::Http);
        EXPECT_EQ(found.error().message.find(kSecret), std::string::npos);
    }
}

TEST(ContainerCredentialsTest, ADocumentWithoutExpirationNeverExpires) {
    ScriptedHttpClient client(make_response(200, R"({"AccessKeyId":"A","SecretAccessKey":"S"})"));
    const auto found =
        lookup(client, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7/c"}});
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->expiration);
    EXPECT_EQ(found->session_token, "");
}

}  // namespace
}  // namespace repo2s3::aws
