#include "repo2s3/cli/command_support.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>

#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/cli/run_state_access.hpp"
#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::cli {

std::optional<payload::SyncTemplate> load_payload_or_report(const std::string& payload_file) {
    auto sync_template = payload::load_template_file(payload_file);
    if (!sync_template) {
        print_error(sync_template.error().message);
        return std::nullopt;
    }
    warn_about_unknown_keys(payload_file, *sync_template);
    return std::move(*sync_template);
}

void warn_about_unknown_keys(const std::string& payload_file,
                             const payload::SyncTemplate& sync_template) {
    if (sync_template.unknown_keys.empty()) return;
    std::string names;
    for (const auto& key : sync_template.unknown_keys) {
        names += (names.empty() ? "\"" : ", \"") + util::printable(key) + "\"";
    }
    std::fprintf(stderr, "repo2s3: warning: %s: ignoring key(s) repo2s3 does not read: %s\n",
                 util::printable(payload_file).c_str(), names.c_str());
}

Result<CommandConfig> load_command_config(const std::optional<std::string>& config_file,
                                          const util::EnvLookup& env) {
    CommandConfig loaded;
    if (config_file) {
        auto starfleet = config::load_starfleet_config(*config_file);
        if (!starfleet) return util::unexpected(std::move(starfleet.error()));
        loaded.starfleet = std::move(*starfleet);
    }
    loaded.secrets =
        config::resolve_secrets_location(env, loaded.starfleet ? &*loaded.starfleet : nullptr);
    return loaded;
}

std::unique_ptr<Runtime> make_runtime(const GitHubCommandOptions& options,
                                      const CommandConfig& config, const util::EnvLookup& env) {
    GitHubOptions github{.private_key_file = options.private_key_file,
                         .api_timeout = std::chrono::seconds(options.api_timeout_seconds)};
    if (config.starfleet) github.allowed_api_urls = config.starfleet->allowed_github_api_urls;
    return std::make_unique<Runtime>(env, std::move(github), config.secrets);
}

Result<CommandContext> make_command_context(const GitHubCommandOptions& github,
                                            const config::AlertFlags& alerts,
                                            const util::EnvLookup& env) {
    auto config = load_command_config(github.config_file, env);
    if (!config) return util::unexpected(std::move(config.error()));
    auto alert_settings = config::resolve_alert_settings(
        alerts, env, config->starfleet ? &*config->starfleet : nullptr, config->secrets);
    if (!alert_settings) return util::unexpected(std::move(alert_settings.error()));

    CommandContext context{.config = std::move(*config),
                           .alert_settings = std::move(*alert_settings)};
    context.runtime = make_runtime(github, context.config, env);
    context.notifier = context.runtime->notifier(context.alert_settings);
    if (context.notifier) {
        spdlog::debug("alerts at {} and above go to {}",
                      alerts::priority_name(context.alert_settings.level),
                      context.notifier->destination());
    }
    return context;
}

Result<std::unique_ptr<schedule::TemplateSource>> templates_in_s3(Runtime& runtime,
                                                                  const std::string& uri,
                                                                  const std::string& setting,
                                                                  const util::EnvLookup& env) {
    auto parsed = schedule::parse_s3_uri(uri, setting);
    if (!parsed) return util::unexpected(std::move(parsed.error()));
    payload::SyncTemplate bucket_only;
    bucket_only.bucket_name = parsed->bucket;
    bucket_only.bucket_region = aws::default_region(env).value_or("us-east-1");
    auto store = runtime.object_store(bucket_only);
    if (!store) return util::unexpected(std::move(store.error()));
    return schedule::s3_templates(std::move(*store), parsed->bucket, parsed->prefix);
}

int report_failure(const Error& error) {
    print_error(error.message);
    return exit_code_for(error);
}

job::RunReport run_with_runtime(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                const job::RunOptions& options, const job::SourceSpec& source) {
    const auto failed = [&](Error error) {
        job::RunReport report;
        report.template_name = sync_template.template_name;
        report.bucket = sync_template.bucket_name;
        report.prefix = sync_template.key_prefix;
        report.error = std::move(error);
        return report;
    };
    auto store = runtime.object_store(sync_template, options.deadline);
    if (!store) return failed(std::move(store.error()));
    auto location = payload::resolve_state_location(options.state_location,
                                                    sync_template.state_location, runtime.env());
    if (!location) return failed(std::move(location.error()));
    auto state = open_run_state(runtime, sync_template, *location, **store, options.deadline);
    if (!state) return failed(std::move(state.error()));

    std::unique_ptr<aws::CloudFrontApi> cloudfront;
    if (sync_template.cloudfront) {
        auto client = runtime.cloudfront();
        if (!client) return failed(std::move(client.error()));
        cloudfront = std::move(*client);
    }

    job::RunOptions run_options = options;
    run_options.lease.enabled = options.lease.enabled && state->lease;
    run_options.lease.file = state->lease_file;
    job::Services services{.store = **store,
                           .content_type_for = runtime.content_type_for(),
                           .github = &runtime.github(),
                           .state = state->store.get(),
                           .state_memory = &runtime.state_memory(),
                           .unleased = nullptr,
                           .cloudfront = cloudfront.get()};
    return job::run_template(sync_template, source, run_options, services);
}

github::DownloadLimits download_limits(const GitHubCommandOptions& options) {
    return {.max_bytes = options.max_archive_mib * 1024 * 1024,
            .timeout = std::chrono::seconds(options.download_timeout_seconds)};
}

s3::MultipartSettings multipart_settings(const RunFlags& run) {
    return {.threshold = run.multipart_threshold_mib * s3::kMiB,
            .part_size = run.part_size_mib * s3::kMiB};
}

job::LeaseOptions lease_options(std::chrono::milliseconds wait, const util::EnvLookup& env) {
    job::LeaseOptions lease{.wait = wait};
    if (const auto seconds = env("REPO2S3_LEASE_SECONDS")) {
        unsigned long value = 0;
        const auto* end = seconds->data() + seconds->size();
        if (std::from_chars(seconds->data(), end, value).ptr == end && value > 0) {
            lease.expiry = std::chrono::seconds(value);
        } else {
            spdlog::warn(
                "REPO2S3_LEASE_SECONDS=\"{}\" is not a positive number of seconds; "
                "using {} s",
                util::printable(*seconds),
                std::chrono::duration_cast<std::chrono::seconds>(lease.expiry).count());
        }
    }
    return lease;
}

job::RunOptions run_options(const RunFlags& run, const GitHubCommandOptions& github) {
    return {.commit = run.commit,
            .parallelism = run.parallelism,
            .download_limits = download_limits(github),
            .max_delete_percent = run.max_delete_percent,
            .deadline = util::Deadline::after(run.run_timeout),
            .state_location = run.state,
            .drift_check = run.drift_check,
            .multipart = multipart_settings(run),
            .lease = lease_options(run.lease_wait, util::process_env())};
}

}  // namespace repo2s3::cli
