#include "repo2s3/aws/profile_credentials.hpp"

#include <optional>
#include <utility>

namespace repo2s3::aws {
namespace {

using Profiles = std::map<std::string, ProfileValues>;

Result<Profiles> load_profiles(const std::string& path, bool config_file) {
    auto file = read_ini_file(path);
    if (!file) return util::unexpected(std::move(file.error()));
    if (!*file) return Profiles();
    return config_file ? config_file_profiles(**file) : credentials_file_profiles(**file);
}

const ProfileValues* find_profile(const Profiles& profiles, const std::string& name) {
    const auto found = profiles.find(name);
    return found == profiles.end() ? nullptr : &found->second;
}

std::optional<std::string> value_of(const ProfileValues& values, const std::string& key) {
    const auto found = values.find(key);
    if (found == values.end()) return std::nullopt;
    return found->second;
}

std::string unsupported(const std::string& profile, const std::string& what) {
    return "profile " + profile + " uses " + what +
           ", which is not supported yet; export temporary keys as AWS_ACCESS_KEY_ID, "
           "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN instead (for example with `aws configure "
           "export-credentials --profile " +
           profile + " --format env`)";
}

Result<Credentials> static_keys(const ProfileValues& values, const std::string& profile,
                                const std::string& path) {
    const std::string where = "profile " + profile + " in " + path;
    Credentials credentials;
    credentials.access_key_id = *value_of(values, "aws_access_key_id");
    const auto secret = value_of(values, "aws_secret_access_key");
    if (!secret) {
        return fail(ErrorKind::Auth, where + " has aws_access_key_id but no aws_secret_access_key");
    }
    credentials.secret_access_key = *secret;
    // The documented name first; botocore also reads the older aws_security_token.
    credentials.session_token = value_of(values, "aws_session_token")
                                    .value_or(value_of(values, "aws_security_token").value_or(""));
    const std::pair<const char*, const std::string*> fields[] = {
        {"aws_access_key_id", &credentials.access_key_id},
        {"aws_secret_access_key", &credentials.secret_access_key},
        {"aws_session_token", &credentials.session_token}};
    for (const auto& [key, value] : fields) {
        if (value->find('\n') != std::string::npos) {
            return fail(ErrorKind::Auth, where + ": " + key + " spans several lines");
        }
    }
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
        return fail(ErrorKind::Auth,
                    where + ": " +
                        (credentials.access_key_id.empty() ? "aws_access_key_id"
                                                           : "aws_secret_access_key") +
                        " is empty");
    }
    return credentials;
}

}  // namespace

ProfileCredentials::ProfileCredentials(const util::EnvLookup& env)
    : ProfileCredentials(shared_file_paths(env), selected_profile(env)) {}

ProfileCredentials::ProfileCredentials(SharedFilePaths paths, ProfileSelection profile)
    : paths_(std::move(paths)), profile_(std::move(profile)) {}

Result<Credentials> ProfileCredentials::credentials() {
    const std::string& name = profile_.name;
    auto from_credentials = load_profiles(paths_.credentials, false);
    if (!from_credentials) return util::unexpected(std::move(from_credentials.error()));
    auto from_config = load_profiles(paths_.config, true);
    if (!from_config) return util::unexpected(std::move(from_config.error()));

    const ProfileValues* in_credentials = find_profile(*from_credentials, name);
    const ProfileValues* in_config = find_profile(*from_config, name);
    if (in_credentials == nullptr && in_config == nullptr) {
        const std::string files = paths_.credentials + " or " + paths_.config;
        if (!profile_.chosen_by.empty()) {
            return fail(ErrorKind::Usage, profile_.chosen_by + " names profile " + name +
                                              ", which is in neither " + files);
        }
        return fail(ErrorKind::NotFound, "no profile " + name + " in " + files);
    }

    // As in botocore, settings from the credentials file override the config file's.
    ProfileValues merged = in_config != nullptr ? *in_config : ProfileValues();
    if (in_credentials != nullptr) {
        for (const auto& [key, value] : *in_credentials) merged[key] = value;
    }
    // botocore's order: assume-role and IAM Identity Center come before static keys, and
    // credential_process comes between the two files' keys.
    if (merged.contains("role_arn")) return fail(ErrorKind::Auth, unsupported(name, "role_arn"));
    if (merged.contains("sso_session") || merged.contains("sso_start_url")) {
        return fail(ErrorKind::Auth, unsupported(name, "IAM Identity Center (sso_*)"));
    }
    if (in_credentials != nullptr && in_credentials->contains("aws_access_key_id")) {
        return static_keys(*in_credentials, name, paths_.credentials);
    }
    if (merged.contains("credential_process")) {
        return fail(ErrorKind::Auth, unsupported(name, "credential_process"));
    }
    if (in_config != nullptr && in_config->contains("aws_access_key_id")) {
        return static_keys(*in_config, name, paths_.config);
    }
    return fail(ErrorKind::NotFound, "profile " + name + " has no aws_access_key_id in " +
                                         paths_.credentials + " or " + paths_.config);
}

}  // namespace repo2s3::aws
