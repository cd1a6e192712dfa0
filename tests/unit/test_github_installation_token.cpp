#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/rsa.hpp"
#include "repo2s3/github/github_source.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "support/fake_http_client.hpp"
#include "support/rsa_keys.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::github {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::make_response;
using SystemClock = std::chrono::system_clock;

constexpr const char* kJwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl";
constexpr const char* kToken = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

const SystemClock::time_point kNow = SystemClock::from_time_t(1714564800);  // 2024-05-01T12:00:00Z

ApiConfig api(const std::string& base = "https://api.github.test") {
    ApiConfig config;
    config.base_url = base;
    return config;
}

TokenRequest site_request() {
    return {"1234567", "77", "acme", "site"};
}

std::string token_body(const std::string& token = kToken,
                       const std::string& expires_at = "2024-05-01T13:00:00Z") {
    return nlohmann::json{
        {"token", token}, {"expires_at", expires_at}, {"permissions", {{"contents", "read"}}}}
        .dump();
}

Error token_error(http::Response response) {
    FakeHttpClient client([&](const http::Request&) { return Result<http::Response>(response); });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    EXPECT_FALSE(token);
    if (token) return {};
    EXPECT_EQ(token.error().message.find(kJwt), std::string::npos);
    return token.error();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(InstallationToken, RequestIsNarrowedToTheRepositoryWithContentsRead) {
    FakeHttpClient client([](const http::Request&) {
        return Result<http::Response>(make_response(201, token_body()));
    });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_TRUE(token) << token.error().message;
    ASSERT_EQ(client.request_count(), 1U);

    const auto sent = client.requests().front();
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, "https://api.github.test/app/installations/77/access_tokens");
    EXPECT_EQ(sent.headers.get("Authorization"), std::string("Bearer ") + kJwt);
    EXPECT_EQ(sent.headers.get("Content-Type"), "application/json");
    const auto body = nlohmann::json::parse(sent.body);
    EXPECT_EQ(body, nlohmann::json::parse(
                        R"({"repositories": ["site"], "permissions": {"contents": "read"}})"));
}

TEST(InstallationToken, RequestCarriesTheHeadersGitHubRequires) {
    FakeHttpClient client([](const http::Request&) {
        return Result<http::Response>(make_response(201, token_body()));
    });
    ASSERT_TRUE(create_installation_token(client, api(), site_request(), kJwt));
    const auto sent = client.requests().front();
    const auto agent = sent.headers.get("User-Agent");
    ASSERT_TRUE(agent);
    EXPECT_TRUE(agent->starts_with("repo2s3/")) << *agent;
    EXPECT_EQ(sent.headers.get("Accept"), "application/vnd.github+json");
    EXPECT_EQ(sent.headers.get("X-GitHub-Api-Version"), "2022-11-28");
}

TEST(InstallationToken, ResponseGivesTokenAndExpiry) {
    FakeHttpClient client([](const http::Request&) {
        return Result<http::Response>(make_response(201, token_body()));
    });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->token, kToken);
    EXPECT_EQ(token->expires_at, kNow + minutes(60));
}

TEST(InstallationToken, LongTokensAreKeptWhole) {
    const std::string long_token = "ghs_" + std::string(300, 'x');
    FakeHttpClient client([&](const http::Request&) {
        return Result<http::Response>(make_response(201, token_body(long_token)));
    });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->token, long_token);
}

TEST(InstallationToken, Unauthorized401SaysToCheckKeyAppIdAndClock) {
    const auto error =
        token_error(make_response(401, R"({"message":"A JSON web token could not be decoded"})"));
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_TRUE(contains(error.message, "401")) << error.message;
    EXPECT_TRUE(contains(error.message, "private key")) << error.message;
    EXPECT_TRUE(contains(error.message, "GitHubAppId")) << error.message;
    EXPECT_TRUE(contains(error.message, "1234567")) << error.message;
    EXPECT_TRUE(contains(error.message, "clock")) << error.message;
    EXPECT_TRUE(contains(error.message, "could not be decoded")) << error.message;
}

TEST(InstallationToken, NotFound404NamesTheInstallation) {
    const auto error = token_error(make_response(404, R"({"message":"Not Found"})"));
    EXPECT_EQ(error.kind, ErrorKind::NotFound);
    EXPECT_TRUE(contains(error.message, "77")) << error.message;
    EXPECT_TRUE(contains(error.message, "GitHubInstallationId")) << error.message;
}

