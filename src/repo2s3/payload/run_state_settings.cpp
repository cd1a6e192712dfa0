#include "repo2s3/payload/run_state_settings.hpp"

#include "repo2s3/payload/s3_names.hpp"
#include "repo2s3/util/duration.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

constexpr std::string_view kS3Scheme = "s3://";

util::Unexpected<Error> usage(std::string_view setting, std::string_view text,
                              const std::string& problem) {
    return fail(ErrorKind::Usage,
                std::string(setting) + ": \"" + util::printable(text) + "\": " + problem);
}

}  // namespace

Result<StateLocation> parse_state_location(std::string_view text, std::string_view setting) {
    if (text == "none") return StateLocation{.kind = StateLocation::Kind::None};
    if (text.empty()) {
        return usage(setting, text, "empty; give s3://bucket/prefix/, a directory, or none");
    }
    if (!text.starts_with(kS3Scheme)) {
        if (text.find("://") != std::string_view::npos) {
            return usage(setting, text, "only s3:// URIs and local directories are supported");
        }
        return StateLocation{.kind = StateLocation::Kind::Directory,
                             .directory = std::string(text)};
    }
    const std::string_view rest = text.substr(kS3Scheme.size());
    const auto slash = rest.find('/');
    StateLocation location{.kind = StateLocation::Kind::S3};
    location.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) location.prefix = std::string(rest.substr(slash + 1));
    if (location.bucket.empty()) return usage(setting, text, "no bucket name");
    if (auto problem = s3_bucket_name_problem(location.bucket, "us-east-1")) {
        return usage(setting, text, "bucket name " + *problem);
    }
    if (auto problem = s3_key_prefix_problem(location.prefix);
        problem && !is_reserved_key(normalize_key_prefix(location.prefix))) {
        return usage(setting, text, "prefix " + *problem);
    }
    location.prefix = normalize_key_prefix(std::move(location.prefix));
    return location;
}

Result<StateLocation> resolve_state_location(const std::optional<StateLocation>& flag,
                                             const std::optional<StateLocation>& from_template,
                                             const util::EnvLookup& env) {
    if (flag) return *flag;
    if (from_template) return *from_template;
    if (const auto uri = env("REPO2S3_STATE_URI"); uri && !uri->empty()) {
        return parse_state_location(*uri, "REPO2S3_STATE_URI");
    }
    return StateLocation{};
}

std::string describe(const StateLocation& location) {
    switch (location.kind) {
        case StateLocation::Kind::DestinationBucket:
            return "the destination bucket (" + std::string(kReservedKeyPrefix) + "state/)";
        case StateLocation::Kind::S3:
            return std::string(kS3Scheme) + location.bucket + "/" + location.prefix;
        case StateLocation::Kind::Directory:
            return location.directory;
        case StateLocation::Kind::None:
            return "none";
    }
    return "none";
}

Result<DriftCheck> parse_drift_check(std::string_view text, std::string_view setting) {
    if (text == "always") return DriftCheck{};
    if (text == "never") return DriftCheck{.mode = DriftCheck::Mode::Never};
    auto every = util::parse_duration(text, setting);
    if (!every) {
        return usage(setting, text, "expected always, never or a duration such as 10m");
    }
    return DriftCheck{.mode = DriftCheck::Mode::Every, .every = *every};
}

std::string describe(const DriftCheck& drift_check) {
    switch (drift_check.mode) {
        case DriftCheck::Mode::Always:
            return "always";
        case DriftCheck::Mode::Never:
            return "never";
        case DriftCheck::Mode::Every:
            return util::format_duration(drift_check.every);
    }
    return "always";
}

}  // namespace repo2s3::payload
