#pragma once
// AWS credentials and the provider seam: each source (environment, web identity, profile,
// container, instance metadata) is one CredentialsProvider, and a chain asks them in order.

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
    /// Current credentials. Errors:
    /// - ErrorKind::NotFound: this source holds no credentials (nothing set); a chain moves on;
    /// - any other kind: the source is set up but unusable (ErrorKind::Auth for incomplete or
    ///   unsupported credentials, ErrorKind::Usage for a malformed file); a chain stops there,
    ///   because skipping it would silently pick other credentials than the user configured.
    /// Messages name variables, files and profiles, never secret values.
    virtual Result<Credentials> credentials() = 0;
};

}  // namespace repo2s3::aws
