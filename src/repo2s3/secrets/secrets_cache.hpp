#pragma once
// Starfleet's secrets document, fetched once and shared (the App key and the Slack token cost
// one fetch), but never kept so long that a rotated key needs a restart: it is fetched again
// when older than max_age, and at once after forget() (e.g. after GitHub refused its key).

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "repo2s3/secrets/secrets_source.hpp"

namespace repo2s3::secrets {

inline constexpr std::chrono::minutes kSecretsMaxAge{15};

class SecretsCache {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    SecretsCache(SecretsLocation location, SecretFetcher fetch,
                 std::chrono::steady_clock::duration max_age = kSecretsMaxAge, Clock clock = {});

    /// The document (nothing when no location is configured), fetched when there is none yet,
    /// it has grown older than max_age, or forget() was called. Failures are not kept: the
    /// next call tries again.
    Result<std::optional<StarfleetSecrets>> get();
    /// The next get() fetches the document again.
    void forget();

  private:
    SecretsLocation location_;
    SecretFetcher fetch_;
    std::chrono::steady_clock::duration max_age_;
    Clock clock_;
    std::mutex mutex_;
    std::optional<StarfleetSecrets> document_;
    std::chrono::steady_clock::time_point fetched_at_;
};

}  // namespace repo2s3::secrets
