// `repo2s3 watch`: the long-running front end. Signals are blocked in every thread and taken by
// one sigwait thread, which asks the watcher to stop; nothing runs in a signal handler.

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <random>
#include <thread>

#include "repo2s3/alerts/run_alert.hpp"
#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/cli/webhook_endpoint.hpp"
#include "repo2s3/job/run_template.hpp"
#include "repo2s3/schedule/http_listener.hpp"
#include "repo2s3/schedule/watcher.hpp"
#include "repo2s3/util/duration.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::cli {
namespace {

Result<std::vector<std::unique_ptr<schedule::TemplateSource>>> template_sources(
    const WatchCommandOptions& options, Runtime& runtime, const util::EnvLookup& env) {
    std::vector<std::unique_ptr<schedule::TemplateSource>> sources;
    if (!options.payloads.empty()) sources.push_back(schedule::payload_files(options.payloads));
    if (options.payload_dir) sources.push_back(schedule::payload_directory(*options.payload_dir));
    if (options.templates_uri) {
        auto source = templates_in_s3(runtime, *options.templates_uri, "--templates", env);
        if (!source) return util::unexpected(std::move(source.error()));
        sources.push_back(std::move(*source));
    }
    if (sources.empty()) {
        return fail(ErrorKind::Usage,
                    "watch: give templates with --payload, --payload-dir or --templates");
    }
    return sources;
}

}  // namespace

int watch_command(const WatchCommandOptions& options) {
    const auto period = util::parse_duration(options.every, "--every");
    if (!period) return report_failure(period.error());
    std::optional<schedule::ListenAddress> metrics_address;
    if (options.metrics_addr) {
        auto parsed = schedule::parse_listen_address(*options.metrics_addr, "--metrics-addr");
        if (!parsed) return report_failure(parsed.error());
        metrics_address = *parsed;
    }
    std::optional<schedule::ListenAddress> webhook_address;
    if (options.webhook_addr) {
        auto parsed = schedule::parse_listen_address(*options.webhook_addr, "--webhook-addr");
        if (!parsed) return report_failure(parsed.error());
        webhook_address = *parsed;
    }

    // Block the stop signals before any thread starts, so that every thread inherits the mask
    // and only the sigwait thread below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    const util::EnvLookup env = util::process_env();
    auto context = make_command_context(options.github, options.alerts, env);
    if (!context) return report_failure(context.error());
    Runtime& runtime = *context->runtime;
    auto sources = template_sources(options, runtime, env);
    if (!sources) return report_failure(sources.error());

    std::string webhook_secret;
    if (webhook_address) {
        auto secret = load_webhook_secret(options.webhook_secret_file, runtime);
        if (!secret) return report_failure(secret.error());
        webhook_secret = std::move(*secret);
    }

    schedule::Metrics metrics;
    schedule::HttpListener metrics_server;
    if (metrics_address) {
        const auto port = metrics_server.start(
            *metrics_address, "--metrics-addr",
            {{.method = "GET",
              .path = "/metrics",
              .handle = [&metrics](const schedule::HttpExchange&) {
                  return schedule::HttpAnswer{
                      .status = 200,
                      .content_type = "text/plain; version=0.0.4; charset=utf-8",
                      .body = metrics.render()};
              }}});
        if (!port) return report_failure(port.error());
        spdlog::info("serving metrics at http://{}:{}/metrics", metrics_address->host, *port);
    }

    std::mt19937_64 random_engine{std::random_device{}()};
    std::mutex random_mutex;
    auto random = [&] {
        const std::lock_guard lock(random_mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(random_engine);
    };
    std::mutex output_mutex;
    auto on_report = [&](const std::string&, const job::RunReport& report) {
        // A cycle skipped for a busy destination was logged by the watcher; it raises no alert
        // and prints no report, so a long run elsewhere causes no alert storm.
        if (report.lease_busy()) return;
        // The same alerts as `repo2s3 run`: a notice when a bucket changed, an alarm on failure.
        const auto delivery =
            alerts::deliver(context->notifier.get(), context->alert_settings.level,
                            alerts::message_for_run(report));
        const std::lock_guard lock(output_mutex);
        if (options.output == "json") {
            std::cout << util::json_text(report_json(report, delivery.sent)) << '\n';
        } else {
            std::cout << report_text(report);
        }
        std::cout.flush();
    };
    schedule::Watcher watcher(
        std::move(*sources),
        [&](const payload::SyncTemplate& sync_template) {
            return run_with_runtime(runtime, sync_template,
                                    run_options(options.run, options.github));
        },
        metrics,
        {.period = *period, .jitter_fraction = 0.1, .max_concurrent = options.max_concurrent},
        random, on_report);

    webhook::DeliveryLog deliveries;
    schedule::HttpListener webhook_server;
    if (webhook_address) {
        const auto port = webhook_server.start(
            *webhook_address, "--webhook-addr",
            {webhook_route(webhook_secret, deliveries, watcher, metrics)}, webhook::kMaxBodyBytes);
        if (!port) return report_failure(port.error());
        spdlog::info("taking GitHub webhooks at http://{}:{}/webhooks/github",
                     webhook_address->host, *port);
    }

    std::thread signal_thread([&stop_signals, &watcher] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        spdlog::info("received {}: finishing runs in flight, starting no new ones",
                     signal == SIGTERM ? "SIGTERM" : "SIGINT");
        watcher.stop();
    });

    spdlog::info("watching: every {} (±10%), {} template(s) at once, {}",
                 util::format_duration(*period), options.max_concurrent,
                 options.run.commit ? "committing changes" : "dry run (add --commit to apply)");
    watcher.run();
    signal_thread.join();
    webhook_server.stop();
    metrics_server.stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace repo2s3::cli
