#include "repo2s3/util/temp_dir.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <string>

namespace repo2s3::util {
namespace {

/// The live directories, and whether new ones may still be made.
struct Registry {
    std::mutex mutex;
    std::set<std::filesystem::path> live;
    bool closed = false;
};

Registry& registry() {
    static Registry instance;  // never destroyed before the last TempDir
    return instance;
}

/// "repo2s3-<hint>-XXXXXX", as create() names them; not the scripts' "repo2s3-test.XXXXXX".
bool made_by_create(std::string_view name) {
    if (!name.starts_with(kTempDirPrefix)) return false;
    name.remove_prefix(kTempDirPrefix.size());
    const auto dash = name.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || name.size() - dash - 1 != 6) return false;
    const auto is_word = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
    const auto is_random = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const auto hint = name.substr(0, dash);
    const auto random = name.substr(dash + 1);
    return std::all_of(hint.begin(), hint.end(), is_word) &&
           std::all_of(random.begin(), random.end(), is_random);
}

std::filesystem::path temp_base() {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    return ec ? std::filesystem::path("/tmp") : base;
}

}  // namespace

Result<TempDir> TempDir::create(const std::string& name_hint) {
    const auto base = temp_base();
    std::string pattern = (base / (std::string(kTempDirPrefix) + name_hint + "-XXXXXX")).string();
    auto& live = registry();
    const std::lock_guard lock(live.mutex);
    if (live.closed) {
        return fail(ErrorKind::Io, "no temporary directory: the process is shutting down");
    }
    if (::mkdtemp(pattern.data()) == nullptr) {
        return fail(ErrorKind::Io, "cannot create a temporary directory in " + base.string() +
                                       ": " + std::strerror(errno));
    }
    live.live.insert(pattern);
    return TempDir(std::filesystem::path(pattern));
}

void TempDir::remove() {
    if (path_.empty()) return;
    auto& live = registry();
    const std::lock_guard lock(live.mutex);
    if (live.live.erase(path_) > 0) {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    path_.clear();
}

TempDir::~TempDir() {
    remove();
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::exchange(other.path_, {});
    }
    return *this;
}

std::size_t remove_all_temp_dirs() {
    auto& live = registry();
    const std::lock_guard lock(live.mutex);
    live.closed = true;
    const std::size_t count = live.live.size();
    for (const auto& path : live.live) {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    live.live.clear();
    return count;
}

std::size_t remove_stale_temp_dirs(std::chrono::seconds age, const std::filesystem::path& parent) {
    const auto base = parent.empty() ? temp_base() : parent;
    const auto cutoff = std::filesystem::file_time_type::clock::now() - age;
    std::size_t removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator entry(base, ec), end; !ec && entry != end;
         entry.increment(ec)) {
        const std::string name = entry->path().filename().string();
        std::error_code status_ec;
        if (!made_by_create(name) || !entry->is_directory(status_ec) ||
            entry->is_symlink(status_ec)) {
            continue;
        }
        const auto changed = std::filesystem::last_write_time(entry->path(), status_ec);
        if (status_ec || changed > cutoff) continue;
        {
            auto& live = registry();
            const std::lock_guard lock(live.mutex);
            if (live.live.contains(entry->path())) continue;
        }
        std::error_code remove_ec;
        std::filesystem::remove_all(entry->path(), remove_ec);
        if (!remove_ec) ++removed;
    }
    return removed;
}

}  // namespace repo2s3::util
