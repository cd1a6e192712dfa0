#pragma once
// One request to a credentials endpoint (STS, the container agent, instance metadata), tried a
// few times: these answer in milliseconds, and one lost packet should not fail a whole run.

#include <chrono>
#include <functional>

#include "repo2s3/http/client.hpp"

namespace repo2s3::aws {

struct RetryPolicy {
    int attempts = 1;                    // in total, at least 1
    std::chrono::milliseconds pause{0};  // between attempts, doubled each time
    /// Which responses are worth another attempt; by default HTTP 5xx.
    std::function<bool(const http::Response&)> retry_response;
};

/// Sends `request` until it gets a response that `policy` does not retry, or attempts run out.
/// Transport errors (Network, Timeout) are retried; Io and others are returned at once. Returns
/// the last response or error.
Result<http::Response> send_with_retries(http::Client& client, const http::Request& request,
                                         const RetryPolicy& policy);

}  // namespace repo2s3::aws
