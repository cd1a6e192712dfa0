#include "repo2s3/aws/profile_credentials.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "repo2s3/aws/container_credentials.hpp"
#include "repo2s3/aws/environment_credentials.hpp"
#include "repo2s3/aws/instance_metadata_credentials.hpp"
#include "repo2s3/aws/process_credentials.hpp"
#include "repo2s3/aws/shared_profiles.hpp"
#include "repo2s3/aws/sso_credentials.hpp"
#include "repo2s3/aws/sts_client.hpp"
#include "repo2s3/aws/web_identity_credentials.hpp"

namespace repo2s3::aws {
namespace {

constexpr int kMinDurationSeconds = 900;
constexpr int kMaxDurationSeconds = 43200;

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

bool has_key(const ProfileValues* values, const char* key) {
    return values != nullptr && values->contains(key);
}

Result<std::optional<int>> duration_seconds(const ProfileValues& values,
                                            const std::string& profile) {
    const auto text = value_of(values, "duration_seconds");
    if (!text) return std::optional<int>();
    int seconds = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
    if (error != std::errc() || end != text->data() + text->size() ||
        seconds < kMinDurationSeconds || seconds > kMaxDurationSeconds) {
        return fail(ErrorKind::Usage, "profile " + profile + ": duration_seconds = " + *text +
                                          " is not a number of seconds from 900 to 43200");
    }
    return std::optional(seconds);
}

std::string loop_text(const std::vector<std::string>& path, const std::string& again) {
    std::string text;
    for (const auto& name : path) text += name + " -> ";
    return text + again;
}

// The profile's own sources, without a role, in botocore's order (its profile provider chain):
// IAM Identity Center, the credentials file's static keys, credential_process, the config
// file's static keys.
Result<std::optional<ProfileSource>> own_source(const SharedProfiles& profiles,
                                                const std::string& name,
                                                const ProfileValues& values) {
    auto sso = sso_settings(profiles, name, values);
    if (!sso) return util::unexpected(std::move(sso.error()));
    if (*sso) return std::optional(ProfileSource::Sso);
    if (has_key(profiles.in_credentials_file(name), "aws_access_key_id")) {
        return std::optional(ProfileSource::CredentialsFileKeys);
    }
    if (values.contains("credential_process")) return std::optional(ProfileSource::Process);
    if (has_key(profiles.in_config_file(name), "aws_access_key_id")) {
        return std::optional(ProfileSource::ConfigFileKeys);
    }
    return std::optional<ProfileSource>();
}

// One lookup: the files as read now, and the profiles visited through source_profile.
class Resolver {
  public:
    Resolver(const SharedProfiles& profiles, const ProviderContext& context,
             const std::string& selected)
        : profiles_(profiles), context_(context), selected_(selected) {}

    Result<Credentials> selected(const ProfileValues& values) {
        // botocore's order: assume-role (and web identity) first, then the profile's own
        // sources.
        if (values.contains("role_arn")) return assume(selected_, values);
        return own_sources(selected_, values);
    }

  private:
    // The profile's own sources (see profile_source); NotFound when it has none of them.
    Result<Credentials> own_sources(const std::string& name, const ProfileValues& values) {
        auto kind = own_source(profiles_, name, values);
        if (!kind) return util::unexpected(std::move(kind.error()));
        if (!*kind) {
            return fail(ErrorKind::NotFound, "profile " + name + " has no aws_access_key_id, " +
                                                 "credential_process or sso_* settings in " +
                                                 profiles_.paths.credentials + " or " +
                                                 profiles_.paths.config);
        }
        switch (**kind) {
            case ProfileSource::Sso: {
                auto sso = sso_settings(profiles_, name, values);
                if (!sso) return util::unexpected(std::move(sso.error()));
                return sso_credentials(**sso, context_);
            }
            case ProfileSource::CredentialsFileKeys:
                return static_keys(*profiles_.in_credentials_file(name), name,
                                   profiles_.paths.credentials);
            case ProfileSource::Process: {
                auto timeout = credential_process_timeout(context_.env);
                if (!timeout) return util::unexpected(std::move(timeout.error()));
                return credential_process_credentials(name, *value_of(values, "credential_process"),
                                                      *timeout);
            }
            case ProfileSource::ConfigFileKeys:
                return static_keys(*profiles_.in_config_file(name), name, profiles_.paths.config);
            case ProfileSource::Role:
                break;
        }
        return fail(ErrorKind::Internal, "profile " + name + ": unexpected source");
    }

