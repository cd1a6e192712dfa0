#include <iostream>

#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/run_signals.hpp"
#include "repo2s3/job/acquire_source.hpp"

namespace repo2s3::cli {

int download_command(const DownloadCommandOptions& options) {
    const RunSignals signals;
    const auto env = util::process_env();
    const auto config = load_command_config(options.github.config_file, env);
    if (!config) return report_failure(config.error());
    const auto sync_template = load_payload_or_report(options.payload);
    if (!sync_template) return 2;

    const auto runtime = make_runtime(options.github, *config, env);
    const auto acquired = job::acquire_github(
        *sync_template, runtime->github(),
        {.limits = download_limits(options.github), .save_dir = options.save_dir});
    if (!acquired) return report_failure(acquired.error());

    std::cout << "commit " << acquired->commit_sha.value_or("unknown") << '\n';
    std::cout << "saved " << acquired->archive_path.value_or(options.save_dir) << '\n';
    if (acquired->extracted_dir) {
        std::cout << "extracted " << acquired->files_before_filter << " file(s) to "
                  << *acquired->extracted_dir << " (" << acquired->files.size()
                  << " selected by the template's filters)\n";
    }
    return 0;
}

}  // namespace repo2s3::cli
