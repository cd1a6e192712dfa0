#include "repo2s3/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/logging.hpp"

namespace repo2s3::cli {
namespace {

void add_log_level(CLI::App& command, std::string& level) {
    command.add_option("--log-level", level, "trace, debug, info, warn, error or off")
        ->capture_default_str();
}

}  // namespace

void print_error(const std::string& message) {
    std::fprintf(stderr, "repo2s3: error: %s\n", message.c_str());
}

int run_cli(int argc, char** argv) {
    CLI::App app{"repo2s3: keep an S3 bucket exactly in sync with a GitHub branch"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("repo2s3 ") + REPO2S3_VERSION);
    std::string log_level = "info";

    RunCommandOptions run;
    auto* run_cmd = app.add_subcommand("run", "Compare the source with the bucket and, with --commit, apply");
    run_cmd->add_option("--payload", run.payload, "payload template (YAML)")->required();
    auto* dir_opt = run_cmd->add_option("--source-dir", run.source_dir, "sync this directory tree");
    auto* zip_opt = run_cmd->add_option("--source-zip", run.source_zip,
                                        "sync the files of this zip (its single top folder is stripped)");
    dir_opt->excludes(zip_opt);
    run_cmd->add_flag("--commit", run.commit, "apply the plan (the default is a dry run)");
    run_cmd->add_option("--output", run.output, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    run_cmd->add_option("--parallel", run.parallelism, "requests in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    add_log_level(*run_cmd, log_level);

    std::string validate_payload;
    auto* validate_cmd = app.add_subcommand("validate", "Check a payload template and print it normalised");
    validate_cmd->add_option("--payload", validate_payload, "payload template (YAML)")->required();
    add_log_level(*validate_cmd, log_level);

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
    return run_command(run);
}

}  // namespace repo2s3::cli
