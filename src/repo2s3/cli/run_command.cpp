#include <iostream>

#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/job/run_template.hpp"

namespace repo2s3::cli {

int run_command(const RunCommandOptions& options) {
    // Payload errors exit 2 before anything touches the network.
    const auto sync_template = load_payload_or_report(options.payload);
    if (!sync_template) return 2;

    Runtime runtime(util::process_env(), github_options(options.github));
    auto store = runtime.object_store(*sync_template);
    if (!store) return report_failure(store.error());

    job::Services services{.store = **store,
                           .content_type_for = runtime.content_type_for(),
                           .github = &runtime.github()};
    const job::SourceSpec source{options.source_dir, options.source_zip, options.save_dir};
    const auto report = job::run_template(*sync_template, source,
                                          {.commit = options.commit,
                                           .parallelism = options.parallelism,
                                           .download_limits = download_limits(options.github)},
                                          services);

    if (options.output == "json") {
        std::cout << report_json(report).dump() << '\n';
    } else {
        std::cout << report_text(report);
    }
    std::cout.flush();
    if (report.error) {
        print_error(sync_template->template_name + ": " + report.error->message);
        return exit_code_for(*report.error);
    }
    return 0;
}

}  // namespace repo2s3::cli
