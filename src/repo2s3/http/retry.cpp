#include "repo2s3/http/retry.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <thread>

namespace repo2s3::http {
namespace {

double thread_random() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string describe(const Result<Response>& result) {
    if (!result) return result.error().message;
    return "HTTP " + std::to_string(result->status);
}

}  // namespace

RetryVerdict transient_failure(const Result<Response>& result) {
    if (!result) {
        const ErrorKind kind = result.error().kind;
        return {kind == ErrorKind::Network || kind == ErrorKind::Timeout, std::nullopt};
    }
    const long status = result->status;
    return {status == 500 || status == 502 || status == 503 || status == 504, std::nullopt};
}

std::chrono::milliseconds full_jitter_backoff(const RetryPolicy& policy, int retry, double random) {
    auto ceiling = policy.base_delay;
    for (int i = 0; i < retry && ceiling < policy.max_delay; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, policy.max_delay);
    const double fraction = std::clamp(random, 0.0, 1.0);
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(fraction * static_cast<double>(ceiling.count())));
}

Result<Response> send_with_retries(Client& client, const std::function<Request()>& make_request,
                                   const RetryClassifier& classify, const RetryPolicy& policy,
                                   std::string_view what) {
    const int attempts = std::max(policy.max_attempts, 1);
    for (int attempt = 1;; ++attempt) {
        Request request = make_request();
        request.deadline = util::Deadline::earliest(request.deadline, policy.deadline);
        auto result = client.send(request);
        const RetryVerdict verdict = classify(result);
        if (!verdict.retry || attempt >= attempts) return result;

        const auto wait = verdict.server_wait.value_or(full_jitter_backoff(
            policy, attempt - 1, policy.random ? policy.random() : thread_random()));
        const auto level = policy.quiet ? spdlog::level::debug : spdlog::level::warn;
        if (wait >= policy.deadline.remaining()) {
            spdlog::log(level, "{}: {}; not retried: waiting {} ms would pass the run's deadline",
                        what, describe(result), wait.count());
            return result;
        }
        spdlog::log(level, "{}: {}; retrying in {} ms (attempt {} of {})", what, describe(result),
                    wait.count(), attempt + 1, attempts);
        if (policy.sleep) {
            policy.sleep(wait);
        } else {
            std::this_thread::sleep_for(wait);
        }
    }
}

}  // namespace repo2s3::http
