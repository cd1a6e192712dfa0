#include "repo2s3/source/directory_source.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::source {
namespace {

namespace fs = std::filesystem;

struct DirectoryId {
    dev_t device;
    ino_t inode;
    bool operator==(const DirectoryId&) const = default;
};

/// Walks one tree; `ancestors` holds the directories on the current branch, so that a link
/// back up the tree is reported instead of followed forever.
class Scanner {
  public:
    explicit Scanner(fs::path root) : root_(std::move(root)) {}

    Result<void> scan(const fs::path& directory, const std::string& relative) {
        struct stat info {};
        if (::stat(directory.c_str(), &info) != 0) return io_error(relative, errno);
        const DirectoryId id{info.st_dev, info.st_ino};
        if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
            return fail(ErrorKind::Io, describe(relative) +
                                           ": symbolic link loop (the directory contains itself)");
        }
        ancestors_.push_back(id);

        std::error_code ec;
        fs::directory_iterator entries(directory, ec);
        if (ec) return io_error(relative, ec.value());
        for (const auto& entry : entries) {
            const std::string name = entry.path().filename().string();
            if (name == ".git") continue;
            const std::string child = relative.empty() ? name : relative + "/" + name;
            if (!util::is_valid_utf8(name)) {
                return fail(ErrorKind::Io, describe(child) +
                                               ": the name is not valid UTF-8, so it cannot be "
                                               "an S3 key; rename it or exclude its directory");
            }
            if (auto added = add(entry.path(), child); !added) return added;
        }
        ancestors_.pop_back();
        return {};
    }

    std::vector<SourceFile> take_files() { return std::move(files_); }

  private:
    Result<void> add(const fs::path& path, const std::string& relative) {
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0) {  // follows links
            const int error = errno;
            if (error == ENOENT && is_symlink(path)) {
                return fail(ErrorKind::Io, describe(relative) +
                                               ": dangling symbolic link (its target does not "
                                               "exist); fix or delete the link");
            }
            if (error == ELOOP) {
                return fail(ErrorKind::Io, describe(relative) + ": symbolic link loop");
            }
            return io_error(relative, error);
        }
        if (S_ISDIR(info.st_mode)) return scan(path, relative);
        if (!S_ISREG(info.st_mode)) {
            return fail(ErrorKind::Io, describe(relative) +
                                           ": not a regular file or directory (a fifo, socket "
                                           "or device); remove it from the source directory");
        }
        files_.push_back(
            {.path = relative,
             .local_path = path.string(),
             .size = static_cast<std::uint64_t>(info.st_size),
             .md5_hex = {},
             .mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                         info.st_mtim.tv_nsec});
        return {};
    }

    static bool is_symlink(const fs::path& path) {
        std::error_code ec;
        return fs::is_symlink(fs::symlink_status(path, ec));
    }

    std::string describe(const std::string& relative) const {
        return util::printable((relative.empty() ? root_ : root_ / relative).string());
    }

    Result<void> io_error(const std::string& relative, int error) const {
        return fail(ErrorKind::Io, describe(relative) + ": " + std::strerror(error));
    }

    fs::path root_;
    std::vector<DirectoryId> ancestors_;
    std::vector<SourceFile> files_;
};

}  // namespace

Result<std::vector<SourceFile>> scan_directory(const std::string& root) {
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (!fs::exists(status)) {
        return fail(ErrorKind::Io, util::printable(root) + ": the source directory does not exist");
    }
    if (!fs::is_directory(status)) {
        return fail(ErrorKind::Io, util::printable(root) + ": the source is not a directory");
    }
    Scanner scanner{fs::path(root)};
    try {
        if (auto scanned = scanner.scan(root, ""); !scanned) {
            return util::unexpected(std::move(scanned.error()));
        }
    } catch (const fs::filesystem_error& error) {  // from directory_iterator::operator++
        return fail(ErrorKind::Io,
                    util::printable(error.path1().string()) + ": " + error.code().message());
    }
    auto files = scanner.take_files();
    std::sort(files.begin(), files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return files;
}

}  // namespace repo2s3::source
