#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/cli/object_store_factory.hpp"
#include "repo2s3/cli/report_output.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/util/mime_types.hpp"

namespace repo2s3::cli {

int run_command(const RunCommandOptions& options) {
    auto sync_template = payload::load_template_file(options.payload);
    if (!sync_template) {
        print_error(sync_template.error().message);
        return exit_code_for(sync_template.error());
    }
    auto store = make_object_store(*sync_template);
    if (!store) {
        print_error(store.error().message);
        return exit_code_for(store.error());
    }

    const auto mime_types = std::make_shared<const util::MimeTypes>(util::MimeTypes::load());
    job::Services services{
        .store = **store,
        .content_type_for = [mime_types](std::string_view path) { return mime_types->content_type(path); },
    };
    const job::SourceSpec source{options.source_dir, options.source_zip, std::nullopt};
    const auto report = job::run_template(*sync_template, source,
                                          {.commit = options.commit, .parallelism = options.parallelism},
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
