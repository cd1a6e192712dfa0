#pragma once
// Sending a request again after a failure that is worth another try: capped exponential backoff
// with full jitter, or the wait the server asked for, never past the run's deadline. The caller
// says which results are worth it (a RetryClassifier); S3 has its own loop (s3/s3_bucket.cpp)
// because it signs every attempt afresh.

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "repo2s3/http/client.hpp"
#include "repo2s3/util/deadline.hpp"

namespace repo2s3::http {

/// What a retry policy makes of one attempt's result.
struct RetryVerdict {
    bool retry = false;
    /// The wait the server asked for (Retry-After, a rate limit's reset time). Without it, the
    /// wait is the policy's backoff.
    std::optional<std::chrono::milliseconds> server_wait;
};
using RetryClassifier = std::function<RetryVerdict(const Result<Response>&)>;

/// Network errors, timeouts and HTTP 500, 502, 503 and 504: what every service we call may
/// answer once and not again.
RetryVerdict transient_failure(const Result<Response>& result);

struct RetryPolicy {
    int max_attempts = 5;  // in all, at least 1
    std::chrono::milliseconds base_delay{std::chrono::milliseconds(500)};
    std::chrono::milliseconds max_delay{std::chrono::seconds(20)};
    /// No wait ends past it, and every attempt's request carries it (Request::deadline).
    util::Deadline deadline;
    /// How to wait; std::this_thread::sleep_for when empty.
    std::function<void(std::chrono::milliseconds)> sleep;
    /// A number in [0, 1) for the jitter; a per-thread random engine when empty.
    std::function<double()> random;
    /// Log retries at debug level instead of as warnings: for probes that are expected to fail
    /// (instance metadata off EC2).
    bool quiet = false;
};

/// Backoff before retry `retry` (from 0): uniform in [0, min(max_delay, base_delay * 2^retry)].
std::chrono::milliseconds full_jitter_backoff(const RetryPolicy& policy, int retry, double random);

/// Sends the request `make_request` builds (anew for each attempt) until `classify` says the
/// result is final, the attempts run out, or the next wait would end past the deadline; returns
/// the last result. Each retry is logged with `what` ("GitHub branch main of acme/site").
Result<Response> send_with_retries(Client& client, const std::function<Request()>& make_request,
                                   const RetryClassifier& classify, const RetryPolicy& policy,
                                   std::string_view what);

}  // namespace repo2s3::http
