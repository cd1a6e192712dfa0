#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "repo2s3/http/retry.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::http {
namespace {

using namespace std::chrono_literals;
using testing::make_response;
using testing::ScriptedHttpClient;

class SendWithRetries : public ::testing::Test {
  protected:
    RetryPolicy policy() {
        RetryPolicy result;
        result.max_attempts = 4;
        result.base_delay = 100ms;
        result.max_delay = 300ms;
        result.sleep = [this](std::chrono::milliseconds wait) { waits_.push_back(wait); };
        result.random = [] { return 0.999; };
        return result;
    }
    static Request request() {
        Request built;
        built.url = "https://api.example/x";
        return built;
    }
    std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(SendWithRetries, RetriesTransientFailuresWithCappedBackoff) {
    int calls = 0;
    ScriptedHttpClient client([&](const Request&) -> Result<Response> {
        ++calls;
        if (calls == 1) return fail(ErrorKind::Network, "reset");
        if (calls == 2) return fail(ErrorKind::Timeout, "timed out");
        if (calls == 3) return make_response(503);
        return make_response(200, "ok");
    });
    auto result = send_with_retries(client, request, transient_failure, policy(), "test call");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->body, "ok");
    EXPECT_EQ(calls, 4);
    // Full jitter: a random share of 100, 200, then 300 (capped) milliseconds.
    EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{99ms, 199ms, 299ms}));
}

TEST_F(SendWithRetries, StopsAtTheLastAttemptWithTheLastResult) {
    ScriptedHttpClient client(make_response(502, "bad gateway"));
    auto result = send_with_retries(client, request, transient_failure, policy(), "test call");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 502);
    EXPECT_EQ(client.request_count(), 4U);
    EXPECT_EQ(waits_.size(), 3U);
}

TEST_F(SendWithRetries, FinalAnswersAreNotRetried) {
    for (const long status : {200L, 400L, 401L, 404L, 422L}) {
        ScriptedHttpClient client(make_response(status));
        ASSERT_TRUE(send_with_retries(client, request, transient_failure, policy(), "t"));
        EXPECT_EQ(client.request_count(), 1U) << status;
    }
    ScriptedHttpClient io(fail(ErrorKind::Io, "disk full"));
    EXPECT_FALSE(send_with_retries(io, request, transient_failure, policy(), "t"));
    EXPECT_EQ(io.request_count(), 1U);
}

TEST_F(SendWithRetries, AWaitTheServerAsksForIsKept) {
    ScriptedHttpClient client(make_response(429));
    const RetryClassifier asks_for_two_seconds = [](const Result<Response>&) {
        return RetryVerdict{true, 2s};
    };
    auto limited = policy();
    limited.max_attempts = 2;
    ASSERT_TRUE(send_with_retries(client, request, asks_for_two_seconds, limited, "t"));
    EXPECT_EQ(waits_, std::vector<std::chrono::milliseconds>{2000ms});
}

TEST_F(SendWithRetries, NoWaitEndsPastTheDeadlineAndEveryAttemptCarriesIt) {
    ScriptedHttpClient client(make_response(503));
    auto bounded = policy();
    bounded.base_delay = 10s;
    bounded.max_delay = 10s;
    bounded.deadline = util::Deadline::after(5s);
    auto result = send_with_retries(client, request, transient_failure, bounded, "t");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 503);
    EXPECT_EQ(client.request_count(), 1U);
    EXPECT_TRUE(waits_.empty());
    EXPECT_EQ(client.requests().front().deadline.at(), bounded.deadline.at());
}

TEST(FullJitterBackoff, IsUniformUpToTheCappedCeiling) {
    RetryPolicy policy;
    policy.base_delay = 500ms;
    policy.max_delay = 20s;
    EXPECT_EQ(full_jitter_backoff(policy, 0, 0.0), 0ms);
    EXPECT_EQ(full_jitter_backoff(policy, 0, 0.5), 250ms);
    EXPECT_EQ(full_jitter_backoff(policy, 3, 1.0), 4000ms);
    EXPECT_EQ(full_jitter_backoff(policy, 10, 1.0), 20000ms);
    EXPECT_EQ(full_jitter_backoff(policy, 60, 1.0), 20000ms);  // no overflow
}

}  // namespace
}  // namespace repo2s3::http
