#pragma once
// The AWS shared files: where they are, which profile is selected, and the profiles each holds,
// named as botocore names them. In the config file a profile is `[profile NAME]` (NAME may be
// shell-quoted) or `[default]`; other sections (sso-session, services, ...) are not profiles.
// In the credentials file every section is a profile, named exactly as written.

#include <map>
#include <string>
#include <string_view>

#include "repo2s3/aws/ini_file.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

struct SharedFilePaths {
    std::string credentials;  // AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials
    std::string config;       // AWS_CONFIG_FILE, else ~/.aws/config
};

/// The two paths, with $VAR, ${VAR} and a leading ~ expanded as botocore expands them.
SharedFilePaths shared_file_paths(const util::EnvLookup& env);

struct ProfileSelection {
    std::string name;
    /// The variable that chose it (AWS_PROFILE or AWS_DEFAULT_PROFILE); empty for "default".
    std::string chosen_by;
};

/// AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
ProfileSelection selected_profile(const util::EnvLookup& env);

using ProfileValues = std::map<std::string, std::string>;  // lower-case key → value

/// The profiles of a config file. When one name is given twice ([default] and
/// [profile default]), the later section wins, as in botocore.
std::map<std::string, ProfileValues> config_file_profiles(const IniFile& file);

/// The `[sso-session NAME]` sections of a config file, by NAME (split like a profile's name;
/// a later section of one name wins).
std::map<std::string, ProfileValues> config_file_sso_sessions(const IniFile& file);

/// The profiles of a credentials file: every section.
std::map<std::string, ProfileValues> credentials_file_profiles(const IniFile& file);

/// `path` with $NAME and ${NAME} replaced by their values (unknown names stay as written), then
/// a leading "~" or "~user" replaced by the home directory (HOME, else the password database).
std::string expand_path(std::string_view path, const util::EnvLookup& env);

}  // namespace repo2s3::aws