TEST(InstallationToken, Unprocessable422SaysTheAppCannotSeeTheRepository) {
    const auto error = token_error(make_response(
        422,
        R"({"message":"There is at least one repository that does not exist or is not accessible to the parent installation."})"));
    EXPECT_EQ(error.kind, ErrorKind::NotFound);
    EXPECT_TRUE(contains(error.message, "acme/site")) << error.message;
    EXPECT_TRUE(contains(error.message, "install the App")) << error.message;
}

TEST(InstallationToken, PrimaryRateLimit403SaysWhenItResets) {
    const auto error = token_error(make_response(403, R"({"message":"API rate limit exceeded"})",
                                                 {{"x-ratelimit-limit", "5000"},
                                                  {"x-ratelimit-remaining", "0"},
                                                  {"x-ratelimit-reset", "1714568400"}}));
    EXPECT_EQ(error.kind, ErrorKind::RateLimited);
    EXPECT_TRUE(contains(error.message, "rate limit")) << error.message;
    EXPECT_TRUE(contains(error.message, "2024-05-01T13:00:00Z")) << error.message;
}

TEST(InstallationToken, PrimaryRateLimit429SaysWhenItResets) {
    const auto error = token_error(make_response(
        429, "", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1714568400"}}));
    EXPECT_EQ(error.kind, ErrorKind::RateLimited);
    EXPECT_TRUE(contains(error.message, "2024-05-01T13:00:00Z")) << error.message;
}

TEST(InstallationToken, SecondaryRateLimitSaysHowLongToWait) {
    const auto error =
        token_error(make_response(429, R"({"message":"You have exceeded a secondary rate limit"})",
                                  {{"Retry-After", "120"}}));
    EXPECT_EQ(error.kind, ErrorKind::RateLimited);
    EXPECT_TRUE(contains(error.message, "120 s")) << error.message;
}

TEST(InstallationToken, SecondaryRateLimitWithoutRetryAfterAsksForAMinute) {
    for (const long status : {403L, 429L}) {
        const auto error = token_error(make_response(
            status,
            R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})"));
        EXPECT_EQ(error.kind, ErrorKind::RateLimited) << status;
        EXPECT_TRUE(contains(error.message, "at least a minute")) << error.message;
    }
    const auto bare_429 = token_error(make_response(429, ""));
    EXPECT_EQ(bare_429.kind, ErrorKind::RateLimited);
}

TEST(InstallationToken, Forbidden403WithoutRateLimitIsAPlainHttpError) {
    const auto error =
        token_error(make_response(403, R"({"message":"Resource not accessible by integration"})",
                                  {{"x-ratelimit-remaining", "4999"}}));
    EXPECT_EQ(error.kind, ErrorKind::Http);
    EXPECT_TRUE(contains(error.message, "403")) << error.message;
    EXPECT_TRUE(contains(error.message, "Resource not accessible by integration")) << error.message;
}

TEST(InstallationToken, ResponseWithoutTokenIsAnError) {
    const auto error = token_error(make_response(201, R"({"expires_at":"2024-05-01T13:00:00Z"})"));
    EXPECT_EQ(error.kind, ErrorKind::Http);
    const auto bad_time = token_error(make_response(201, token_body(kToken, "tomorrow")));
    EXPECT_TRUE(contains(bad_time.message, "tomorrow")) << bad_time.message;
    EXPECT_FALSE(contains(bad_time.message, kToken)) << bad_time.message;
}

TEST(InstallationToken, NetworkFailureIsPassedOn) {
    FakeHttpClient client([](const http::Request&) -> Result<http::Response> {
        return fail(ErrorKind::Network, "connect to api.github.test failed");
    });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().kind, ErrorKind::Network);
}

TEST(GitHubTime, ParsesUtcTimestamps) {
    EXPECT_EQ(parse_github_time("2024-05-01T12:00:00Z"), kNow);
    EXPECT_EQ(parse_github_time("1970-01-01T00:00:00Z"), SystemClock::from_time_t(0));
    EXPECT_FALSE(parse_github_time("2024-05-01T12:00:00"));
    EXPECT_FALSE(parse_github_time("2024-05-01 12:00:00Z"));
    EXPECT_FALSE(parse_github_time(""));
}

TEST(GitHubTime, RefusesInstantsTheClockCannotHold) {
    EXPECT_FALSE(parse_github_time("9999-12-31T23:59:59Z"));
    EXPECT_FALSE(parse_github_time("1000-01-01T00:00:00Z"));
}

// --- TokenCache ---

InstallationToken token_expiring(SystemClock::time_point at, const std::string& value = kToken) {
    return {value, at};
}

TEST(TokenCache, MissWhenEmpty) {
    const TokenCache cache;
    EXPECT_FALSE(cache.find("https://api.github.com", site_request(), kNow));
}

TEST(TokenCache, HitWhileFresh) {
    TokenCache cache(minutes(5));
    cache.store("https://api.github.com", site_request(), token_expiring(kNow + minutes(60)));
    const auto found = cache.find("https://api.github.com", site_request(), kNow + minutes(54));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->token, kToken);
}

