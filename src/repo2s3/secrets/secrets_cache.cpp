#include "repo2s3/secrets/secrets_cache.hpp"

#include <spdlog/spdlog.h>

namespace repo2s3::secrets {

SecretsCache::SecretsCache(SecretsLocation location, SecretFetcher fetch,
                           std::chrono::steady_clock::duration max_age, Clock clock)
    : location_(std::move(location)),
      fetch_(std::move(fetch)),
      max_age_(max_age),
      clock_(clock ? std::move(clock) : [] { return std::chrono::steady_clock::now(); }) {}

Result<std::optional<StarfleetSecrets>> SecretsCache::get() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_();
    if (document_ && now - fetched_at_ < max_age_) return document_;
    auto loaded = load_starfleet_secrets(location_, fetch_);
    if (!loaded) return loaded;
    if (*loaded) {
        if (document_) spdlog::debug("{}: fetched again", (*loaded)->origin());
        document_ = std::move(*loaded);
        fetched_at_ = now;
        return document_;
    }
    return std::optional<StarfleetSecrets>();
}

void SecretsCache::forget() {
    const std::lock_guard lock(mutex_);
    document_.reset();
}

}  // namespace repo2s3::secrets
