#pragma once
// How the Lambda front end behaves, read from the function's environment at start-up.

#include <chrono>

#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::lambda {

struct HandlerSettings {
    /// STARFLEET_COMMIT: apply changes; otherwise every run is a dry run.
    bool commit = false;
    /// A record (or a direct invocation) is started only while more than this much time is
    /// left before the invocation's deadline.
    std::chrono::milliseconds deadline_margin{std::chrono::seconds(30)};
};

/// True only when STARFLEET_COMMIT equals "true", ignoring case (as Starfleet reads it).
bool commit_enabled(const util::EnvLookup& env);

/// STARFLEET_COMMIT and REPO2S3_LAMBDA_DEADLINE_MARGIN_MS (milliseconds, default 30000).
/// Fails with ErrorKind::Usage, naming the variable, for a margin that is not a whole number
/// of milliseconds between 0 and 900000 (Lambda's longest timeout).
Result<HandlerSettings> settings_from_env(const util::EnvLookup& env);

}  // namespace repo2s3::lambda
