#pragma once
// Credentials of the EC2 instance's IAM role from the instance metadata service, IMDSv2 only:
// PUT /latest/api/token for a session token, then GET
// /latest/meta-data/iam/security-credentials/ for the role name and .../<role> for its keys.
// The service is AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://[fd00:ec2::254] when
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6, else http://169.254.169.254.
// AWS_EC2_METADATA_DISABLED=true turns it off.
//
// Off an instance nothing answers, so each request has a 1-second budget and one retry, and an
// unreachable service is "not configured" (NotFound): the chain ends with its usual message.

#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"

namespace repo2s3::aws {

class InstanceMetadataCredentials final : public CredentialsProvider {
  public:
    explicit InstanceMetadataCredentials(ProviderContext context) : context_(std::move(context)) {}

    std::string name() const override { return "instance metadata"; }
    /// Errors: NotFound when disabled, unreachable, when the token is refused (IMDS turned off
    /// or not an IMDS) or no role is attached; Usage for a malformed endpoint variable; Auth
    /// when the service reports a failed credentials Code; Http for other answers.
    Result<Credentials> credentials() override;

  private:
    ProviderContext context_;
};

}  // namespace repo2s3::aws
