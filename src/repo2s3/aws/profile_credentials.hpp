#pragma once
// Static keys from a profile of the AWS shared files (see shared_config.hpp for where they are
// and which profile is selected). For one profile, the credentials file wins over the config
// file. A profile that gets its credentials another way (role_arn, IAM Identity Center,
// credential_process) is an error that says so, never silently skipped.

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/shared_config.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

class ProfileCredentials final : public CredentialsProvider {
  public:
    /// Takes the file paths and the profile from `env` now; reads the files on each call.
    explicit ProfileCredentials(const util::EnvLookup& env);
    ProfileCredentials(SharedFilePaths paths, ProfileSelection profile);

    std::string name() const override { return "profile " + profile_.name; }
    /// Errors: NotFound when neither file has the default profile or the profile has no keys;
    /// Usage when AWS_PROFILE / AWS_DEFAULT_PROFILE names a profile that is in neither file, or
    /// a file is malformed; Io when a file cannot be read; Auth when the profile has
    /// aws_access_key_id without aws_secret_access_key (or either empty) or uses a source
    /// that is not supported yet.
    Result<Credentials> credentials() override;

  private:
    SharedFilePaths paths_;
    ProfileSelection profile_;
};

}  // namespace repo2s3::aws
