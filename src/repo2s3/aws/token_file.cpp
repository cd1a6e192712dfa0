#include "repo2s3/aws/token_file.hpp"

#include <fstream>
#include <sstream>

namespace repo2s3::aws {

Result<std::string> read_token_file(const std::string& path, const std::string& setting) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    if (in) content << in.rdbuf();
    if (!in || in.bad()) {
        return fail(ErrorKind::Io, setting + " names " + path + ", which cannot be read");
    }
    std::string token = content.str();
    const auto first = token.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return fail(ErrorKind::Auth, setting + " names " + path + ", which is empty");
    }
    token.erase(token.find_last_not_of(" \t\r\n") + 1);
    token.erase(0, first);
    return token;
}

}  // namespace repo2s3::aws
