// Prints the profiles repo2s3 reads from AWS shared config and credentials files, for
// cross-checks against botocore.
//
// Arguments: any number of "credentials:PATH" or "config:PATH". For each, one JSON line:
//   {"kind": "config", "path": PATH, "absent": false, "error": null,
//    "profiles": {"name": {"key": "value", ...}, ...}}
// "error" is the message when the file is malformed; "absent" is true when it does not exist.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/aws/ini_file.hpp"
#include "repo2s3/aws/shared_config.hpp"

int main(int argc, char** argv) {
    using nlohmann::json;
    using namespace repo2s3::aws;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const auto colon = argument.find(':');
        const std::string kind = argument.substr(0, colon);
        const std::string path = colon == std::string::npos ? "" : argument.substr(colon + 1);
        if (kind != "config" && kind != "credentials") {
            std::cerr << "usage: aws_shared_files_dump (config|credentials):PATH ...\n";
            return 2;
        }
        json line = {{"kind", kind},
                     {"path", path},
                     {"absent", false},
                     {"error", nullptr},
                     {"profiles", json::object()}};
        const auto file = read_ini_file(path);
        if (!file) {
            line["error"] = file.error().message;
        } else if (!*file) {
            line["absent"] = true;
        } else {
            const auto profiles =
                kind == "config" ? config_file_profiles(**file) : credentials_file_profiles(**file);
            for (const auto& [name, values] : profiles) line["profiles"][name] = values;
        }
        std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    return 0;
}
