#pragma once
// Credentials from a profile of the AWS shared files (see shared_config.hpp for where they are
// and which profile is selected). For one profile, the credentials file wins over the config
// file. Supported, in botocore's order:
// - role_arn: STS AssumeRole with credentials from source_profile (recursively; a profile may
//   name itself to use its own static keys) or from credential_source (Environment,
//   Ec2InstanceMetadata, EcsContainer); role_arn with web_identity_token_file uses STS
//   AssumeRoleWithWebIdentity instead. role_session_name, external_id and duration_seconds are
//   honoured; STS is reached as sts_target describes, with the selected profile's region;
// - static keys (aws_access_key_id, aws_secret_access_key, aws_session_token).
// A profile that gets its credentials another way (IAM Identity Center, credential_process,
// mfa_serial) is an error that says so, never silently skipped.

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"
#include "repo2s3/aws/shared_config.hpp"

namespace repo2s3::aws {

class ProfileCredentials final : public CredentialsProvider {
  public:
    /// Takes the file paths and the profile from `context.env` now; reads the files on each call.
    explicit ProfileCredentials(ProviderContext context);
    ProfileCredentials(SharedFilePaths paths, ProfileSelection profile, ProviderContext context);

    std::string name() const override { return "profile " + profile_.name; }
    /// Errors: NotFound when neither file has the default profile or the profile has no keys;
    /// Usage when AWS_PROFILE / AWS_DEFAULT_PROFILE names a profile that is in neither file, a
    /// file is malformed, source_profile names a missing profile or profiles loop through
    /// source_profile, or a role setting is invalid; Io when a file cannot be read; Auth when
    /// keys are incomplete, a source is unsupported or has no credentials; the errors of STS
    /// (see sts_client.hpp) and of the credential_source providers. Messages name the profile.
    Result<Credentials> credentials() override;

  private:
    SharedFilePaths paths_;
    ProfileSelection profile_;
    ProviderContext context_;
};

}  // namespace repo2s3::aws
