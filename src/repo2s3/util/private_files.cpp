#include "repo2s3/util/private_files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace repo2s3::util {

Result<void> make_private_directories(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> missing;
    std::error_code ec;
    for (auto at = path; !at.empty() && !std::filesystem::exists(at, ec); at = at.parent_path()) {
        missing.push_back(at);
        if (at == at.parent_path()) break;
    }
    for (auto level = missing.rbegin(); level != missing.rend(); ++level) {
        if (::mkdir(level->c_str(), 0700) != 0 && errno != EEXIST) {
            return fail(ErrorKind::Io, level->string() + ": " + std::strerror(errno));
        }
    }
    if (!std::filesystem::is_directory(path, ec)) {
        return fail(ErrorKind::Io, path.string() + ": not a directory");
    }
    return {};
}

}  // namespace repo2s3::util
