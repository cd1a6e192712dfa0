#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/alerts/slack_web_api.hpp"
#include "repo2s3/alerts/slack_webhook.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::alerts {
namespace {

using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kToken = "xoxb-0000-unit-test-token-SECRET";
constexpr const char* kWebhook = "https://hooks.example.test/services/T000/B000/WEBHOOKSECRET";

const Message kMessage{Priority::Important, "repo2s3 synced site", {"3 new"}};

http::Response slack_ok() {
    return make_response(200, R"({"ok":true,"channel":"C0123","ts":"1.2"})",
                         {{"Content-Type", "application/json"}});
}

struct Sleeps {
    std::vector<std::chrono::seconds> waits;
    SlackHttpOptions options() {
        SlackHttpOptions options;
        options.sleep = [this](std::chrono::seconds wait) { waits.push_back(wait); };
        return options;
    }
};

class SlackWebApiTest : public ::testing::Test {
  protected:
    SlackWebApi api(
        ScriptedHttpClient& client,
        TokenProvider token = [] { return Result<std::string>(kToken); }) {
        return SlackWebApi(
            client, std::move(token),
            {.api_url = "http://127.0.0.1:9/api/", .channel = "C0123", .http = sleeps.options()});
    }

    void expect_no_secret(const Error& error) {
        EXPECT_EQ(error.message.find("xoxb"), std::string::npos) << error.message;
    }

    Sleeps sleeps;
};

TEST_F(SlackWebApiTest, PostsTheMessageWithBearerTokenToChatPostMessage) {
    ScriptedHttpClient client(slack_ok());
    ASSERT_TRUE(api(client).post(kMessage));

    ASSERT_EQ(client.request_count(), 1u);
    const auto request = client.requests()[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "http://127.0.0.1:9/api/chat.postMessage");
    EXPECT_EQ(request.headers.get("Authorization"), std::string("Bearer ") + kToken);
    EXPECT_EQ(request.headers.get("Content-Type"), "application/json; charset=utf-8");
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["channel"], "C0123");
    EXPECT_EQ(body["text"], "\U0001F4E3  repo2s3 synced site");
    EXPECT_EQ(body["blocks"], slack_payload(kMessage)["blocks"]);
}

TEST_F(SlackWebApiTest, OkFalseCarriesSlacksErrorCode) {
    ScriptedHttpClient client(make_response(200, R"({"ok":false,"error":"channel_not_found"})"));
    const auto posted = api(client).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Http);
    EXPECT_NE(posted.error().message.find("channel_not_found"), std::string::npos);
    EXPECT_NE(posted.error().message.find("C0123"), std::string::npos);
    expect_no_secret(posted.error());
}

TEST_F(SlackWebApiTest, AuthErrorCodesAreAuthErrors) {
    for (const char* code : {"invalid_auth", "not_authed", "token_revoked", "account_inactive"}) {
        ScriptedHttpClient client(
            make_response(200, std::string(R"({"ok":false,"error":")") + code + "\"}"));
        const auto posted = api(client).post(kMessage);
        ASSERT_FALSE(posted);
        EXPECT_EQ(posted.error().kind, ErrorKind::Auth) << code;
        expect_no_secret(posted.error());
    }
}

TEST_F(SlackWebApiTest, InvalidBlocksExplanationIsKept) {
    ScriptedHttpClient client(make_response(
        200,
        R"({"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"]}})"));
    const auto posted = api(client).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_NE(posted.error().message.find("invalid_blocks ([ERROR] must be less than 151"),
              std::string::npos)
        << posted.error().message;
}

TEST_F(SlackWebApiTest, Honours429RetryAfterOnce) {
    int calls = 0;
    ScriptedHttpClient client([&calls](const http::Request&) {
        ++calls;
        if (calls == 1) {
            return Result<http::Response>(make_response(
                429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "3"}}));
        }
        return Result<http::Response>(slack_ok());
    });
    ASSERT_TRUE(api(client).post(kMessage));
    EXPECT_EQ(client.request_count(), 2u);
    EXPECT_EQ(sleeps.waits, std::vector<std::chrono::seconds>{std::chrono::seconds(3)});
    const auto requests = client.requests();
    EXPECT_EQ(requests[0].body, requests[1].body);
}

TEST_F(SlackWebApiTest, ASecond429IsRateLimited) {
    ScriptedHttpClient client(make_response(429, "", {{"Retry-After", "1"}}));
    const auto posted = api(client).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::RateLimited);
    EXPECT_EQ(client.request_count(), 2u);
    EXPECT_EQ(sleeps.waits.size(), 1u);
}

