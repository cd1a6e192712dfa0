#pragma once
// Credentials from a profile of the AWS shared files (see shared_config.hpp for where they are
// and which profile is selected). For one profile, the credentials file wins over the config
// file. Supported, in botocore's order (the first that a profile has wins):
// 1. role_arn: STS AssumeRole with credentials from source_profile (recursively; a profile may
//    name itself to use its own static keys) or from credential_source (Environment,
//    Ec2InstanceMetadata, EcsContainer); role_arn with web_identity_token_file uses STS
//    AssumeRoleWithWebIdentity instead. role_session_name, external_id and duration_seconds are
//    honoured; STS is reached as sts_target describes, with the selected profile's region;
// 2. IAM Identity Center: sso_account_id / sso_role_name (see sso_credentials.hpp);
// 3. static keys of the credentials file (aws_access_key_id, aws_secret_access_key,
//    aws_session_token);
// 4. credential_process (see process_credentials.hpp);
// 5. static keys of the config file.
// A source profile without a role_arn (or with static keys) resolves by 2-5 likewise.
// mfa_serial is an error that says so, never silently skipped.

#include <optional>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"
#include "repo2s3/aws/shared_config.hpp"
#include "repo2s3/aws/shared_profiles.hpp"

namespace repo2s3::aws {

enum class ProfileSource { Role, Sso, CredentialsFileKeys, Process, ConfigFileKeys };

/// Which source profile `name` gets its credentials from, in the order above, without reading
/// a token or running anything; nothing when the profile is missing or has none.
/// Errors: ErrorKind::Usage for incomplete or inconsistent IAM Identity Center settings.
Result<std::optional<ProfileSource>> profile_source(const SharedProfiles& profiles,
                                                    const std::string& name);
/// "role", "sso", "credentials-file", "process", "config-file".
std::string_view profile_source_name(ProfileSource source);

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
    /// keys are incomplete, a source is unsupported or has no credentials, and the errors of
    /// credential_process and IAM Identity Center (process_credentials.hpp, sso_credentials.hpp);
    /// the errors of STS (see sts_client.hpp) and of the credential_source providers. Messages name
    /// the profile.
    Result<Credentials> credentials() override;

  private:
    SharedFilePaths paths_;
    ProfileSelection profile_;
    ProviderContext context_;
};

}  // namespace repo2s3::aws
