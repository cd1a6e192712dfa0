#pragma once
// Credentials for a role assumed with a web identity token (an OIDC JWT that the platform
// writes to a file, as EKS IRSA and GitHub Actions do) through STS AssumeRoleWithWebIdentity.
// The token file is read again on every call: platforms rotate it.

#include <optional>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"
#include "repo2s3/aws/sts_client.hpp"

namespace repo2s3::aws {

struct WebIdentitySettings {
    std::string token_file;
    std::string role_arn;
    std::string session_name;  // empty: default_session_name
    std::optional<int> duration_seconds;
    /// Where the token file was configured, for messages: "AWS_WEB_IDENTITY_TOKEN_FILE",
    /// "web_identity_token_file of profile ci".
    std::string token_file_setting;
};

/// Reads the token now and exchanges it at `target`. Errors: those of read_token_file and
/// assume_role_with_web_identity.
Result<Credentials> web_identity_credentials(const ProviderContext& context,
                                             const WebIdentitySettings& settings,
                                             const StsTarget& target);

/// From the environment: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, with
/// AWS_ROLE_SESSION_NAME. STS is reached as sts_target describes, with the selected profile's
/// region as the fallback region.
class WebIdentityCredentials final : public CredentialsProvider {
  public:
    explicit WebIdentityCredentials(ProviderContext context) : context_(std::move(context)) {}

    std::string name() const override { return "web identity"; }
    /// Errors: NotFound when AWS_WEB_IDENTITY_TOKEN_FILE is not set; Auth when AWS_ROLE_ARN is
    /// not set with it; otherwise those of web_identity_credentials and sts_target.
    Result<Credentials> credentials() override;

  private:
    ProviderContext context_;
};

}  // namespace repo2s3::aws
