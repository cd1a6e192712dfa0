#include <iostream>

#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/cli/commands.hpp"
#include "repo2s3/payload/template_writer.hpp"

namespace repo2s3::cli {

int validate_command(const std::string& payload_file) {
    const auto sync_template = load_payload_or_report(payload_file);
    if (!sync_template) return 2;
    std::cout << payload::to_yaml(*sync_template);
    return 0;
}

}  // namespace repo2s3::cli
