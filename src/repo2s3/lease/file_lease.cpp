#include "repo2s3/lease/file_lease.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "repo2s3/util/private_files.hpp"

namespace repo2s3::lease {
namespace {

constexpr std::size_t kMaxRecordBytes = 64 * 1024;

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    off_t offset = 0;
    while (text.size() < kMaxRecordBytes) {
        const ssize_t got = pread(fd, buffer, sizeof buffer, offset);
        if (got <= 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
        offset += got;
    }
    return text;
}

bool write_all(int fd, const std::string& text) {
    if (ftruncate(fd, 0) != 0) return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t wrote =
            pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return false;
        done += static_cast<std::size_t>(wrote);
    }
    return true;
}

Error io_error(const std::string& what, const std::string& path) {
    return {ErrorKind::Io, what + " " + path + ": " + std::strerror(errno)};
}

}  // namespace

Result<std::unique_ptr<FileLease>> FileLease::acquire(const std::string& path,
                                                      LeaseSettings settings) {
    if (!settings.clock) settings.clock = [] { return std::chrono::system_clock::now(); };
    if (!settings.sleep) settings.sleep = [](auto delay) { std::this_thread::sleep_for(delay); };
    // Each acquisition opens the file anew: flock conflicts between open file descriptions,
    // so two acquisitions in one process exclude each other as two processes do.
    if (auto made = util::make_private_directories(std::filesystem::path(path).parent_path());
        !made) {
        return util::unexpected(std::move(made.error()));
    }
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return util::unexpected(io_error("cannot open the lease file", path));
    const auto give_up_at = settings.clock() + settings.wait;
    for (int poll = 0;; ++poll) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) break;
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) {
            auto error = io_error("cannot lock the lease file", path);
            close(fd);
            return util::unexpected(std::move(error));
        }
        const auto delay = poll_delay(poll);
        if (settings.clock() + delay > give_up_at) {
            auto holder = parse_lease(read_all(fd), path);
            close(fd);
            if (!holder) {
                return fail(ErrorKind::Busy, "another run holds the lease " + path +
                                                 " (holder unknown: " + holder.error().message +
                                                 "); nothing was changed; try again later");
            }
            return util::unexpected(busy_error(path, *holder));
        }
        settings.sleep(delay);
    }

    const LeaseRecord mine = record_for(settings, settings.clock());
    if (!write_all(fd, lease_json(mine))) {
        auto error = io_error("cannot write the lease file", path);
        close(fd);  // also drops the lock
        return util::unexpected(std::move(error));
    }
    return std::unique_ptr<FileLease>(new FileLease(path, fd));
}

FileLease::~FileLease() {
    if (auto released = release(); !released) spdlog::warn("{}", released.error().message);
}

Result<void> FileLease::release() {
    if (fd_ < 0) return {};
    const int fd = fd_;
    fd_ = -1;
    // Emptied first, so nobody reads a stale holder once the lock is gone.
    const bool emptied = ftruncate(fd, 0) == 0;
    const auto saved_errno = errno;
    close(fd);  // drops the lock
    if (!emptied) {
        errno = saved_errno;
        return util::unexpected(io_error("cannot empty the lease file", path_));
    }
    return {};
}

}  // namespace repo2s3::lease
