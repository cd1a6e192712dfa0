#pragma once
// A chain of credential providers, asked in order, and the default chain repo2s3 uses.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

/// Credentials whose expiration is closer than this are fetched again before use.
inline constexpr std::chrono::minutes kCredentialsRefreshWindow{5};

/// The first provider that answers wins and is remembered: later calls ask only it. Its
/// credentials are cached until they come within kCredentialsRefreshWindow of their
/// expiration (never, when they have none); then the same provider is asked again. If that
/// refresh fails while the cached credentials have not yet expired, they are still used.
/// A provider answering ErrorKind::NotFound is passed over; any other error stops the chain and
/// is returned with the provider's name. When every provider answers NotFound, the result is one
/// ErrorKind::Auth error listing each provider and its reason.
/// Thread-safe: concurrent callers wait for one lookup.
class ChainProvider final : public CredentialsProvider {
  public:
    explicit ChainProvider(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                           Clock clock = std::chrono::system_clock::now);

    /// "chain (environment, profile default)".
    std::string name() const override;
    Result<Credentials> credentials() override;
    /// The name of the provider that answered last, empty before one has.
    std::string source_name();

  private:
    bool fresh(const Credentials& credentials, std::chrono::system_clock::time_point now) const;
    Result<Credentials> refresh(std::chrono::system_clock::time_point now);
    Result<Credentials> search();

    std::vector<std::unique_ptr<CredentialsProvider>> providers_;
    Clock clock_;
    std::mutex mutex_;
    std::optional<std::size_t> chosen_;
    std::optional<Credentials> cached_;
};

/// repo2s3's chain, in the AWS SDKs' order: environment variables (AWS_ACCESS_KEY_ID, ...),
/// web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), the selected profile of the shared
/// files (static keys or role_arn), the container endpoint (AWS_CONTAINER_CREDENTIALS_*_URI),
/// then the EC2 instance metadata service (IMDSv2). `http` must outlive the chain; `clock`
/// drives renewal, STS signing and session names.
std::shared_ptr<ChainProvider> default_credentials_chain(
    const util::EnvLookup& env, http::Client& http, Clock clock = std::chrono::system_clock::now);

}  // namespace repo2s3::aws
