#pragma once
// What the subcommands share: loading the payload with its error reported, and turning the
// GitHub flags into the runtime's settings.

#include <optional>
#include <string>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/runtime.hpp"
#include "repo2s3/config/starfleet_config.hpp"
#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/job/run_template.hpp"
#include "repo2s3/payload/sync_template.hpp"

namespace repo2s3::cli {

/// The parsed template, or nothing after printing the one-line error.
std::optional<payload::SyncTemplate> load_payload_or_report(const std::string& payload_file);

/// What --config and the environment say before anything runs.
struct CommandConfig {
    std::optional<config::StarfleetConfig> starfleet;  // when --config was given
    secrets::SecretsLocation secrets;                  // where Starfleet's secrets document is
};

/// Reads the --config file when given; nothing after printing the one-line error.
std::optional<CommandConfig> load_config_or_report(const std::optional<std::string>& config_file,
                                                   const util::EnvLookup& env);

/// Prints the error and returns its exit code.
int report_failure(const Error& error);

GitHubOptions github_options(const GitHubCommandOptions& options);

/// One run of `sync_template` from `source` (its GitHub branch by default) with the process's
/// shared services. An S3 client that cannot be built is the run's error, like any other.
job::RunReport run_with_runtime(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                const job::RunOptions& options, const job::SourceSpec& source = {});
github::DownloadLimits download_limits(const GitHubCommandOptions& options);

}  // namespace repo2s3::cli
