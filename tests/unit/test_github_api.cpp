#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "repo2s3/github/api.hpp"
#include "repo2s3/util/utf8.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::github {
namespace {

using namespace std::chrono_literals;
using testing::make_response;
using SystemClock = std::chrono::system_clock;

const SystemClock::time_point kNow = SystemClock::from_time_t(1714564800);  // 12:00:00Z

TEST(GitHubRetryVerdict, TransientFailuresBackOff) {
    for (const long status : {500L, 502L, 503L, 504L}) {
        const auto verdict = github_retry_verdict(make_response(status), kNow);
        EXPECT_TRUE(verdict.retry) << status;
        EXPECT_FALSE(verdict.server_wait) << status;
    }
    EXPECT_TRUE(github_retry_verdict(fail(ErrorKind::Network, "reset"), kNow).retry);
    EXPECT_TRUE(github_retry_verdict(fail(ErrorKind::Timeout, "slow"), kNow).retry);
    EXPECT_FALSE(github_retry_verdict(make_response(404), kNow).retry);
    EXPECT_FALSE(github_retry_verdict(make_response(401), kNow).retry);
}

TEST(GitHubRetryVerdict, APrimaryLimitWaitsUntilItResets) {
    const auto verdict = github_retry_verdict(
        make_response(403, R"({"message":"API rate limit exceeded"})",
                      {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1714564830"}}),
        kNow);
    EXPECT_TRUE(verdict.retry);
    EXPECT_EQ(verdict.server_wait, 31s);  // the reset, plus a second for clock skew
}

TEST(GitHubRetryVerdict, ASecondaryLimitWaitsForRetryAfterOrAMinute) {
    const auto asked = github_retry_verdict(
        make_response(403, R"({"message":"You have exceeded a secondary rate limit"})",
                      {{"retry-after", "7"}}),
        kNow);
    EXPECT_TRUE(asked.retry);
    EXPECT_EQ(asked.server_wait, 7s);
    const auto unsaid = github_retry_verdict(
        make_response(403, R"({"message":"You have exceeded a secondary rate limit."})"), kNow);
    EXPECT_EQ(unsaid.server_wait, 60s);
    EXPECT_EQ(github_retry_verdict(make_response(429), kNow).server_wait, 60s);
}

TEST(GitHubRetryVerdict, AForbiddenThatIsNoLimitIsFinal) {
    EXPECT_FALSE(github_retry_verdict(
                     make_response(403, R"({"message":"Resource not accessible by integration"})",
                                   {{"x-ratelimit-remaining", "4999"}}),
                     kNow)
                     .retry);
}

TEST(SendApi, ALimitThatResetsPastTheDeadlineIsNotWaitedFor) {
    testing::ScriptedHttpClient client(make_response(
        403, R"({"message":"API rate limit exceeded"})",
        {{"x-ratelimit-remaining", "0"},
         {"x-ratelimit-reset", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                  (SystemClock::now() + 1h).time_since_epoch())
                                                  .count())}}));
    ApiConfig config;
    int waits = 0;
    config.retry.sleep = [&](std::chrono::milliseconds) { ++waits; };
    config.retry.deadline = util::Deadline::after(10min);
    auto response = send_api(
        client, config, [] { return http::Request{}; }, "test");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 403);
    EXPECT_EQ(client.request_count(), 1U);
    EXPECT_EQ(waits, 0);
    EXPECT_EQ(response_error(*response, "test").kind, ErrorKind::RateLimited);
}

TEST(ResponseMessage, AnErrorPageIsCutWithoutSplittingACharacter) {
    // A proxy's HTML page with multi-byte characters from byte 198 on.
    std::string page = "<html><body>" + std::string(186, 'x');
    for (int i = 0; i < 10; ++i) page += "\xE2\x80\x94\xF0\x9F\xA6\x84";
    ASSERT_EQ(page.size(), 268U);
    const auto message = response_message(make_response(502, page));
    EXPECT_LE(message.size(), 200U);
    EXPECT_GE(message.size(), 197U);
    EXPECT_TRUE(util::is_valid_utf8(message));
    const auto error = response_error(make_response(502, page), "branch main of acme/site");
    EXPECT_TRUE(util::is_valid_utf8(error.message));
    EXPECT_EQ(error.kind, ErrorKind::Http);
}

TEST(ResponseMessage, AnErrorPageIsOneLine) {
    const auto message = response_message(make_response(
        502,
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n\n\n</body>\n</html>\n"));
    EXPECT_EQ(message, "<html> <head><title>502 Bad Gateway</title></head> <body> </body> </html>");
    EXPECT_EQ(response_message(make_response(500, R"({"message":"two\nlines"})")), "two lines");
}

TEST(ResponseMessage, BadBytesAreReplaced) {
    const auto message = response_message(make_response(500, "bad \xFF\xFE bytes"));
    EXPECT_TRUE(util::is_valid_utf8(message));
    EXPECT_EQ(message, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

}  // namespace
}  // namespace repo2s3::github
