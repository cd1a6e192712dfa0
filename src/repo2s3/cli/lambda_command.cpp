#include "repo2s3/cli/lambda_command.hpp"

#include <spdlog/spdlog.h>

#include <string_view>

#include "repo2s3/alerts/run_alert.hpp"
#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/lambda/handler.hpp"
#include "repo2s3/lambda/invocation_loop.hpp"
#include "repo2s3/lambda/runtime_api.hpp"
#include "repo2s3/lambda/settings.hpp"

namespace repo2s3::cli {
bool lambda_by_default(int argc, const char* const* argv, const util::EnvLookup& env) {
    if (argc != 1) return false;
    if (env("AWS_LAMBDA_RUNTIME_API")) return true;
    const std::string_view program = argv[0] == nullptr ? "" : argv[0];
    const auto slash = program.rfind('/');
    return program.substr(slash == std::string_view::npos ? 0 : slash + 1) == "bootstrap";
}

int lambda_command(const LambdaCommandOptions& options) {
    const auto env = util::process_env();
    const auto address = env("AWS_LAMBDA_RUNTIME_API");
    if (!address) {
        print_error(
            "AWS_LAMBDA_RUNTIME_API is not set: `repo2s3 lambda` serves the AWS Lambda Runtime "
            "API and runs inside Lambda (or against a stand-in of it)");
        return 2;
    }

    // Configuration comes first: a bad --config, alert setting or Lambda setting is an init error.
    const auto config = load_config_or_report(options.github.config_file, env);
    const auto alert_settings =
        config ? config::resolve_alert_settings(options.alerts, env,
                                                config->starfleet ? &*config->starfleet : nullptr,
                                                config->secrets)
               : Result<config::AlertSettings>(
                     fail(ErrorKind::Usage, "invalid --config file (see the error above)"));
    Runtime runtime(env, github_options(options.github),
                    config ? std::optional(config->secrets) : std::nullopt);
    lambda::HttpRuntimeApi api(runtime.http(), *address);
    const auto settings =
        alert_settings ? lambda::settings_from_env(env)
                       : Result<lambda::HandlerSettings>(util::unexpected(alert_settings.error()));
    if (!settings) {
        print_error(settings.error().message);
        const auto reported =
            api.report_init_error({"InvalidConfiguration", settings.error().message});
        if (!reported) print_error("reporting the init error: " + reported.error().message);
        return exit_code_for(settings.error());
    }
    const auto notifier = runtime.notifier(*alert_settings);
    spdlog::info("Lambda runtime ready: {}, deadline margin {} ms",
                 settings->commit ? "commit (STARFLEET_COMMIT=true)" : "dry run",
                 settings->deadline_margin.count());

    const auto limits = download_limits(options.github);
    lambda::SyncHandler handler(
        [&](const payload::SyncTemplate& sync_template, bool commit) {
            auto report = run_with_runtime(
                runtime, sync_template,
                {.commit = commit, .parallelism = options.parallelism, .download_limits = limits});
            // The same alerts as `repo2s3 run`; a failed alarm is logged, and the record
            // already counts as failed when its sync did.
            alerts::deliver(notifier.get(), alert_settings->level, alerts::message_for_run(report));
            return report;
        },
        [](const job::RunReport& report) {
            return report_json(report).dump(-1, ' ', false,
                                            nlohmann::json::error_handler_t::replace);
        },
        *settings, [] { return std::chrono::system_clock::now(); });
    const auto served = lambda::run_loop(api, handler, [] { return false; });
    if (!served) return report_failure(served.error());
    return 0;
}

}  // namespace repo2s3::cli
