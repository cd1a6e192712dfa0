#include "repo2s3/util/temp_dir.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
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

constexpr std::array<std::pair<TempPurpose, std::string_view>, 2> kNames = {{
    {TempPurpose::Download, "repo2s3-download-"},
    {TempPurpose::Extract, "repo2s3-extract-"},
}};
constexpr std::size_t kRandomCharacters = 6;  // mkdtemp's XXXXXX

std::string_view name_of(TempPurpose purpose) {
    for (const auto& [kind, name] : kNames) {
        if (kind == purpose) return name;
    }
    return "repo2s3-";
}

/// A name create() makes: one of kNames, then six letters or digits. Anything else under
/// $TMPDIR (the scripts' "repo2s3-test.XXXXXX", another tool's directory) is not ours.
bool made_by_create(std::string_view name) {
    return std::any_of(kNames.begin(), kNames.end(), [name](const auto& entry) {
        const std::string_view prefix = entry.second;
        if (!name.starts_with(prefix) || name.size() != prefix.size() + kRandomCharacters) {
            return false;
        }
        return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
    });
}

std::filesystem::path temp_base() {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    return ec ? std::filesystem::path("/tmp") : base;
}

}  // namespace

Result<TempDir> TempDir::create(TempPurpose purpose) {
    const auto base = temp_base();
    std::string pattern = (base / (std::string(name_of(purpose)) + "XXXXXX")).string();
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
