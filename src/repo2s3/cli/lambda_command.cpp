#include "repo2s3/cli/lambda_command.hpp"

#include <spdlog/spdlog.h>

#include <string_view>

#include "repo2s3/alerts/run_alert.hpp"
#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/lambda_webhook.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/cli/run_signals.hpp"
#include "repo2s3/http/curl_client.hpp"
#include "repo2s3/lambda/handler.hpp"
#include "repo2s3/lambda/invocation_loop.hpp"
#include "repo2s3/lambda/runtime_api.hpp"
#include "repo2s3/lambda/settings.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/temp_dir.hpp"

namespace repo2s3::cli {
namespace {

/// Temporary directories older than this were left by a process that was killed.
constexpr std::chrono::hours kStaleTempAge{1};

}  // namespace

bool lambda_by_default(int argc, const char* const* argv, const util::EnvLookup& env) {
    if (argc != 1) return false;
    if (env("AWS_LAMBDA_RUNTIME_API")) return true;
    const std::string_view program = argv[0] == nullptr ? "" : argv[0];
    const auto slash = program.rfind('/');
    return program.substr(slash == std::string_view::npos ? 0 : slash + 1) == "bootstrap";
}

int lambda_command(const LambdaCommandOptions& options) {
    // SIGTERM (Lambda's shutdown) removes the temporary files before the process goes.
    const RunSignals signals;
    const auto env = util::process_env();
    const auto address = env("AWS_LAMBDA_RUNTIME_API");
    if (!address) {
        print_error(
            "AWS_LAMBDA_RUNTIME_API is not set: `repo2s3 lambda` serves the AWS Lambda Runtime "
            "API and runs inside Lambda (or against a stand-in of it)");
        return 2;
    }
    // A sandbox is reused between invocations; a process killed in one leaves its files.
    if (const auto removed = util::remove_stale_temp_dirs(kStaleTempAge); removed > 0) {
        spdlog::info("removed {} stale temporary director{}", removed, removed == 1 ? "y" : "ies");
    }

    // Configuration comes first: a bad --config, alert setting or Lambda setting is an init
    // error, posted with its text.
    auto context = make_command_context(options.github, options.alerts, env);
    auto settings = context ? lambda::settings_from_env(env)
                            : Result<lambda::HandlerSettings>(util::unexpected(context.error()));
    if (!settings) {
        print_error(settings.error().message);
        http::CurlClient client;
        lambda::HttpRuntimeApi api(client, *address);
        const auto reported =
            api.report_init_error({"InvalidConfiguration", settings.error().message});
        if (!reported) print_error("reporting the init error: " + reported.error().message);
        return exit_code_for(settings.error());
    }
    Runtime& runtime = *context->runtime;
    lambda::HttpRuntimeApi api(runtime.http(), *address);
    spdlog::info("Lambda runtime ready: {}, deadline margin {} ms",
                 settings->commit ? "commit (STARFLEET_COMMIT=true)" : "dry run",
                 settings->deadline_margin.count());

    const auto limits = download_limits(options.github);
    LambdaWebhook webhook(runtime, env);
    lambda::SyncHandler handler(
        [&](const payload::SyncTemplate& sync_template, bool commit,
            const util::Deadline& deadline) {
            auto report = run_with_runtime(runtime, sync_template,
                                           {.commit = commit,
                                            .parallelism = options.parallelism,
                                            .download_limits = limits,
                                            .deadline = deadline,
                                            .lease = lease_options({}, env)});
            // A destination busy with another run is no alarm: the record goes back to SQS
            // (batchItemFailures) and runs again later.
            if (report.lease_busy()) {
                spdlog::warn("{}: skipped, to be retried: {}", sync_template.template_name,
                             report.error->message);
                return report;
            }
            // The same alerts as `repo2s3 run`; a failed alarm is logged, and the record
            // already counts as failed when its sync did.
            alerts::deliver(context->notifier.get(), context->alert_settings.level,
                            alerts::message_for_run(report));
            return report;
        },
        [](const job::RunReport& report) { return util::json_text(report_json(report)); },
        *settings, [] { return std::chrono::system_clock::now(); },
        [&webhook](const lambda::HttpRequest& request) { return webhook(request); });
    const auto served = lambda::run_loop(api, handler, [] { return false; });
    if (!served) return report_failure(served.error());
    return 0;
}

}  // namespace repo2s3::cli
