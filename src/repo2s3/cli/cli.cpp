#include "repo2s3/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/lambda_command.hpp"
#include "repo2s3/cli/logging.hpp"
#include "repo2s3/util/duration.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::cli {
namespace {

void add_log_level(CLI::App& command, std::string& level) {
    command.add_option("--log-level", level, "trace, debug, info, warn, error or off")
        ->capture_default_str();
}

void add_payload(CLI::App& command, std::string& payload) {
    command.add_option("--payload", payload, "payload template (Starfleet GitHub sync YAML)")
        ->required();
}

void add_github_options(CLI::App& command, GitHubCommandOptions& options) {
    command.add_option("--config", options.config_file,
                       "Starfleet configuration YAML (file, or directory of *.yaml): "
                       "STARFLEET.SecretsManager, STARFLEET.SlackEnabled, "
                       "GitHubSyncWorkerShip.AlertConfiguration");
    command.add_option(
        "--private-key-file", options.private_key_file,
        "GitHub App private key (PEM); else GITHUB_APP_PRIVATE_KEY_FILE, GITHUB_APP_PRIVATE_KEY "
        "or the Starfleet secrets");
    command
        .add_option("--github-timeout", options.api_timeout_seconds,
                    "seconds allowed for each GitHub API call")
        ->check(CLI::Range(1u, 3600u))
        ->capture_default_str();
    command
        .add_option("--download-timeout", options.download_timeout_seconds,
                    "seconds allowed for the archive download")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    command
        .add_option("--max-archive-size", options.max_archive_mib,
                    "largest archive to download, in MiB")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20))
        ->capture_default_str();
}

/// --commit, --parallel, --max-delete-percent, --run-timeout, --multipart-threshold,
/// --part-size, --state, --no-state and --drift-check; `what` is "the plan" or "the plans".
void add_run_flags(CLI::App& command, RunFlags& flags, const std::string& what) {
    command.add_flag("--commit", flags.commit, "apply " + what + " (the default is a dry run)");
    command.add_option("--parallel", flags.parallelism, "S3 requests in flight per run")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    command
        .add_option("--max-delete-percent", flags.max_delete_percent,
                    "the mass-delete guard: delete nothing when a run would delete more than this "
                    "share of the objects under the prefix (and more than 10); 100 turns it off. "
                    "Replaces the template's MaxDeletePercent (default 50)")
        ->check(CLI::Range(0u, 100u));
    command
        .add_option_function<std::string>(
            "--run-timeout",
            [&flags](const std::string& text) {
                auto parsed = util::parse_duration(text, "--run-timeout");
                if (!parsed) throw CLI::ValidationError(parsed.error().message);
                flags.run_timeout = *parsed;
            },
            "a run's time budget, e.g. 30m or 2h: requests stop and retries give up at it, and "
            "the run fails")
        ->default_str(util::format_duration(flags.run_timeout));
    command
        .add_option("--multipart-threshold", flags.multipart_threshold_mib,
                    "files of this many MiB or more go up in parts (multipart upload)")
        ->check(CLI::Range(std::uint64_t{5}, std::uint64_t{5} << 20))
        ->capture_default_str();
    command
        .add_option("--part-size", flags.part_size_mib,
                    "MiB per part of a multipart upload (5 to 5120), grown so that a file needs "
                    "at most 10,000 parts")
        ->check(CLI::Range(std::uint64_t{5}, std::uint64_t{5120}))
        ->capture_default_str();
    auto* state_opt = command.add_option_function<std::string>(
        "--state",
        [&flags](const std::string& text) {
            auto parsed = payload::parse_state_location(text, "--state");
            if (!parsed) throw CLI::ValidationError(parsed.error().message);
            flags.state = std::move(*parsed);
        },
        "where the run state is kept: s3://bucket/prefix/, a local directory, or none. Replaces "
        "the template's StateLocation; else REPO2S3_STATE_URI; else the destination bucket "
        "under .repo2s3/state/");
    auto* no_state_opt = command.add_flag_callback(
        "--no-state",
        [&flags] {
            flags.state = payload::StateLocation{.kind = payload::StateLocation::Kind::None};
        },
        "keep no run state and take no lease: every run downloads and compares in full "
        "(--state none)");
    state_opt->excludes(no_state_opt);
    command
        .add_option_function<std::string>(
            "--drift-check",
            [&flags](const std::string& text) {
                auto parsed = payload::parse_drift_check(text, "--drift-check");
                if (!parsed) throw CLI::ValidationError(parsed.error().message);
                flags.drift_check = *parsed;
            },
            "when the branch has not moved, list the bucket to find drift: always, never, or at "
            "most once per DURATION (e.g. 1h). Replaces the template's DriftCheck")
        ->default_str("always");
}