    // Static keys of a profile that has them, credentials file first.
    std::optional<Result<Credentials>> own_keys(const std::string& name) const {
        if (const auto* values = profiles_.in_credentials_file(name);
            has_key(values, "aws_access_key_id")) {
            return static_keys(*values, name, profiles_.paths.credentials);
        }
        if (const auto* values = profiles_.in_config_file(name);
            has_key(values, "aws_access_key_id")) {
            return static_keys(*values, name, profiles_.paths.config);
        }
        return std::nullopt;
    }

    // The credentials of `name` as the source_profile of the last visited profile. As in
    // botocore: a profile with static keys, or without a role, gets them from its own sources
    // (so a source profile may use IAM Identity Center or credential_process); else its role.
    Result<Credentials> source(const std::string& name) {
        const std::string& parent = visited_.back();
        const auto values = profiles_.merged(name);
        if (!values) {
            return fail(ErrorKind::Usage, "profile " + parent + " names source_profile " + name +
                                              ", which is in neither " +
                                              profiles_.paths.credentials + " nor " +
                                              profiles_.paths.config);
        }
        const bool has_static =
            values->contains("aws_access_key_id") || values->contains("aws_secret_access_key");
        if (has_static || !values->contains("role_arn")) {
            auto found = own_sources(name, *values);
            if (found || found.error().kind != ErrorKind::NotFound) return found;
            return fail(ErrorKind::Auth, "profile " + name + " (source_profile of " + parent +
                                             ") has neither static keys nor a role_arn, "
                                             "credential_process or sso_* settings");
        }
        return assume(name, *values);
    }

    Result<Credentials> from_credential_source(const std::string& profile,
                                               const std::string& kind) {
        std::unique_ptr<CredentialsProvider> provider;
        if (kind == "Environment") {
            provider = std::make_unique<EnvironmentCredentials>(context_.env);
        } else if (kind == "Ec2InstanceMetadata") {
            provider = std::make_unique<InstanceMetadataCredentials>(context_);
        } else if (kind == "EcsContainer") {
            provider = std::make_unique<ContainerCredentials>(context_);
        } else {
            return fail(ErrorKind::Usage, "profile " + profile + ": credential_source = " + kind +
                                              " is not one of Environment, Ec2InstanceMetadata, "
                                              "EcsContainer");
        }
        auto credentials = provider->credentials();
        if (!credentials) {
            const ErrorKind kind_of_error = credentials.error().kind == ErrorKind::NotFound
                                                ? ErrorKind::Auth
                                                : credentials.error().kind;
            return fail(kind_of_error, "profile " + profile + ": credential_source = " + kind +
                                           ": " + credentials.error().message);
        }
        return credentials;
    }

    Result<StsTarget> target() {
        const auto selected = profiles_.merged(selected_);
        auto region = selected ? value_of(*selected, "region") : std::nullopt;
        if (region && region->empty()) region.reset();
        return sts_target(context_.env, region);
    }

    // The credentials a role profile `name` gets from its source_profile `source_name`.
    Result<Credentials> from_source_profile(const std::string& name,
                                            const std::string& source_name) {
        if (source_name == name) {
            // A profile may source itself to use its own static keys with its role.
            if (auto keys = own_keys(name)) return std::move(*keys);
            return fail(ErrorKind::Usage, "profile " + name +
                                              " names itself as source_profile but has no "
                                              "aws_access_key_id");
        }
        if (std::find(visited_.begin(), visited_.end(), source_name) != visited_.end()) {
            return fail(ErrorKind::Usage, "profiles loop through source_profile: " +
                                              loop_text(visited_, source_name));
        }
        return source(source_name);
    }

