#include <iostream>

#include "repo2s3/cli/commands.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/payload/template_writer.hpp"

namespace repo2s3::cli {

int validate_command(const std::string& payload_file) {
    auto sync_template = payload::load_template_file(payload_file);
    if (!sync_template) {
        print_error(sync_template.error().message);
        return exit_code_for(sync_template.error());
    }
    std::cout << payload::to_yaml(*sync_template);
    return 0;
}

}  // namespace repo2s3::cli
