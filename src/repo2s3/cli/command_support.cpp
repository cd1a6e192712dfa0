#include "repo2s3/cli/command_support.hpp"

#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/payload/template_parser.hpp"

namespace repo2s3::cli {

std::optional<payload::SyncTemplate> load_payload_or_report(const std::string& payload_file) {
    auto sync_template = payload::load_template_file(payload_file);
    if (!sync_template) {
        print_error(sync_template.error().message);
        return std::nullopt;
    }
    return std::move(*sync_template);
}

std::optional<CommandConfig> load_config_or_report(const std::optional<std::string>& config_file,
                                                   const util::EnvLookup& env) {
    CommandConfig loaded;
    if (config_file) {
        auto starfleet = config::load_starfleet_config(*config_file);
        if (!starfleet) {
            print_error(starfleet.error().message);
            return std::nullopt;
        }
        loaded.starfleet = std::move(*starfleet);
    }
    loaded.secrets =
        config::resolve_secrets_location(env, loaded.starfleet ? &*loaded.starfleet : nullptr);
    return loaded;
}

int report_failure(const Error& error) {
    print_error(error.message);
    return exit_code_for(error);
}

job::RunReport run_with_runtime(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                const job::RunOptions& options, const job::SourceSpec& source) {
    auto store = runtime.object_store(sync_template);
    if (!store) {
        job::RunReport report;
        report.template_name = sync_template.template_name;
        report.bucket = sync_template.bucket_name;
        report.prefix = sync_template.key_prefix;
        report.error = std::move(store.error());
        return report;
    }
    job::Services services{.store = **store,
                           .content_type_for = runtime.content_type_for(),
                           .github = &runtime.github()};
    return job::run_template(sync_template, source, options, services);
}

GitHubOptions github_options(const GitHubCommandOptions& options) {
    return {.private_key_file = options.private_key_file,
            .api_timeout = std::chrono::seconds(options.api_timeout_seconds)};
}

github::DownloadLimits download_limits(const GitHubCommandOptions& options) {
    return {.max_bytes = options.max_archive_mib * 1024 * 1024,
            .timeout = std::chrono::seconds(options.download_timeout_seconds)};
}

}  // namespace repo2s3::cli
