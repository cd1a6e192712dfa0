#pragma once
// Where a destination's run state is kept (StateLocation, --state, REPO2S3_STATE_URI) and how
// often a run whose branch has not moved lists the bucket to look for drift (DriftCheck,
// --drift-check).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::payload {

struct StateLocation {
    enum class Kind {
        DestinationBucket,  // the default: the destination bucket, under .repo2s3/state/
        S3,                 // s3://bucket/prefix/
        Directory,          // a local directory
        None,               // "none": no state and no lease, every run in full
    };
    Kind kind = Kind::DestinationBucket;
    std::string bucket;     // S3
    std::string prefix;     // S3: empty or ending in '/'
    std::string directory;  // Directory

    bool operator==(const StateLocation&) const = default;
};

/// "none", "s3://bucket[/prefix]" or a local directory path. Errors (ErrorKind::Usage) start
/// with `setting`, e.g. `--state: "s3://": no bucket name`.
Result<StateLocation> parse_state_location(std::string_view text, std::string_view setting);

/// Where a run keeps its state: `flag` (--state, --no-state), else the template's StateLocation,
/// else REPO2S3_STATE_URI, else the destination bucket. A bad REPO2S3_STATE_URI is a Usage error
/// naming it.
Result<StateLocation> resolve_state_location(const std::optional<StateLocation>& flag,
                                             const std::optional<StateLocation>& from_template,
                                             const util::EnvLookup& env);

/// "s3://bucket/prefix/", the directory, "none", or "the destination bucket".
std::string describe(const StateLocation& location);

struct DriftCheck {
    enum class Mode { Always, Never, Every };
    Mode mode = Mode::Always;
    std::chrono::seconds every{0};  // Every: skip the listing while the last check is younger

    bool operator==(const DriftCheck&) const = default;
};

/// "always", "never" or a duration such as "10m" or "1h30m".
Result<DriftCheck> parse_drift_check(std::string_view text, std::string_view setting);

std::string describe(const DriftCheck& drift_check);

}  // namespace repo2s3::payload