TEST_F(SlackWebApiTest, ARetryAfterLongerThanTheCapFailsWithoutWaiting) {
    ScriptedHttpClient client(make_response(429, "", {{"Retry-After", "3600"}}));
    const auto posted = api(client).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::RateLimited);
    EXPECT_NE(posted.error().message.find("3600"), std::string::npos);
    EXPECT_EQ(client.request_count(), 1u);
    EXPECT_TRUE(sleeps.waits.empty());
}

TEST_F(SlackWebApiTest, ServerErrorsAndUnreadableAnswersAreErrors) {
    ScriptedHttpClient server_error(make_response(503, "upstream down"));
    const auto posted = api(server_error).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Network);
    EXPECT_NE(posted.error().message.find("503"), std::string::npos);

    ScriptedHttpClient not_json(make_response(200, "<html>proxy</html>"));
    const auto unreadable = api(not_json).post(kMessage);
    ASSERT_FALSE(unreadable);
    EXPECT_EQ(unreadable.error().kind, ErrorKind::Http);
}

TEST_F(SlackWebApiTest, TransportErrorsNameSlackAndKeepTheirKind) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        return fail(ErrorKind::Network, "POST " + request.url + ": Connection refused");
    });
    const auto posted = api(client).post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Network);
    EXPECT_EQ(posted.error().message.rfind("Slack chat.postMessage to channel C0123: ", 0), 0u)
        << posted.error().message;
    expect_no_secret(posted.error());
}

TEST_F(SlackWebApiTest, TokenIsAskedForOnlyWhenPostingAndItsErrorIsReturned) {
    int asked = 0;
    ScriptedHttpClient client;
    auto notifier = api(client, [&asked]() -> Result<std::string> {
        ++asked;
        return fail(ErrorKind::Auth, "no Slack token: set SLACK_TOKEN");
    });
    EXPECT_EQ(asked, 0);
    EXPECT_EQ(notifier.destination(), "Slack channel C0123");
    const auto posted = notifier.post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(posted.error().kind, ErrorKind::Auth);
    EXPECT_EQ(client.request_count(), 0u);
}

TEST(SlackWebhook, PostsTheSameBodyWithoutTokenOrChannel) {
    ScriptedHttpClient client(make_response(200, "ok"));
    SlackWebhook webhook(client, kWebhook);
    ASSERT_TRUE(webhook.post(kMessage));
    const auto request = client.requests().at(0);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, kWebhook);
    EXPECT_FALSE(request.headers.contains("Authorization"));
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body, slack_payload(kMessage));
}

TEST(SlackWebhook, ErrorsCarrySlacksTextButNeverTheWebhookPath) {
    ScriptedHttpClient client(make_response(404, "channel_not_found"));
    SlackWebhook webhook(client, kWebhook);
    EXPECT_EQ(webhook.destination(), "Slack webhook https://hooks.example.test/…");
    const auto posted = webhook.post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Http);
    EXPECT_NE(posted.error().message.find("404: channel_not_found"), std::string::npos)
        << posted.error().message;
    EXPECT_EQ(posted.error().message.find("WEBHOOKSECRET"), std::string::npos);
    EXPECT_EQ(posted.error().message.find("T000"), std::string::npos);
}

TEST(SlackWebhook, TransportErrorsHideThePath) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        return fail(ErrorKind::Timeout,
                    "POST " + http::redact_url(request.url) + ": timed out after 15000 ms");
    });
    SlackWebhook webhook(client, kWebhook);
    const auto posted = webhook.post(kMessage);
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Timeout);
    EXPECT_EQ(posted.error().message.find("WEBHOOKSECRET"), std::string::npos)
        << posted.error().message;
    EXPECT_NE(posted.error().message.find("timed out"), std::string::npos);
}

TEST(SlackWebhook, Honours429RetryAfterOnce) {
    Sleeps sleeps;
    int calls = 0;
    ScriptedHttpClient client([&calls](const http::Request&) {
        return Result<http::Response>(
            ++calls == 1 ? make_response(429, "rate_limited", {{"Retry-After", "2"}})
                         : make_response(200, "ok"));
    });
    SlackWebhook webhook(client, kWebhook, sleeps.options());
    ASSERT_TRUE(webhook.post(kMessage));
    EXPECT_EQ(client.request_count(), 2u);
    EXPECT_EQ(sleeps.waits, std::vector<std::chrono::seconds>{std::chrono::seconds(2)});
}

TEST(WithholdPath, KeepsOnlySchemeHostAndPort) {
    EXPECT_EQ(withhold_path("https://hooks.slack.com/services/T/B/X?x=1"),
              "https://hooks.slack.com/…");
    EXPECT_EQ(withhold_path("http://127.0.0.1:8080/hook/secret"), "http://127.0.0.1:8080/…");
    EXPECT_EQ(withhold_path("not a url").find("not a url"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::alerts
