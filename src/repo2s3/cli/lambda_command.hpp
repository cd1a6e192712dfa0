#pragma once
// `repo2s3 lambda`: the AWS Lambda custom runtime (provided.al2023). Also what a bare
// `repo2s3` runs inside Lambda, or when started under the name `bootstrap`.

#include <cstddef>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/sync/apply.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::cli {

struct LambdaCommandOptions {
    std::size_t parallelism = sync::kDefaultParallelism;  // --parallel
    GitHubCommandOptions github;
    config::AlertFlags alerts;  // --alert-channel, --alert-priority
};

/// Serves invocations from the Runtime API at $AWS_LAMBDA_RUNTIME_API until it fails.
/// Settings come from the environment (STARFLEET_COMMIT, REPO2S3_LAMBDA_DEADLINE_MARGIN_MS);
/// an invalid one is posted to /runtime/init/error and exits 2. Exits 2 without
/// AWS_LAMBDA_RUNTIME_API, 1 when the Runtime API fails.
int lambda_command(const LambdaCommandOptions& options);

/// Whether a command line without any argument means `repo2s3 lambda`: when
/// AWS_LAMBDA_RUNTIME_API is set, or when the program was started as `bootstrap` (the name
/// Lambda runs in a custom runtime).
bool lambda_by_default(int argc, const char* const* argv, const util::EnvLookup& env);

}  // namespace repo2s3::cli
