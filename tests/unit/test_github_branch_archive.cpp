#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/util/utf8.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::github {
namespace {

using testing::make_response;
using testing::read_file;
using testing::ScriptedHttpClient;

constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* kToken = "ghs_secretinstallationtoken0123456789";
constexpr const char* kApi = "https://api.github.test";
constexpr const char* kCodeload =
    "https://codeload.github.test/acme/site/legacy.zip/0123456?token=SIGNED";

// Retries wait for nothing here; their waits are tested in test_github_api.cpp.
ApiConfig api() {
    ApiConfig config;
    config.base_url = kApi;
    config.retry.sleep = [](std::chrono::milliseconds) {};
    return config;
}

std::string branch_ref(const std::string& branch = "main", const std::string& sha = kSha,
                       const std::string& type = "commit") {
    return R"({"ref":"refs/heads/)" + branch +
           R"(","node_id":"REF_x","url":"u","object":{"sha":")" + sha + R"(","type":")" + type +
           R"(","url":"u"}})";
}

const RepositoryRef kRef{"acme", "site", "main"};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// --- resolve_branch_sha ---

TEST(ResolveBranchSha, AsksForTheBranchRefWithTheToken) {
    ScriptedHttpClient client(make_response(200, branch_ref()));
    auto sha = resolve_branch_sha(client, api(), kRef, kToken);
    ASSERT_TRUE(sha) << sha.error().message;
    EXPECT_EQ(*sha, kSha);
    const auto sent = client.requests().front();
    EXPECT_EQ(sent.method, "GET");
    // git/ref/heads names only a branch; /commits/main would prefer a tag named main.
    EXPECT_EQ(sent.url, std::string(kApi) + "/repos/acme/site/git/ref/heads/main");
    EXPECT_EQ(sent.headers.get("Accept"), "application/vnd.github+json");
    EXPECT_EQ(sent.headers.get("Authorization"), std::string("token ") + kToken);
    EXPECT_EQ(sent.headers.get("X-GitHub-Api-Version"), "2022-11-28");
    EXPECT_TRUE(sent.headers.contains("User-Agent"));
}

TEST(ResolveBranchSha, BranchNamesWithSlashesAndOddCharactersAreEncoded) {
    ScriptedHttpClient client(make_response(200, branch_ref("release/v1 #2")));
    ASSERT_TRUE(resolve_branch_sha(client, api(), {"acme", "site", "release/v1 #2"}, kToken));
    EXPECT_EQ(client.requests().front().url,
              std::string(kApi) + "/repos/acme/site/git/ref/heads/release/v1%20%232");
}

TEST(ResolveBranchSha, AnythingButTheBranchsCommitIsRefused) {
    for (const auto& [body, expected] : std::vector<std::pair<std::string, std::string>>{
             {R"({"sha":"0123"})", "expected a git reference"},
             {branch_ref("main", "0123"), "not a commit"},
             {branch_ref("main", kSha, "tag"), "points to a tag"},
             {branch_ref("main-old"), "asked for refs/heads/main, got refs/heads/main-old"},
             {"<html>â proxy ð", "expected a git reference"}}) {
        ScriptedHttpClient client(make_response(200, body));
        auto sha = resolve_branch_sha(client, api(), kRef, kToken);
        ASSERT_FALSE(sha) << body;
        EXPECT_EQ(sha.error().kind, ErrorKind::Http);
        EXPECT_TRUE(contains(sha.error().message, expected)) << sha.error().message;
        EXPECT_TRUE(util::is_valid_utf8(sha.error().message)) << sha.error().message;
    }
}

TEST(ResolveBranchSha, APrefixMatchIsNotTheBranch) {
    ScriptedHttpClient client(
        make_response(200, "[" + branch_ref("main-a") + "," + branch_ref("main-b") + "]"));
    auto sha = resolve_branch_sha(client, api(), kRef, kToken);
    ASSERT_FALSE(sha);
    EXPECT_EQ(sha.error().kind, ErrorKind::NotFound);
    EXPECT_TRUE(contains(sha.error().message, "exactly")) << sha.error().message;
}

TEST(ResolveBranchSha, ABadGatewayIsRetried) {
    int calls = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls < 3) return make_response(502, "<html>bad gateway</html>");
        return make_response(200, branch_ref());
    });
    auto sha = resolve_branch_sha(client, api(), kRef, kToken);
    ASSERT_TRUE(sha) << sha.error().message;
    EXPECT_EQ(calls, 3);
}

class MissingBranch : public ::testing::TestWithParam<long> {};

TEST_P(MissingBranch, NamesRepositoryAndBranchAndHintsTheAppInstallation) {
    const long status = GetParam();
    ScriptedHttpClient client(make_response(status, R"({"message":"Not Found"})"));
    auto sha = resolve_branch_sha(client, api(), {"acme", "site", "gh-pages"}, kToken);
    ASSERT_FALSE(sha);
    const auto& message = sha.error().message;
    EXPECT_EQ(sha.error().kind, ErrorKind::NotFound);
    EXPECT_TRUE(contains(message, "acme/site")) << message;
    EXPECT_TRUE(contains(message, "gh-pages")) << message;
    EXPECT_TRUE(contains(message, "App is installed")) << message;
    EXPECT_TRUE(contains(message, std::to_string(status))) << message;
    EXPECT_FALSE(contains(message, kToken));
}

