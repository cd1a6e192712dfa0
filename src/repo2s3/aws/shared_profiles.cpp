#include "repo2s3/aws/shared_profiles.hpp"

#include <utility>

namespace repo2s3::aws {
namespace {

using Profiles = std::map<std::string, ProfileValues>;

Result<Profiles> load_profiles(const std::string& path, bool config_file,
                               Profiles* sso_sessions = nullptr) {
    auto file = read_ini_file(path);
    if (!file) return util::unexpected(std::move(file.error()));
    if (!*file) return Profiles();
    if (sso_sessions != nullptr) *sso_sessions = config_file_sso_sessions(**file);
    return config_file ? config_file_profiles(**file) : credentials_file_profiles(**file);
}

const ProfileValues* find(const Profiles& profiles, const std::string& name) {
    const auto found = profiles.find(name);
    return found == profiles.end() ? nullptr : &found->second;
}

}  // namespace

const ProfileValues* SharedProfiles::in_credentials_file(const std::string& name) const {
    return find(credentials_file, name);
}

const ProfileValues* SharedProfiles::in_config_file(const std::string& name) const {
    return find(config_file, name);
}

const ProfileValues* SharedProfiles::sso_session(const std::string& name) const {
    return find(sso_sessions, name);
}

std::optional<ProfileValues> SharedProfiles::merged(const std::string& name) const {
    const ProfileValues* from_credentials = in_credentials_file(name);
    const ProfileValues* from_config = in_config_file(name);
    if (from_credentials == nullptr && from_config == nullptr) return std::nullopt;
    ProfileValues values = from_config != nullptr ? *from_config : ProfileValues();
    if (from_credentials != nullptr) {
        for (const auto& [key, value] : *from_credentials) values[key] = value;
    }
    return values;
}

Result<SharedProfiles> load_shared_profiles(const SharedFilePaths& paths) {
    auto from_credentials = load_profiles(paths.credentials, false);
    if (!from_credentials) return util::unexpected(std::move(from_credentials.error()));
    Profiles sso_sessions;
    auto from_config = load_profiles(paths.config, true, &sso_sessions);
    if (!from_config) return util::unexpected(std::move(from_config.error()));
    return SharedProfiles{paths, std::move(*from_credentials), std::move(*from_config),
                          std::move(sso_sessions)};
}

std::optional<std::string> selected_profile_region(const util::EnvLookup& env) {
    const auto profiles = load_shared_profiles(shared_file_paths(env));
    if (!profiles) return std::nullopt;
    const auto values = profiles->merged(selected_profile(env).name);
    if (!values) return std::nullopt;
    const auto region = values->find("region");
    if (region == values->end() || region->second.empty()) return std::nullopt;
    return region->second;
}

}  // namespace repo2s3::aws