TEST(TokenCache, MissWithinTheRefreshMarginBeforeExpiry) {
    TokenCache cache(minutes(5));
    cache.store("https://api.github.com", site_request(), token_expiring(kNow + minutes(60)));
    EXPECT_TRUE(
        cache.find("https://api.github.com", site_request(), kNow + minutes(55) - seconds(1)));
    EXPECT_FALSE(cache.find("https://api.github.com", site_request(), kNow + minutes(55)));
    EXPECT_FALSE(cache.find("https://api.github.com", site_request(), kNow + minutes(61)));
}

TEST(TokenCache, DefaultMarginIsAFewMinutes) {
    TokenCache cache;
    cache.store("a", site_request(), token_expiring(kNow + minutes(10)));
    EXPECT_TRUE(cache.find("a", site_request(), kNow));
    EXPECT_FALSE(cache.find("a", site_request(), kNow + minutes(9)));
}

TEST(TokenCache, KeysAreIsolatedByApiAppInstallationAndRepository) {
    TokenCache cache;
    const auto base = site_request();
    cache.store("https://api.github.com", base, token_expiring(kNow + minutes(60)));

    EXPECT_FALSE(cache.find("https://ghe.example/api/v3", base, kNow));
    auto other_app = base;
    other_app.app_id = "999";
    EXPECT_FALSE(cache.find("https://api.github.com", other_app, kNow));
    auto other_installation = base;
    other_installation.installation_id = "78";
    EXPECT_FALSE(cache.find("https://api.github.com", other_installation, kNow));
    auto other_repository = base;
    other_repository.repository = "docs";
    EXPECT_FALSE(cache.find("https://api.github.com", other_repository, kNow));
    auto other_organization = base;
    other_organization.organization = "other";
    EXPECT_FALSE(cache.find("https://api.github.com", other_organization, kNow));
}

TEST(TokenCache, StoreReplacesTheOldToken) {
    TokenCache cache;
    cache.store("a", site_request(), token_expiring(kNow + minutes(60), "first"));
    cache.store("a", site_request(), token_expiring(kNow + minutes(60), "second"));
    EXPECT_EQ(cache.find("a", site_request(), kNow)->token, "second");
}

// --- GitHubSource: one token serves many calls ---

constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";

class GitHubSourceTokens : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { keys_ = new testing::RsaKeyPair(testing::make_rsa_key_pair()); }
    static void TearDownTestSuite() {
        delete keys_;
        keys_ = nullptr;
    }
    static testing::RsaKeyPair* keys_;

    payload::SyncTemplate sync_template(const std::string& repository = "site") const {
        payload::SyncTemplate t;
        t.template_name = "t";
        t.organization = "acme";
        t.repository = repository;
        t.branch_name = "main";
        t.github_app_id = "1234567";
        t.github_installation_id = "77";
        return t;
    }

    Result<http::Response> answer(const http::Request& request) {
        if (request.url.ends_with("/access_tokens")) {
            ++token_posts_;
            return make_response(201, token_body("ghs_token_" + std::to_string(token_posts_)));
        }
        if (request.url.find("/commits/") != std::string::npos) return make_response(200, kSha);
        if (request.url.find("/zipball/") != std::string::npos)
            return make_response(200, "PK-zip-bytes");
        return make_response(404);
    }

    int token_posts_ = 0;
    int key_lookups_ = 0;
    SystemClock::time_point now_ = kNow;
    FakeHttpClient client_{[this](const http::Request& r) { return answer(r); }};
    TokenCache cache_;
    GitHubSource source_{client_, cache_,
                         [this](const std::string&) -> Result<std::string> {
                             ++key_lookups_;
                             return keys_->pkcs1;
                         },
                         [this] { return now_; },
                         util::fixed_env({{"GITHUB_API_URL", "https://ghe.test/api/v3/"}})};
    testing::TempDir dir_;
};
testing::RsaKeyPair* GitHubSourceTokens::keys_ = nullptr;

