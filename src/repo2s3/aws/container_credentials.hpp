#pragma once
// Credentials from the container credentials endpoint of ECS, EKS Pod Identity and similar
// agents: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (a path on http://169.254.170.2), else
// AWS_CONTAINER_CREDENTIALS_FULL_URI. The Authorization header comes from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read again on every call, since agents rotate it),
// else AWS_CONTAINER_AUTHORIZATION_TOKEN.
//
// A full URI may use plain http only to a host that cannot be another machine, as in the AWS
// SDKs: a loopback address (127.0.0.0/8, ::1, localhost) or the ECS and EKS agent addresses
// 169.254.170.2, 169.254.170.23 and fd00:ec2::23. Any host is fine over https. (Tests point
// the full URI at a local server; there is no other override.)

#include <optional>
#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"

namespace repo2s3::aws {

/// Whether an http:// full URI may point at `host` (lower-case; IPv6 in brackets).
bool is_allowed_container_host(std::string_view host);

/// The endpoint URL the environment configures, nothing when neither variable is set.
/// Errors: ErrorKind::Usage naming the variable when the full URI is not an http(s) URL or
/// uses plain http to a host that is not allowed.
Result<std::optional<std::string>> container_credentials_url(const util::EnvLookup& env);

class ContainerCredentials final : public CredentialsProvider {
  public:
    explicit ContainerCredentials(ProviderContext context) : context_(std::move(context)) {}

    std::string name() const override { return "container"; }
    /// Errors: NotFound when neither URI variable is set; Usage for a refused URI or a token
    /// with line breaks; Io when the token file cannot be read; Auth when the endpoint answers
    /// 401/403 or the token file is empty; Network/Timeout when it cannot be reached (three
    /// attempts); Http for other answers or an unreadable document.
    Result<Credentials> credentials() override;

  private:
    ProviderContext context_;
};

}  // namespace repo2s3::aws