INSTANTIATE_TEST_SUITE_P(Statuses, MissingBranch, ::testing::Values(404L, 409L, 422L));

TEST(ResolveBranchSha, RateLimitSaysWhenItResets) {
    ScriptedHttpClient client(
        make_response(403, R"({"message":"API rate limit exceeded"})",
                      {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1714568400"}}));
    auto sha = resolve_branch_sha(client, api(), kRef, kToken);
    ASSERT_FALSE(sha);
    EXPECT_EQ(sha.error().kind, ErrorKind::RateLimited);
    EXPECT_TRUE(contains(sha.error().message, "2024-05-01T13:00:00Z")) << sha.error().message;
    EXPECT_TRUE(contains(sha.error().message, "acme/site")) << sha.error().message;
}

TEST(ResolveBranchSha, ExpiredTokenIsAnAuthError) {
    ScriptedHttpClient client(make_response(401, R"({"message":"Bad credentials"})"));
    auto sha = resolve_branch_sha(client, api(), kRef, kToken);
    ASSERT_FALSE(sha);
    EXPECT_EQ(sha.error().kind, ErrorKind::Auth);
    EXPECT_FALSE(contains(sha.error().message, kToken));
}

// --- download_zipball ---

class DownloadZipball : public ::testing::Test {
  protected:
    testing::TempDir dir_;
    std::string zip_ = (dir_.path() / "site.zip").string();
};

TEST_F(DownloadZipball, RedirectToAnotherOriginDropsTheAuthorizationHeader) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) return make_response(302, "", {{"Location", kCodeload}});
        return make_response(200, "PK archive bytes");
    });
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(*bytes, 16U);
    EXPECT_EQ(read_file(zip_), "PK archive bytes");

    const auto sent = client.requests();
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0].url, std::string(kApi) + "/repos/acme/site/zipball/" + kSha);
    EXPECT_EQ(sent[0].headers.get("Authorization"), std::string("token ") + kToken);
    EXPECT_EQ(sent[1].url, kCodeload);
    EXPECT_FALSE(sent[1].headers.contains("Authorization"));
    EXPECT_TRUE(sent[1].headers.contains("User-Agent"));
}

TEST_F(DownloadZipball, RedirectToAnotherPortIsAnotherOrigin) {
    for (const std::string target : {"https://api.github.test:8443/x.zip"}) {
        ScriptedHttpClient client([&](const http::Request& request) -> Result<http::Response> {
            if (request.url.starts_with(std::string(kApi) + "/"))
                return make_response(302, "", {{"Location", target}});
            return make_response(200, "PK");
        });
        ASSERT_TRUE(download_zipball(client, api(), kRef, kSha, kToken, zip_, {}));
        EXPECT_FALSE(client.requests().at(1).headers.contains("Authorization")) << target;
    }
}

TEST_F(DownloadZipball, RedirectsToPlainHttpAreRefusedUnlessLoopback) {
    for (const std::string target : {"http://api.github.test/x.zip", "http://codeload.evil/x.zip",
                                     "http://127.0.0.1:9999/x.zip"}) {
        ScriptedHttpClient client(make_response(302, "", {{"Location", target}}));
        auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
        ASSERT_FALSE(bytes) << target;
        EXPECT_EQ(bytes.error().kind, ErrorKind::Http);
        EXPECT_TRUE(contains(bytes.error().message, "refusing the redirect")) << target;
        EXPECT_EQ(client.request_count(), 1U) << target;
    }
}

TEST_F(DownloadZipball, PlainHttpBetweenLoopbackPortsIsFollowedWithoutTheToken) {
    auto local = api();
    local.base_url = "http://127.0.0.1:8080";
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with("http://127.0.0.1:8080/"))
            return make_response(302, "", {{"Location", "http://127.0.0.1:8081/a.zip?token=x"}});
        return make_response(200, "PK");
    });
    ASSERT_TRUE(download_zipball(client, local, kRef, kSha, kToken, zip_, {}));
    EXPECT_FALSE(client.requests().at(1).headers.contains("Authorization"));
}

