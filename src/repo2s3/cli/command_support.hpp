#pragma once
// What the subcommands share: loading the payload with its error reported, reading the
// configuration, and building the runtime and the notifier that run, watch and lambda use.

#include <memory>
#include <optional>
#include <string>

#include "repo2s3/alerts/notifier.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/runtime.hpp"
#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/config/starfleet_config.hpp"
#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/job/run_template.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/schedule/template_sources.hpp"

namespace repo2s3::cli {

/// The parsed template, or nothing after printing the one-line error. Warns about unknown keys.
std::optional<payload::SyncTemplate> load_payload_or_report(const std::string& payload_file);

/// One warning line on stderr naming the template's unknown keys, if it has any.
void warn_about_unknown_keys(const std::string& payload_file,
                             const payload::SyncTemplate& sync_template);

/// What --config and the environment say before anything runs.
struct CommandConfig {
    std::optional<config::StarfleetConfig> starfleet;  // when --config was given
    secrets::SecretsLocation secrets;                  // where Starfleet's secrets document is
};

/// Reads the --config file when given (a Usage error names the file and key at fault).
Result<CommandConfig> load_command_config(const std::optional<std::string>& config_file,
                                          const util::EnvLookup& env);

/// The process's shared services for `config`: HTTP, AWS credentials, secrets, GitHub.
std::unique_ptr<Runtime> make_runtime(const GitHubCommandOptions& options,
                                      const CommandConfig& config, const util::EnvLookup& env);

/// What run, watch and lambda set up before their first run.
struct CommandContext {
    CommandConfig config;
    config::AlertSettings alert_settings;
    std::unique_ptr<Runtime> runtime;
    std::unique_ptr<alerts::Notifier> notifier;  // null when alerts are off
};

/// Reads the configuration and the alert settings, then builds the runtime and the notifier;
/// or the first error (a bad --config or alert setting), which the caller reports.
Result<CommandContext> make_command_context(const GitHubCommandOptions& github,
                                            const config::AlertFlags& alerts,
                                            const util::EnvLookup& env);

/// The templates under `uri` ("s3://bucket/prefix/"), in a bucket of the default region
/// (AWS_REGION, else us-east-1). Errors name `setting`.
Result<std::unique_ptr<schedule::TemplateSource>> templates_in_s3(Runtime& runtime,
                                                                  const std::string& uri,
                                                                  const std::string& setting,
                                                                  const util::EnvLookup& env);

/// Prints the error and returns its exit code.
int report_failure(const Error& error);

github::DownloadLimits download_limits(const GitHubCommandOptions& options);

/// --multipart-threshold and --part-size in bytes.
s3::MultipartSettings multipart_settings(const RunFlags& run);
/// The lease settings: waiting up to `wait` for a held lease, expiring after 15 minutes unless
/// REPO2S3_LEASE_SECONDS says otherwise (for tests that need a short expiry).
job::LeaseOptions lease_options(std::chrono::milliseconds wait, const util::EnvLookup& env);

/// The options of one run that starts now: its deadline is now + --run-timeout.
job::RunOptions run_options(const RunFlags& run, const GitHubCommandOptions& github);

/// One run of `sync_template` from `source` (its GitHub branch by default) with the process's
/// shared services. An S3 client that cannot be built is the run's error, like any other.
job::RunReport run_with_runtime(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                const job::RunOptions& options, const job::SourceSpec& source = {});

}  // namespace repo2s3::cli
