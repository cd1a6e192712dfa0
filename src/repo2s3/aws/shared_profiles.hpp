#pragma once
// The profiles of both AWS shared files, read together, as one profile's settings are looked up:
// the credentials file's values override the config file's (botocore merges them so).

#include <map>
#include <optional>
#include <string>

#include "repo2s3/aws/shared_config.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct SharedProfiles {
    SharedFilePaths paths;
    std::map<std::string, ProfileValues> credentials_file;
    std::map<std::string, ProfileValues> config_file;
    std::map<std::string, ProfileValues> sso_sessions;  // [sso-session NAME] of the config file

    const ProfileValues* in_credentials_file(const std::string& name) const;
    const ProfileValues* in_config_file(const std::string& name) const;
    /// The config file's values overlaid with the credentials file's; nothing when neither
    /// file has the profile.
    std::optional<ProfileValues> merged(const std::string& name) const;
    const ProfileValues* sso_session(const std::string& name) const;
};

/// Reads both files now; a missing file has no profiles.
/// Errors: ErrorKind::Io when a file cannot be read, ErrorKind::Usage when one is malformed.
Result<SharedProfiles> load_shared_profiles(const SharedFilePaths& paths);

/// The `region` of the profile `env` selects, or nothing (also when the files cannot be read:
/// the profile provider reports that).
std::optional<std::string> selected_profile_region(const util::EnvLookup& env);

}  // namespace repo2s3::aws
