// Reports how repo2s3 reads credential_process commands and which source a profile of the AWS
// shared files resolves to, for cross-checks against botocore. Reads nothing secret and
// fetches nothing.
//
//   aws_profile_source split      stdin: one JSON string per line (a command); stdout: one
//                                 line each, the JSON list of its words, or null when
//                                 shell_split refuses it.
//   aws_profile_source profiles NAME...
//                                 with the files of the process environment (AWS_CONFIG_FILE,
//                                 AWS_SHARED_CREDENTIALS_FILE, HOME); one JSON line per NAME:
//                                 {"profile": NAME, "source": "sso" | "role" | ... | null,
//                                  "error": null or the ErrorKind's number,
//                                  "sso_cache_file": PATH or null}

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/aws/profile_credentials.hpp"
#include "repo2s3/aws/shell_words.hpp"
#include "repo2s3/aws/sso_credentials.hpp"

namespace {

using nlohmann::json;
using namespace repo2s3;

int split() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto command = json::parse(line).get<std::string>();
        const auto words = aws::shell_split(command);
        std::cout << (words ? json(*words) : json(nullptr)).dump() << "\n";
    }
    return 0;
}

int profiles(int argc, char** argv) {
    const auto env = util::process_env();
    const auto loaded = aws::load_shared_profiles(aws::shared_file_paths(env));
    if (!loaded) {
        std::cerr << loaded.error().message << "\n";
        return 1;
    }
    for (int i = 2; i < argc; ++i) {
        const std::string name = argv[i];
        json line = {{"profile", name},
                     {"source", nullptr},
                     {"error", nullptr},
                     {"sso_cache_file", nullptr}};
        const auto source = aws::profile_source(*loaded, name);
        if (!source) {
            line["error"] = static_cast<int>(source.error().kind);
        } else if (*source) {
            line["source"] = std::string(aws::profile_source_name(**source));
            if (**source == aws::ProfileSource::Sso) {
                const auto settings = aws::sso_settings(*loaded, name, *loaded->merged(name));
                if (settings && *settings) {
                    line["sso_cache_file"] = aws::sso_token_cache_file(**settings, env);
                }
            }
        }
        std::cout << line.dump() << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "split") return split();
    if (mode == "profiles") return profiles(argc, argv);
    std::cerr << "usage: aws_profile_source split | profiles NAME...\n";
    return 2;
}
