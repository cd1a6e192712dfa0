#pragma once
// One function per subcommand. Each returns the process exit code.

#include <optional>
#include <string>

namespace repo2s3::cli {

struct CommonOptions {
    std::string log_level = "info";
};

struct RunCommandOptions {
    std::string payload;
    std::optional<std::string> source_dir;
    std::optional<std::string> source_zip;
    bool commit = false;
    std::string output = "text";  // text | json
    std::size_t parallelism = 8;
};

int validate_command(const std::string& payload_file);
int run_command(const RunCommandOptions& options);

/// Prints "repo2s3: error: <message>" on stderr.
void print_error(const std::string& message);

}  // namespace repo2s3::cli
