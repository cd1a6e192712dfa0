#pragma once
// AWS Secrets Manager GetSecretValue over the HTTP seam, signed with our SigV4 signer.

#include <chrono>
#include <memory>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/secrets/secrets_source.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

/// How GetSecretValue is retried: network errors, timeouts, 5xx and throttling, a few times with
/// capped exponential backoff and full jitter.
http::RetryPolicy secrets_manager_retry_policy();

/// The secret's SecretString. `secret_id` is a name or an ARN.
/// Errors (each names the secret id and region, never the secret):
/// - NotFound: ResourceNotFoundException;
/// - Auth: the credentials are missing or rejected (AccessDenied, UnrecognizedClient,
///   InvalidSignature, expired token, ...) or KMS cannot decrypt the secret for them;
/// - RateLimited: throttled; Network: HTTP 5xx or a transport failure; Timeout;
/// - Usage: the secret holds SecretBinary only; Http: any other error response or a response
///   that cannot be read.
Result<std::string> get_secret_value(http::Client& client, CredentialsProvider& credentials,
                                     const ServiceEndpoint& endpoint, const std::string& region,
                                     const std::string& secret_id);

/// As above, signed as of `when` and retried under `retry` (for tests).
Result<std::string> get_secret_value(http::Client& client, CredentialsProvider& credentials,
                                     const ServiceEndpoint& endpoint, const std::string& region,
                                     const std::string& secret_id,
                                     std::chrono::system_clock::time_point when,
                                     const http::RetryPolicy& retry);

/// A fetcher for secrets::load_starfleet_secrets: the endpoint comes from `env` for each call's
/// region (see secrets_manager_endpoint). `client` must outlive the fetcher.
secrets::SecretFetcher make_secret_fetcher(http::Client& client,
                                           std::shared_ptr<CredentialsProvider> credentials,
                                           util::EnvLookup env);

}  // namespace repo2s3::aws
