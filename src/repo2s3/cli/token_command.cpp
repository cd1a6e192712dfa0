#include <iostream>

#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"

namespace repo2s3::cli {

int token_command(const std::string& payload_file, const GitHubCommandOptions& options) {
    const auto env = util::process_env();
    const auto config = load_command_config(options.config_file, env);
    if (!config) return report_failure(config.error());
    const auto sync_template = load_payload_or_report(payload_file);
    if (!sync_template) return 2;

    const auto runtime = make_runtime(options, *config, env);
    const auto token = runtime->github().installation_token(*sync_template);
    if (!token) return report_failure(token.error());
    // The token alone on stdout, so that `$(repo2s3 get-installation-token ...)` works.
    std::cout << token->token << '\n';
    return 0;
}

}  // namespace repo2s3::cli
