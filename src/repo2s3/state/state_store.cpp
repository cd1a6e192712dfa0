#include "repo2s3/state/state_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/http/url.hpp"
#include "repo2s3/payload/s3_names.hpp"
#include "repo2s3/util/private_files.hpp"

namespace repo2s3::state {
namespace {

constexpr std::string_view kStateFileName = "state.json.gz";

Result<void> write_whole_file(const std::filesystem::path& path, const std::string& bytes) {
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, util::kPrivateFileMode);
    if (fd < 0) return fail(ErrorKind::Io, path.string() + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return fail(ErrorKind::Io, path.string() + ": " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        return fail(ErrorKind::Io, path.string() + ": " + std::strerror(errno));
    }
    return {};
}

}  // namespace

S3StateStore::S3StateStore(s3::ObjectStore& store, std::string bucket, std::string key)
    : store_(store), bucket_(std::move(bucket)), key_(std::move(key)) {}

Result<std::optional<std::string>> S3StateStore::load() {
    auto bytes = store_.get_object(key_, kMaxStateBytes);
    if (!bytes) {
        if (bytes.error().kind == ErrorKind::NotFound) return std::optional<std::string>();
        return util::unexpected(std::move(bytes.error()));
    }
    return std::optional<std::string>(std::move(*bytes));
}

Result<void> S3StateStore::save(const std::string& bytes) {
    auto stored = store_.put_bytes(key_, bytes, "application/gzip", {});
    if (!stored) return util::unexpected(std::move(stored.error()));
    return {};
}

std::string S3StateStore::where() const {
    return "s3://" + bucket_ + "/" + key_;
}

LocalStateStore::LocalStateStore(std::filesystem::path file) : file_(std::move(file)) {}

Result<std::optional<std::string>> LocalStateStore::load() {
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return std::optional<std::string>();
        return fail(ErrorKind::Io, file_.string() + ": " + std::strerror(errno));
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return fail(ErrorKind::Io, file_.string() + ": read error");
    return std::optional<std::string>(std::move(bytes).str());
}

Result<void> LocalStateStore::save(const std::string& bytes) {
    if (auto made = util::make_private_directories(file_.parent_path()); !made) return made;
    auto temporary = file_;
    temporary += ".tmp-" + std::to_string(::getpid());
    if (auto written = write_whole_file(temporary, bytes); !written) return written;
    std::error_code ec;
    std::filesystem::rename(temporary, file_, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return fail(ErrorKind::Io, file_.string() + ": cannot replace the state file");
    }
    return {};
}

std::string LocalStateStore::where() const {
    return file_.string();
}

std::string state_key(const payload::StateLocation& location, const std::string& bucket,
                      const std::string& key_prefix) {
    if (location.kind == payload::StateLocation::Kind::S3) {
        return location.prefix + bucket + "/" + key_prefix + std::string(kStateFileName);
    }
    return std::string(payload::kReservedKeyPrefix) + "state/" + key_prefix +
           std::string(kStateFileName);
}

std::filesystem::path state_file(const std::string& directory, const std::string& bucket,
                                 const std::string& key_prefix) {
    const std::string name = key_prefix.empty() ? "_root" : http::percent_encode(key_prefix, false);
    return std::filesystem::path(directory) / bucket / (name + "." + std::string(kStateFileName));
}

Result<void> check_outside_sync(const payload::StateLocation& location, const std::string& bucket,
                                const std::string& key_prefix) {
    if (location.kind != payload::StateLocation::Kind::S3 || location.bucket != bucket) return {};
    const auto key = state_key(location, bucket, key_prefix);
    if (payload::is_reserved_key(key) || !key.starts_with(key_prefix)) return {};
    return fail(ErrorKind::Usage,
                "state location " + payload::describe(location) +
                    " lies under the synced prefix s3://" + bucket + "/" + key_prefix +
                    ", where the sync would delete it; use a prefix under " +
                    std::string(payload::kReservedKeyPrefix) + " or another bucket");
}

std::optional<RunState> StateMemory::recall(const std::string& where) const {
    const std::lock_guard lock(mutex_);
    const auto found = states_.find(where);
    if (found == states_.end()) return std::nullopt;
    return found->second;
}

void StateMemory::remember(const std::string& where, RunState state) {
    const std::lock_guard lock(mutex_);
    states_.insert_or_assign(where, std::move(state));
}

void StateMemory::forget(const std::string& where) {
    const std::lock_guard lock(mutex_);
    states_.erase(where);
}

}  // namespace repo2s3::state