    // The credentials of the role of profile `name`.
    Result<Credentials> assume(const std::string& name, const ProfileValues& values) {
        const std::string where = "profile " + name;
        visited_.push_back(name);
        const std::string role_arn = value_of(values, "role_arn").value_or("");
        if (role_arn.empty()) return fail(ErrorKind::Usage, where + ": role_arn is empty");
        if (values.contains("mfa_serial")) {
            return fail(ErrorKind::Auth, unsupported(name, "mfa_serial (an MFA code prompt)"));
        }
        auto duration = duration_seconds(values, name);
        if (!duration) return util::unexpected(std::move(duration.error()));
        AssumeRoleRequest request{role_arn, value_of(values, "role_session_name").value_or(""),
                                  value_of(values, "external_id"), *duration};
        if (request.session_name.empty()) {
            request.session_name = default_session_name(context_.clock());
        }
        auto sts = target();
        if (!sts) return util::unexpected(std::move(sts.error()));

        const auto source_profile = value_of(values, "source_profile");
        const auto credential_source = value_of(values, "credential_source");
        const auto token_file = value_of(values, "web_identity_token_file");
        if (source_profile && credential_source) {
            return fail(ErrorKind::Usage,
                        where + " has both source_profile and credential_source; keep one");
        }
        if (!source_profile && !credential_source) {
            if (!token_file) {
                return fail(ErrorKind::Usage,
                            where +
                                " has role_arn but no source_profile, credential_source or "
                                "web_identity_token_file to get credentials from");
            }
            return with_context(
                where, web_identity_credentials(
                           context_,
                           {*token_file, role_arn, request.session_name, request.duration_seconds,
                            "web_identity_token_file of " + where},
                           *sts));
        }

        auto base = credential_source ? from_credential_source(name, *credential_source)
                                      : from_source_profile(name, *source_profile);
        if (!base) return base;
        return with_context(where,
                            assume_role(*context_.http, *sts, *base, request, context_.clock()));
    }

    static Result<Credentials> with_context(const std::string& where, Result<Credentials> found) {
        if (found) return found;
        return fail(found.error().kind, where + ": " + found.error().message);
    }

    const SharedProfiles& profiles_;
    const ProviderContext& context_;
    const std::string& selected_;
    std::vector<std::string> visited_;
};

}  // namespace

Result<std::optional<ProfileSource>> profile_source(const SharedProfiles& profiles,
                                                    const std::string& name) {
    const auto values = profiles.merged(name);
    if (!values) return std::optional<ProfileSource>();
    if (values->contains("role_arn")) return std::optional(ProfileSource::Role);
    return own_source(profiles, name, *values);
}

std::string_view profile_source_name(ProfileSource source) {
    switch (source) {
        case ProfileSource::Role:
            return "role";
        case ProfileSource::Sso:
            return "sso";
        case ProfileSource::CredentialsFileKeys:
            return "credentials-file";
        case ProfileSource::Process:
            return "process";
        case ProfileSource::ConfigFileKeys:
            return "config-file";
    }
    return "unknown";
}

ProfileCredentials::ProfileCredentials(ProviderContext context)
    : ProfileCredentials(shared_file_paths(context.env), selected_profile(context.env), context) {}

ProfileCredentials::ProfileCredentials(SharedFilePaths paths, ProfileSelection profile,
                                       ProviderContext context)
    : paths_(std::move(paths)), profile_(std::move(profile)), context_(std::move(context)) {}

Result<Credentials> ProfileCredentials::credentials() {
    const std::string& name = profile_.name;
    auto profiles = load_shared_profiles(paths_);
    if (!profiles) return util::unexpected(std::move(profiles.error()));
    const auto values = profiles->merged(name);
    if (!values) {
        const std::string files = paths_.credentials + " or " + paths_.config;
        if (!profile_.chosen_by.empty()) {
            return fail(ErrorKind::Usage, profile_.chosen_by + " names profile " + name +
                                              ", which is in neither " + files);
        }
        return fail(ErrorKind::NotFound, "no profile " + name + " in " + files);
    }
    return Resolver(*profiles, context_, name).selected(*values);
}

}  // namespace repo2s3::aws