void add_alert_options(CLI::App& command, config::AlertFlags& flags) {
    command.add_option("--alert-channel", flags.channel,
                       "Slack channel ID for alerts; else REPO2S3_ALERT_CHANNEL or --config");
    command.add_option("--alert-priority", flags.priority,
                       "NONE, PROBLEM, IMPORTANT, SUCCESS or INFORMATIONAL; else "
                       "REPO2S3_ALERT_PRIORITY or --config (default NONE)");
}

}  // namespace

void print_error(const std::string& message) {
    // One line, whatever a server put into the message.
    std::fprintf(stderr, "repo2s3: error: %s\n",
                 util::sanitize_utf8(util::single_line(message)).c_str());
}

int run_cli(int argc, char** argv) {
    if (lambda_by_default(argc, argv, util::process_env())) {
        if (auto logging = configure_logging("info"); !logging) {
            print_error(logging.error().message);
            return 2;
        }
        return lambda_command({});
    }

    CLI::App app{"repo2s3: keep an S3 bucket exactly in sync with a GitHub branch"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("repo2s3 ") + REPO2S3_VERSION);
    // Every subcommand's options in one text: what the man page is made of (help2man).
    app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
    std::string log_level = "info";

    RunCommandOptions run;
    auto* run_cmd = app.add_subcommand(
        "run", "Compare the source with the bucket and, with --commit, apply the changes");
    add_payload(*run_cmd, run.payload);
    auto* dir_opt = run_cmd->add_option("--source-dir", run.source_dir,
                                        "sync this directory tree instead of GitHub");
    auto* zip_opt =
        run_cmd->add_option("--source-zip", run.source_zip,
                            "sync this zip instead of GitHub (its single top folder is stripped)");
    dir_opt->excludes(zip_opt);
    auto* save_opt =
        run_cmd->add_option("--save-dir", run.save_dir,
                            "keep the downloaded archive (and its extraction) in this directory");
    save_opt->excludes(dir_opt)->excludes(zip_opt);
    run_cmd->add_option("--output", run.output, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    add_run_flags(*run_cmd, run.run, "the plan");
    auto* progress_opt = run_cmd->add_flag_callback(
        "--progress", [&run] { run.progress = true; },
        "show upload progress on stderr as a live line (the default on a terminal; elsewhere an "
        "info log line every 10 s)");
    auto* no_progress_opt = run_cmd->add_flag_callback(
        "--no-progress", [&run] { run.progress = false; }, "show no upload progress");
    progress_opt->excludes(no_progress_opt);
    run_cmd
        ->add_option_function<std::string>(
            "--lease-wait",
            [&run](const std::string& text) {
                if (text == "0") {
                    run.run.lease_wait = std::chrono::seconds(0);
                    return;
                }
                auto parsed = util::parse_duration(text, "--lease-wait");
                if (!parsed) throw CLI::ValidationError(parsed.error().message);
                run.run.lease_wait = *parsed;
            },
            "with --commit, how long to wait (e.g. 30s or 10m) when another run holds the "
            "destination's lease; then exit 1 naming the holder")
        ->default_str("0");
    add_github_options(*run_cmd, run.github);
    add_alert_options(*run_cmd, run.alerts);
    add_log_level(*run_cmd, log_level);

    DownloadCommandOptions download;
    auto* download_cmd =
        app.add_subcommand("download",
                           "Save the branch archive as <save-dir>/<Repository>.zip, extracted when "
                           "the payload says so");
    add_payload(*download_cmd, download.payload);
    download_cmd->add_option("--save-dir", download.save_dir, "directory to write into")
        ->required();
    add_github_options(*download_cmd, download.github);
    add_log_level(*download_cmd, log_level);

    std::string token_payload;
    GitHubCommandOptions token_github;
    auto* token_cmd =
        app.add_subcommand("get-installation-token",
                           "Print a GitHub App installation token for the payload's repository");
    add_payload(*token_cmd, token_payload);
    add_github_options(*token_cmd, token_github);
    add_log_level(*token_cmd, log_level);

    std::string validate_payload;
    auto* validate_cmd =
        app.add_subcommand("validate", "Check a payload template and print it normalised");
    add_payload(*validate_cmd, validate_payload);
    add_log_level(*validate_cmd, log_level);

    LambdaCommandOptions lambda_options;
    auto* lambda_cmd = app.add_subcommand(
        "lambda",
        "Serve AWS Lambda invocations (custom runtime): SQS batches of payload templates and "
        "direct payloads; commits only when STARFLEET_COMMIT=true");
    lambda_cmd
        ->add_option("--parallel", lambda_options.parallelism, "S3 requests in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    add_github_options(*lambda_cmd, lambda_options.github);
    add_alert_options(*lambda_cmd, lambda_options.alerts);
    add_log_level(*lambda_cmd, log_level);

    WatchCommandOptions watch;
    auto* watch_cmd = app.add_subcommand(
        "watch", "Run every template each period (with jitter) until SIGTERM or SIGINT");
    watch_cmd->add_option("--payload", watch.payloads, "a payload template file (repeatable)");
    watch_cmd->add_option("--payload-dir", watch.payload_dir,
                          "every *.yaml, *.yml and *.json file in this directory");
    watch_cmd->add_option("--templates", watch.templates_uri,
                          "every *.yaml, *.yml and *.json object under s3://bucket/prefix/");
    watch_cmd->add_option("--every", watch.every, "period per template, e.g. 30s, 5m, 1h30m")
        ->capture_default_str();
    watch_cmd->add_option("--output", watch.output, "each run's report: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    add_run_flags(*watch_cmd, watch.run, "the plans");
    watch_cmd->add_option("--max-concurrent", watch.max_concurrent, "templates run at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    watch_cmd->add_option("--metrics-addr", watch.metrics_addr,
                          "serve Prometheus metrics at http://HOST:PORT/metrics");
    watch_cmd->add_option("--webhook-addr", watch.webhook_addr,
                          "take GitHub push webhooks at http://HOST:PORT/webhooks/github and run "
                          "the templates they concern at once (polling goes on at --every)");
    watch_cmd->add_option("--webhook-secret-file", watch.webhook_secret_file,
                          "the webhook secret; else REPO2S3_WEBHOOK_SECRET or "
                          "STARFLEET.GitHubWebhookSecret in Starfleet's secrets");
    add_github_options(*watch_cmd, watch.github);
    add_alert_options(*watch_cmd, watch.alerts);
    add_log_level(*watch_cmd, log_level);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return 2;
    }

    if (auto logging = configure_logging(log_level); !logging) {
        print_error(logging.error().message);
        return 2;
    }
    if (*validate_cmd) return validate_command(validate_payload);
    if (*download_cmd) return download_command(download);
    if (*token_cmd) return token_command(token_payload, token_github);
    if (*lambda_cmd) return lambda_command(lambda_options);
    if (*watch_cmd) return watch_command(watch);
    return run_command(run);
}

}  // namespace repo2s3::cli