TEST_F(GitHubSourceTokens, TwoDownloadsUseOneToken) {
    const auto zip = (dir_.path() / "site.zip").string();
    auto first = source_.download_branch(sync_template(), zip, {});
    ASSERT_TRUE(first) << first.error().message;
    auto second = source_.download_branch(sync_template(), zip, {});
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(first->sha, kSha);
    EXPECT_EQ(token_posts_, 1);
    EXPECT_EQ(key_lookups_, 1);

    std::size_t api_calls_with_token = 0;
    for (const auto& request : client_.requests()) {
        EXPECT_TRUE(request.url.starts_with("https://ghe.test/api/v3/")) << request.url;
        if (request.headers.get("Authorization") == "token ghs_token_1") ++api_calls_with_token;
    }
    EXPECT_EQ(api_calls_with_token, 4U);  // two SHA lookups and two downloads
}

TEST_F(GitHubSourceTokens, JwtIsSignedWithTheAppKeyAndFreshClaims) {
    ASSERT_TRUE(source_.installation_token(sync_template()));
    const auto post = client_.requests().front();
    const auto authorization = post.headers.get("Authorization");
    ASSERT_TRUE(authorization && authorization->starts_with("Bearer "));
    const std::string jwt = authorization->substr(7);
    const auto last_dot = jwt.rfind('.');
    const auto signature = crypto::base64url_decode(jwt.substr(last_dot + 1));
    ASSERT_TRUE(signature);
    EXPECT_TRUE(crypto::rs256_verify(keys_->public_pem, jwt.substr(0, last_dot), *signature));
    const auto claims = nlohmann::json::parse(
        *crypto::base64url_decode(jwt.substr(jwt.find('.') + 1, last_dot - jwt.find('.') - 1)));
    EXPECT_EQ(claims["iss"], "1234567");
    EXPECT_EQ(claims["iat"], 1714564800 - 60);
}

TEST_F(GitHubSourceTokens, ExpiringTokenIsReplaced) {
    ASSERT_TRUE(source_.installation_token(sync_template()));
    now_ += minutes(50);
    EXPECT_EQ(source_.installation_token(sync_template())->token, "ghs_token_1");
    now_ += minutes(6);  // within five minutes of the one-hour expiry
    EXPECT_EQ(source_.installation_token(sync_template())->token, "ghs_token_2");
    EXPECT_EQ(token_posts_, 2);
}

TEST_F(GitHubSourceTokens, AnotherRepositoryGetsItsOwnToken) {
    ASSERT_TRUE(source_.installation_token(sync_template("site")));
    ASSERT_TRUE(source_.installation_token(sync_template("docs")));
    EXPECT_EQ(token_posts_, 2);
    EXPECT_EQ(source_.installation_token(sync_template("site"))->token, "ghs_token_1");
}

TEST_F(GitHubSourceTokens, FailedTokenRequestIsNotCached) {
    int calls = 0;
    FakeHttpClient failing([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        return make_response(401, R"({"message":"Bad credentials"})");
    });
    GitHubSource source(
        failing, cache_, [](const std::string&) -> Result<std::string> { return keys_->pkcs1; },
        [] { return kNow; }, util::fixed_env({}));
    EXPECT_FALSE(source.installation_token(sync_template()));
    EXPECT_FALSE(source.installation_token(sync_template()));
    EXPECT_EQ(calls, 2);
}

TEST_F(GitHubSourceTokens, PrivateKeyFailureStopsBeforeAnyRequest) {
    GitHubSource source(
        client_, cache_,
        [](const std::string& organization) -> Result<std::string> {
            return fail(ErrorKind::Auth, "no key for " + organization);
        },
        [] { return kNow; }, util::fixed_env({}));
    auto token = source.installation_token(sync_template());
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().message, "no key for acme");
    EXPECT_EQ(client_.request_count(), 0U);
}

TEST(ApiConfigFor, TemplateThenEnvironmentThenDefault) {
    payload::SyncTemplate t;
    const auto env = util::fixed_env({{"GITHUB_API_URL", "https://ghe.example/api/v3"}});
    EXPECT_EQ(api_config_for(t, util::fixed_env({}), seconds(5)).base_url,
              "https://api.github.com");
    EXPECT_EQ(api_config_for(t, env, seconds(5)).base_url, "https://ghe.example/api/v3");
    t.github_api_url = "https://other.example/api/v3/";
    EXPECT_EQ(api_config_for(t, env, seconds(5)).base_url, "https://other.example/api/v3");
    EXPECT_EQ(api_config_for(t, env, seconds(5)).timeout, seconds(5));
}

}  // namespace
}  // namespace repo2s3::github
