#pragma once
// AWS credentials and the provider seam. Later providers (web identity, container, IMDS) slot
// into the chain without changing callers.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;  // never logged
    std::string session_token;      // empty when not temporary; never logged
    std::optional<std::chrono::system_clock::time_point> expiration;
};

class CredentialsProvider {
  public:
    virtual ~CredentialsProvider() = default;
    CredentialsProvider() = default;
    CredentialsProvider(const CredentialsProvider&) = delete;
    CredentialsProvider& operator=(const CredentialsProvider&) = delete;
    CredentialsProvider(CredentialsProvider&&) = delete;
    CredentialsProvider& operator=(CredentialsProvider&&) = delete;

    /// Short name for messages ("environment", "profile default", ...).
    virtual std::string name() const = 0;
    /// Current credentials, or ErrorKind::Auth when this source has none.
    virtual Result<Credentials> credentials() = 0;
};

}  // namespace repo2s3::aws
