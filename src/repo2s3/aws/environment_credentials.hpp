#pragma once
// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. The older
// AWS_SECURITY_TOKEN is read when AWS_SESSION_TOKEN is not set (botocore prefers the older name
// when both are; the AWS CLI documents only AWS_SESSION_TOKEN).

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

class EnvironmentCredentials final : public CredentialsProvider {
  public:
    explicit EnvironmentCredentials(util::EnvLookup env) : env_(std::move(env)) {}

    std::string name() const override { return "environment"; }
    /// Errors: NotFound when AWS_ACCESS_KEY_ID is not set; Auth when it is set but
    /// AWS_SECRET_ACCESS_KEY is not.
    Result<Credentials> credentials() override;

  private:
    util::EnvLookup env_;
};

}  // namespace repo2s3::aws
