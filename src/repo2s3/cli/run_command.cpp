#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "repo2s3/alerts/run_alert.hpp"
#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/progress_reporter.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/cli/run_signals.hpp"
#include "repo2s3/job/run_template.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::cli {

int run_command(const RunCommandOptions& options) {
    // SIGTERM and SIGINT remove the temporary files before the process goes.
    const RunSignals signals;
    // Configuration errors exit 2 before anything is contacted.
    const auto env = util::process_env();
    auto context = make_command_context(options.github, options.alerts, env);
    if (!context) return report_failure(context.error());

    // An invalid payload exits 2 without touching GitHub or S3; only the alarm goes out.
    auto sync_template = payload::load_template_file(options.payload);
    if (!sync_template) {
        print_error(sync_template.error().message);
        alerts::deliver(
            context->notifier.get(), context->alert_settings.level,
            alerts::message_for_invalid_payload(options.payload, sync_template.error()));
        return 2;
    }
    warn_about_unknown_keys(options.payload, *sync_template);

    const job::SourceSpec source{options.source_dir, options.source_zip, options.save_dir};
    auto run = run_options(options.run, options.github);
    // Progress goes to stderr, so the plan or the JSON on stdout stays as it is.
    sync::TransferProgress progress;
    const auto style = progress_style(options.progress, ::isatty(STDERR_FILENO) != 0);
    if (style != ProgressStyle::Off) run.progress = &progress;
    const auto report = [&] {
        const ProgressReporter reporter(
            progress, style, progress_interval(style, env("REPO2S3_PROGRESS_INTERVAL_MS")));
        return run_with_runtime(*context->runtime, *sync_template, run, source);
    }();

    // A destination busy with another run raises no alarm, as in watch and lambda: that run is
    // doing the work. The exit code (1) and the error line still say this run did nothing.
    const auto message = alerts::message_for_run(report);
    const auto delivery =
        report.lease_busy()
            ? alerts::Delivery{}
            : alerts::deliver(context->notifier.get(), context->alert_settings.level, message);

    if (options.output == "json") {
        std::cout << util::json_text(report_json(report, delivery.sent)) << '\n';
    } else {
        std::cout << report_text(report);
    }
    std::cout.flush();
    int exit_code = 0;
    if (report.error) {
        print_error(sync_template->template_name + ": " + report.error->message);
        exit_code = exit_code_for(*report.error);
    }
    if (report.invalidation_failed()) {
        // The sync stands, but schedulers must see that CloudFront still serves the old files.
        print_error(sync_template->template_name + ": " + *report.invalidation->error);
        exit_code = std::max(exit_code, 1);
    }
    // Nobody may miss a failure: an alarm that could not be raised fails the command. Any
    // other alert is a courtesy; its failure is logged and the sync stands.
    if (delivery.error && message.priority == alerts::Priority::Problem) {
        exit_code = std::max(exit_code, 1);
    }
    return exit_code;
}

}  // namespace repo2s3::cli
