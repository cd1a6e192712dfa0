#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/rsa.hpp"
#include "repo2s3/github/github_source.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "support/rsa_keys.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::github {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::make_response;
using testing::ScriptedHttpClient;
using SystemClock = std::chrono::system_clock;

constexpr const char* kJwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl";
constexpr const char* kToken = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

const SystemClock::time_point kNow = SystemClock::from_time_t(1714564800);  // 2024-05-01T12:00:00Z

// Retries wait for nothing here; their waits are tested in test_github_api.cpp.
ApiConfig api(const std::string& base = "https://api.github.test") {
    ApiConfig config;
    config.base_url = base;
    config.retry.sleep = [](std::chrono::milliseconds) {};
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
    ScriptedHttpClient client(response);
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
    ScriptedHttpClient client(make_response(201, token_body()));
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
    ScriptedHttpClient client(make_response(201, token_body()));
    ASSERT_TRUE(create_installation_token(client, api(), site_request(), kJwt));
    const auto sent = client.requests().front();
    const auto agent = sent.headers.get("User-Agent");
    ASSERT_TRUE(agent);
    EXPECT_TRUE(agent->starts_with("repo2s3/")) << *agent;
    EXPECT_EQ(sent.headers.get("Accept"), "application/vnd.github+json");
    EXPECT_EQ(sent.headers.get("X-GitHub-Api-Version"), "2022-11-28");
}

TEST(InstallationToken, ResponseGivesTokenAndExpiry) {
    ScriptedHttpClient client(make_response(201, token_body()));
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->token, kToken);
    EXPECT_EQ(token->expires_at, kNow + minutes(60));
}

TEST(InstallationToken, LongTokensAreKeptWhole) {
    const std::string long_token = "ghs_" + std::string(300, 'x');
    ScriptedHttpClient client(make_response(201, token_body(long_token)));
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

TEST(InstallationToken, AServerErrorIsRetried) {
    int calls = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls == 1) return make_response(502, "<html>bad gateway</html>");
        return make_response(201, token_body());
    });
    auto token = create_installation_token(client, api(), site_request(), kJwt);
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(calls, 2);
}

TEST(InstallationToken, NetworkFailureIsPassedOn) {
    ScriptedHttpClient client(fail(ErrorKind::Network, "connect to api.github.test failed"));
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

GitHubSourceOptions no_wait() {
    GitHubSourceOptions options;
    options.retry.sleep = [](std::chrono::milliseconds) {};
    return options;
}

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
        if (request.url.find("/git/ref/heads/") != std::string::npos) {
            return make_response(200,
                                 R"({"ref":"refs/heads/main","object":{"type":"commit","sha":")" +
                                     std::string(kSha) + "\"}}");
        }
        if (request.url.find("/zipball/") != std::string::npos)
            return make_response(200, "PK-zip-bytes");
        return make_response(404);
    }

    int token_posts_ = 0;
    int key_lookups_ = 0;
    SystemClock::time_point now_ = kNow;
    ScriptedHttpClient client_{[this](const http::Request& r) { return answer(r); }};
    TokenCache cache_;
    GitHubSource source_{client_,
                         cache_,
                         [this](const std::string&, bool) -> Result<PrivateKey> {
                             ++key_lookups_;
                             return PrivateKey{keys_->pkcs1};
                         },
                         [this] { return now_; },
                         util::fixed_env({{"GITHUB_API_URL", "https://ghe.test/api/v3/"}}),
                         no_wait()};
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
    ScriptedHttpClient failing([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        return make_response(401, R"({"message":"Bad credentials"})");
    });
    GitHubSource source(
        failing, cache_,
        [](const std::string&, bool) -> Result<PrivateKey> { return PrivateKey{keys_->pkcs1}; },
        [] { return kNow; }, util::fixed_env({}), no_wait());
    EXPECT_FALSE(source.installation_token(sync_template()));
    EXPECT_FALSE(source.installation_token(sync_template()));
    EXPECT_EQ(calls, 2);
}

TEST_F(GitHubSourceTokens, PrivateKeyFailureStopsBeforeAnyRequest) {
    GitHubSource source(
        client_, cache_,
        [](const std::string& organization, bool) -> Result<PrivateKey> {
            return fail(ErrorKind::Auth, "no key for " + organization);
        },
        [] { return kNow; }, util::fixed_env({}), no_wait());
    auto token = source.installation_token(sync_template());
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().message, "no key for acme");
    EXPECT_EQ(client_.request_count(), 0U);
}

TEST_F(GitHubSourceTokens, ARefusedKeyFromTheSecretsIsFetchedAgainOnce) {
    const auto rotated = testing::make_rsa_key_pair();
    std::vector<bool> refetches;
    ScriptedHttpClient github([&](const http::Request& request) -> Result<http::Response> {
        // Only the rotated key is GitHub's now.
        const auto jwt = request.headers.get("Authorization").value_or("").substr(7);
        const auto last_dot = jwt.rfind('.');
        const auto signature = crypto::base64url_decode(jwt.substr(last_dot + 1));
        if (signature &&
            crypto::rs256_verify(rotated.public_pem, jwt.substr(0, last_dot), *signature)) {
            return make_response(201, token_body("ghs_rotated"));
        }
        return make_response(401, R"({"message":"A JSON web token could not be decoded"})");
    });
    GitHubSource source(
        github, cache_,
        [&](const std::string&, bool refetch) -> Result<PrivateKey> {
            refetches.push_back(refetch);
            return PrivateKey{refetch ? rotated.pkcs1 : keys_->pkcs1, true};
        },
        [] { return kNow; }, util::fixed_env({}), no_wait());
    auto token = source.installation_token(sync_template());
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(token->token, "ghs_rotated");
    EXPECT_EQ(refetches, (std::vector<bool>{false, true}));
}

