#include "repo2s3/util/temp_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace repo2s3::util {

Result<TempDir> TempDir::create(const std::string& name_hint) {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / ("repo2s3-" + name_hint + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return fail(ErrorKind::Io, "cannot create a temporary directory in " + base.string() + ": " +
                                       std::strerror(errno));
    }
    return TempDir(std::filesystem::path(pattern));
}

TempDir::~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
        path_ = std::exchange(other.path_, {});
    }
    return *this;
}

}  // namespace repo2s3::util