TEST_F(DownloadZipball, TheArchiveIsPrivateAndARetryStartsItOver) {
    int calls = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls == 1) return make_response(502, "<html>first attempt</html>");
        return make_response(200, "PK second");
    });
    ASSERT_TRUE(download_zipball(client, api(), kRef, kSha, kToken, zip_, {}));
    EXPECT_EQ(read_file(zip_), "PK second");
    EXPECT_EQ(std::filesystem::status(zip_).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(DownloadZipball, RedirectWithinTheSameOriginKeepsTheAuthorizationHeader) {
    for (const std::string& target :
         {std::string(kApi) + "/archive/site.zip", std::string("/archive/site.zip"),
          std::string("https://API.github.test:443/archive/site.zip")}) {
        ScriptedHttpClient absolute([&](const http::Request& request) -> Result<http::Response> {
            if (request.url.find("/zipball/") != std::string::npos)
                return make_response(302, "", {{"Location", target}});
            return make_response(200, "PK");
        });
        ASSERT_TRUE(download_zipball(absolute, api(), kRef, kSha, kToken, zip_, {}));
        const auto second = absolute.requests().at(1);
        EXPECT_EQ(second.headers.get("Authorization"), std::string("token ") + kToken) << target;
        EXPECT_TRUE(second.url.ends_with("/archive/site.zip")) << second.url;
    }
}

TEST_F(DownloadZipball, DirectAnswerWithoutRedirectIsAccepted) {
    ScriptedHttpClient client(make_response(200, "PK direct"));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_TRUE(bytes);
    EXPECT_EQ(read_file(zip_), "PK direct");
    EXPECT_EQ(client.request_count(), 1U);
}

TEST_F(DownloadZipball, TimeoutFromTheLimitsIsOnEveryRequest) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) return make_response(302, "", {{"Location", kCodeload}});
        return make_response(200, "PK");
    });
    DownloadLimits limits;
    limits.timeout = std::chrono::seconds(7);
    ASSERT_TRUE(download_zipball(client, api(), kRef, kSha, kToken, zip_, limits));
    for (const auto& request : client.requests()) {
        EXPECT_EQ(request.timeout, std::chrono::seconds(7));
        EXPECT_TRUE(request.minimum_speed);  // a stalled download fails before the timeout
    }
}

TEST_F(DownloadZipball, ArchiveLargerThanTheLimitIsRefused) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) return make_response(302, "", {{"Location", kCodeload}});
        return make_response(200, std::string(5000, 'z'));
    });
    DownloadLimits limits;
    limits.max_bytes = 4096;
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, limits);
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::Archive);
    EXPECT_TRUE(contains(bytes.error().message, "4096")) << bytes.error().message;
    EXPECT_TRUE(contains(bytes.error().message, "acme/site")) << bytes.error().message;
}

TEST_F(DownloadZipball, ArchiveExactlyAtTheLimitIsAccepted) {
    ScriptedHttpClient client(make_response(200, std::string(4096, 'z')));
    DownloadLimits limits;
    limits.max_bytes = 4096;
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, limits);
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(*bytes, 4096U);
}

TEST_F(DownloadZipball, RedirectBodyIsNotPartOfTheArchive) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) {
            return make_response(302, "<html>You are being redirected</html>",
                                 {{"Location", kCodeload}});
        }
        return make_response(200, "PK only");
    });
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, 7U);
    EXPECT_EQ(read_file(zip_), "PK only");
}

TEST_F(DownloadZipball, NotFoundNamesTheRepository) {
    ScriptedHttpClient client(make_response(404, R"({"message":"Not Found"})"));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::NotFound);
    EXPECT_TRUE(contains(bytes.error().message, "acme/site")) << bytes.error().message;
}

TEST_F(DownloadZipball, ErrorFromTheRedirectTargetCarriesItsMessageButNoSignedQuery) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) return make_response(302, "", {{"Location", kCodeload}});
        return make_response(503, "codeload is busy");
    });
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::Http);
    EXPECT_TRUE(contains(bytes.error().message, "503")) << bytes.error().message;
    EXPECT_TRUE(contains(bytes.error().message, "codeload is busy")) << bytes.error().message;
    EXPECT_FALSE(contains(bytes.error().message, "SIGNED")) << bytes.error().message;
    EXPECT_FALSE(contains(bytes.error().message, kToken));
}

TEST_F(DownloadZipball, SecondRedirectIsNotFollowed) {
    ScriptedHttpClient client(make_response(302, "", {{"Location", kCodeload}}));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(client.request_count(), 2U);
}

TEST_F(DownloadZipball, RedirectWithoutLocationIsAnError) {
    ScriptedHttpClient client(make_response(302));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(client.request_count(), 1U);
}

TEST_F(DownloadZipball, RateLimitOnTheDownloadSaysWhenItResets) {
    ScriptedHttpClient client(make_response(
        429, "", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1714568400"}}));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::RateLimited);
    EXPECT_TRUE(contains(bytes.error().message, "2024-05-01T13:00:00Z")) << bytes.error().message;
}

TEST_F(DownloadZipball, NetworkFailureOnTheRedirectTargetIsPassedOn) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        if (request.url.starts_with(kApi)) return make_response(302, "", {{"Location", kCodeload}});
        return fail(ErrorKind::Timeout, "codeload.github.test: timed out");
    });
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken, zip_, {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::Timeout);
}

TEST_F(DownloadZipball, UnwritableDestinationIsAnIoError) {
    ScriptedHttpClient client(make_response(200, "PK"));
    auto bytes = download_zipball(client, api(), kRef, kSha, kToken,
                                  (dir_.path() / "no/such/dir/a.zip").string(), {});
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().kind, ErrorKind::Io);
    EXPECT_EQ(client.request_count(), 0U);
}

}  // namespace
}  // namespace repo2s3::github
