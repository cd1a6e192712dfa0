#pragma once
// One function per subcommand. Each returns the process exit code.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/payload/run_state_settings.hpp"
#include "repo2s3/sync/apply.hpp"

namespace repo2s3::cli {

/// How repo2s3 reaches GitHub; shared by run, download and get-installation-token.
struct GitHubCommandOptions {
    std::optional<std::string> config_file;       // --config: Starfleet configuration
    std::optional<std::string> private_key_file;  // --private-key-file
    unsigned api_timeout_seconds = 30;            // --github-timeout
    unsigned download_timeout_seconds = 300;      // --download-timeout
    std::uint64_t max_archive_mib = 1024;         // --max-archive-size
};

/// The flags that shape each run; shared by run and watch.
struct RunFlags {
    bool commit = false;                                  // --commit
    std::size_t parallelism = sync::kDefaultParallelism;  // --parallel
    std::optional<unsigned> max_delete_percent;  // replaces the template's MaxDeletePercent
    std::chrono::seconds run_timeout{std::chrono::hours(1)};  // --run-timeout
    std::uint64_t multipart_threshold_mib = 64;               // --multipart-threshold
    std::uint64_t part_size_mib = 16;                         // --part-size
    std::chrono::seconds lease_wait{0};           // --lease-wait (run only): wait for a held lease
    std::optional<payload::StateLocation> state;  // --state URI, --no-state
    std::optional<payload::DriftCheck> drift_check;  // --drift-check
};

struct RunCommandOptions {
    std::string payload;
    std::optional<std::string> source_dir;
    std::optional<std::string> source_zip;
    std::optional<std::string> save_dir;
    std::string output = "text";  // text | json
    RunFlags run;
    /// --progress / --no-progress; unset: a live line on a terminal, log lines elsewhere.
    std::optional<bool> progress;
    GitHubCommandOptions github;
    config::AlertFlags alerts;  // --alert-channel, --alert-priority
};

struct DownloadCommandOptions {
    std::string payload;
    std::string save_dir;
    GitHubCommandOptions github;
};

/// `watch`: every template re-read and run each period until SIGTERM or SIGINT.
struct WatchCommandOptions {
    std::vector<std::string> payloads;         // --payload, repeatable
    std::optional<std::string> payload_dir;    // --payload-dir
    std::optional<std::string> templates_uri;  // --templates s3://bucket/prefix/
    std::string every = "5m";
    std::string output = "text";  // text | json, one report per run on stdout
    RunFlags run;
    std::size_t max_concurrent = 2;
    std::optional<std::string> metrics_addr;  // HOST:PORT
    std::optional<std::string> webhook_addr;  // HOST:PORT: POST /webhooks/github
    std::optional<std::string> webhook_secret_file;
    GitHubCommandOptions github;
    config::AlertFlags alerts;  // --alert-channel, --alert-priority
};

int validate_command(const std::string& payload_file);
int run_command(const RunCommandOptions& options);
int download_command(const DownloadCommandOptions& options);
int watch_command(const WatchCommandOptions& options);
int token_command(const std::string& payload_file, const GitHubCommandOptions& options);

/// Prints "repo2s3: error: <message>" on stderr.
void print_error(const std::string& message);

}  // namespace repo2s3::cli
