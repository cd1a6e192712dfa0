#pragma once
// The two STS calls credential providers need, over the query protocol (form-encoded POST,
// XML answer): AssumeRole, signed with the caller's credentials, and AssumeRoleWithWebIdentity,
// unsigned (the web identity token is the proof).

#include <chrono>
#include <optional>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct StsTarget {
    std::string url;     // scheme://host[:port][/path], no trailing '/'
    std::string region;  // signing region
};

/// The region is AWS_REGION, else AWS_DEFAULT_REGION, else `profile_region`, else us-east-1; the
/// URL comes from sts_endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the regional endpoint).
/// Errors: ErrorKind::Usage for a malformed endpoint variable or region name.
Result<StsTarget> sts_target(const util::EnvLookup& env,
                             const std::optional<std::string>& profile_region);

struct AssumeRoleRequest {
    std::string role_arn;
    std::string session_name;
    std::optional<std::string> external_id;  // AssumeRole only
    std::optional<int> duration_seconds;     // STS's default (one hour) when unset
};

/// "repo2s3-<milliseconds since the epoch>", the session name when none is configured.
std::string default_session_name(std::chrono::system_clock::time_point now);

/// Calls AssumeRole as `source`, signed as of `when`. Transient failures (transport, 5xx,
/// throttling) are tried three times in all.
/// Errors (each names the action, the role ARN and the URL, never a credential):
/// Auth for rejected credentials or a denied role (AccessDenied, ExpiredToken, ...);
/// RateLimited; Network for 5xx and transport failures; Timeout; Http for any other error
/// response or an unreadable answer.
Result<Credentials> assume_role(http::Client& client, const StsTarget& target,
                                const Credentials& source, const AssumeRoleRequest& request,
                                std::chrono::system_clock::time_point when);

/// Calls AssumeRoleWithWebIdentity with `web_identity_token` (an OIDC JWT; never logged).
/// IDPCommunicationError is retried as transient. Errors as for assume_role; a rejected token
/// (InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim) is Auth.
Result<Credentials> assume_role_with_web_identity(http::Client& client, const StsTarget& target,
                                                  const std::string& web_identity_token,
                                                  const AssumeRoleRequest& request);

}  // namespace repo2s3::aws
