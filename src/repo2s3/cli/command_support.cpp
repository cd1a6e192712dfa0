#include "repo2s3/cli/command_support.hpp"

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

int report_failure(const Error& error) {
    print_error(error.message);
    return exit_code_for(error);
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