TEST_F(GitHubSourceTokens, AKeyNotFromTheSecretsIsNotFetchedAgain) {
    int lookups = 0;
    ScriptedHttpClient github(make_response(401, R"({"message":"Bad credentials"})"));
    GitHubSource source(
        github, cache_,
        [&](const std::string&, bool) -> Result<PrivateKey> {
            ++lookups;
            return PrivateKey{keys_->pkcs1, false};
        },
        [] { return kNow; }, util::fixed_env({}), no_wait());
    auto token = source.installation_token(sync_template());
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().kind, ErrorKind::Auth);
    EXPECT_EQ(lookups, 1);
    EXPECT_EQ(github.request_count(), 1U);
}

TEST_F(GitHubSourceTokens, AnUnallowedApiUrlStopsBeforeAnyRequest) {
    auto t = sync_template();
    t.github_api_url = "http://198.51.100.7:8080";
    auto token = source_.installation_token(t);
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().kind, ErrorKind::Usage);
    EXPECT_EQ(client_.request_count(), 0U);
    EXPECT_EQ(key_lookups_, 0);
}

payload::SyncTemplate with_api_url(std::optional<std::string> url) {
    payload::SyncTemplate t;
    t.github_api_url = std::move(url);
    return t;
}

TEST(ApiBaseUrl, WithoutGitHubApiUrlTheEnvironmentThenTheDefault) {
    EXPECT_EQ(*api_base_url(with_api_url(std::nullopt), util::fixed_env({}), {}),
              "https://api.github.com");
    EXPECT_EQ(
        *api_base_url(with_api_url(std::nullopt),
                      util::fixed_env({{"GITHUB_API_URL", "https://ghe.example/api/v3/"}}), {}),
        "https://ghe.example/api/v3");
}

TEST(ApiBaseUrl, ATemplatesUrlNeedsTheOperatorsConsent) {
    const auto t = with_api_url("https://GHE.example:443/api/v3/");
    const auto refused = api_base_url(t, util::fixed_env({}), {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Usage);
    EXPECT_EQ(refused.error().message,
              "GitHubApiUrl \"https://GHE.example:443/api/v3/\" is not allowed: the App's "
              "credentials go only to API URLs the operator names; set GITHUB_API_URL to it, "
              "list it in REPO2S3_GITHUB_API_URLS, or add it to "
              "GitHubSyncWorkerShip.AllowedGitHubApiUrls in the Starfleet configuration");

    EXPECT_TRUE(
        api_base_url(t, util::fixed_env({{"GITHUB_API_URL", "https://ghe.example/api/v3"}}), {}));
    EXPECT_TRUE(api_base_url(
        t,
        util::fixed_env({{"REPO2S3_GITHUB_API_URLS",
                          "https://other.example/api/v3, https://ghe.example/api/v3/"}}),
        {}));
    EXPECT_TRUE(api_base_url(t, util::fixed_env({}), {"https://ghe.example/api/v3"}));
    EXPECT_FALSE(api_base_url(t, util::fixed_env({}), {"https://ghe.example/api/v4"}));
    EXPECT_FALSE(api_base_url(t, util::fixed_env({}), {"https://ghe.example.evil/api/v3"}));
}

TEST(ApiBaseUrl, PlainHttpOnlyToLoopback) {
    const auto env = util::fixed_env(
        {{"REPO2S3_GITHUB_API_URLS", "http://127.0.0.1:8080,http://ghe.example/api/v3"}});
    const auto loopback = api_base_url(with_api_url("http://127.0.0.1:8080/"), env, {});
    ASSERT_TRUE(loopback) << loopback.error().message;
    EXPECT_EQ(*loopback, "http://127.0.0.1:8080");
    const auto clear_text = api_base_url(with_api_url("http://ghe.example/api/v3"), env, {});
    ASSERT_FALSE(clear_text);
    EXPECT_NE(clear_text.error().message.find("loopback"), std::string::npos);
    const auto env_url = api_base_url(with_api_url(std::nullopt),
                                      util::fixed_env({{"GITHUB_API_URL", "http://10.0.0.5"}}), {});
    ASSERT_FALSE(env_url);
    EXPECT_NE(env_url.error().message.find("GITHUB_API_URL"), std::string::npos);
}

TEST(NormalizedApiUrl, ComparesWhatMatters) {
    EXPECT_EQ(normalized_api_url("HTTPS://Ghe.Example:443/api/v3/"), "https://ghe.example/api/v3");
    EXPECT_EQ(normalized_api_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(normalized_api_url("https://ghe.example/api/v3?x=1"), "https://ghe.example/api/v3");
    EXPECT_FALSE(normalized_api_url("ftp://ghe.example"));
}

}  // namespace
}  // namespace repo2s3::github
