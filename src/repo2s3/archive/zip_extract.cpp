#include "repo2s3/archive/zip_extract.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

#include "repo2s3/archive/entry_name.hpp"
#include "repo2s3/archive/zip_archive.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/util/private_files.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::archive {
namespace {

namespace fs = std::filesystem;

struct PlannedEntry {
    std::uint64_t index = 0;
    std::string name;  // as in the archive, for messages
    std::string path;  // below the top folder
    bool is_directory = false;
    std::uint64_t size = 0;  // declared
};

struct Plan {
    std::string top_folder;
    std::vector<PlannedEntry> entries;
    std::uint64_t total_bytes = 0;
    std::size_t file_count = 0;
};

class UniqueFd {
  public:
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&&) = delete;
    UniqueFd& operator=(UniqueFd&&) = delete;

    int get() const { return fd_; }
    /// Closes now, reporting the error close() may carry (e.g. a full disk on NFS).
    int close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

std::string quote_name(std::string_view name) {
    return "\"" + util::printable(name) + "\"";
}

/// Errors about the archive as a whole or one entry of it.
class Reporter {
  public:
    explicit Reporter(const std::string& zip_path) : prefix_("archive " + quote_name(zip_path)) {}

    util::Unexpected<Error> archive(const std::string& problem) const {
        return fail(ErrorKind::Archive, prefix_ + ": " + problem);
    }
    util::Unexpected<Error> entry(std::string_view name, const std::string& problem) const {
        return fail(ErrorKind::Archive, prefix_ + ": entry " + quote_name(name) + " " + problem);
    }
    util::Unexpected<Error> io(const fs::path& path, const std::string& problem) const {
        return fail(ErrorKind::Io,
                    prefix_ + ": cannot write " + quote_name(path.string()) + ": " + problem);
    }

  private:
    std::string prefix_;
};

Result<void> prepare_destination(const std::string& dest_dir, const Reporter& report) {
    std::error_code ec;
    const auto status = fs::symlink_status(dest_dir, ec);
    if (!fs::exists(status)) {
        if (auto made = util::make_private_directories(dest_dir); !made) {
            return report.io(dest_dir, made.error().message);
        }
        return {};
    }
    if (!fs::is_directory(status)) return report.io(dest_dir, "not a directory");
    if (!fs::is_empty(dest_dir, ec) || ec) {
        return report.io(dest_dir, ec ? ec.message()
                                      : std::string("the directory is not empty; extraction "
                                                    "needs an empty or new directory"));
    }
    return {};
}

/// Every path below a file must not itself be listed as a file ("a" and "a/b").
Result<void> check_file_directory_clashes(const std::string& top_folder,
                                          const std::map<std::string, bool>& kinds,
                                          const Reporter& report) {
    for (const auto& [path, is_directory] : kinds) {
        for (auto slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            const auto parent = kinds.find(path.substr(0, slash));
            if (parent != kinds.end() && !parent->second) {
                return report.entry(top_folder + "/" + path,
                                    "is inside \"" +
                                        util::printable(top_folder + "/" + parent->first) +
                                        "\", which the archive also holds as a file");
            }
        }
    }
    return {};
}

Result<Plan> plan_extraction(const ZipArchive& zip, const ExtractLimits& limits,
                             const Reporter& report) {
    const std::uint64_t count = zip.entry_count();
    if (count > limits.max_entries) {
        return report.archive("has " + std::to_string(count) + " entries, more than the limit of " +
                              std::to_string(limits.max_entries));
    }
    Plan plan;
    std::map<std::string, bool> kinds;  // path below the top folder → is a directory
    for (std::uint64_t index = 0; index < count; ++index) {
        auto info = zip.entry(index);
        if (!info)
            return report.archive("entry " + std::to_string(index) + ": " + info.error().message);
        const std::string& name = info->name;
        if (auto problem = entry_name_problem(name)) return report.entry(name, *problem);
        auto split = split_top_folder(name);
        if (!split.is_directory && split.rest.empty()) {
            return report.entry(name,
                                "is a file outside any top folder; a repository archive "
                                "holds everything in one folder");
        }
        if (plan.top_folder.empty()) plan.top_folder = split.top;
        if (split.top != plan.top_folder) {
            return report.entry(name, "is not under the top folder \"" +
                                          util::printable(plan.top_folder) +
                                          "/\"; a repository archive has exactly one");
        }
        if (split.rest.empty()) continue;  // the top folder itself
        if (info->encrypted) return report.entry(name, "is encrypted");
        if (!split.is_directory) {
            if (info->size > limits.max_file_bytes) {
                return report.entry(name, "is " + std::to_string(info->size) +
                                              " bytes, more than the limit of " +
                                              std::to_string(limits.max_file_bytes));
            }
            plan.total_bytes += info->size;
            if (plan.total_bytes > limits.max_total_bytes) {
                return report.archive("holds more than the limit of " +
                                      std::to_string(limits.max_total_bytes) +
                                      " uncompressed bytes");
            }
            ++plan.file_count;
        }
        const auto [existing, inserted] = kinds.emplace(split.rest, split.is_directory);
        if (!inserted) {
            return report.entry(name, existing->second == split.is_directory
                                          ? "appears more than once"
                                          : "is both a file and a directory");
        }
        plan.entries.push_back(
            {index, name, std::move(split.rest), split.is_directory, info->size});
    }
    if (plan.file_count == 0) return report.archive("is empty (it holds no files)");
    if (auto clash = check_file_directory_clashes(plan.top_folder, kinds, report); !clash) {
        return util::unexpected(std::move(clash.error()));
    }
    return plan;
}

Result<void> check_expansion(const std::string& zip_path, const Plan& plan,
                             const ExtractLimits& limits, const Reporter& report) {
    std::error_code ec;
    const auto archive_bytes = fs::file_size(zip_path, ec);
    if (ec || archive_bytes == 0) return {};
    if (plan.total_bytes / archive_bytes >= limits.max_expansion_ratio) {
        return report.archive("expands " + std::to_string(archive_bytes) + " bytes into " +
                              std::to_string(plan.total_bytes) + ", more than the limit ratio of " +
                              std::to_string(limits.max_expansion_ratio) +
                              ":1; refusing a likely zip bomb");
    }
    return {};
}

struct ExtractedFile {
    std::uint64_t size = 0;
    std::string md5_hex;  // hashed as it was written, so the sync never reads it again to hash
};

Result<ExtractedFile> extract_file(const ZipArchive& zip, const PlannedEntry& entry,
                                   const fs::path& target, const Reporter& report) {
    if (auto made = util::make_private_directories(target.parent_path()); !made) {
        return report.io(target.parent_path(), made.error().message);
    }
    UniqueFd fd(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                       util::kPrivateFileMode));
    if (fd.get() < 0) return report.io(target, std::strerror(errno));

    std::uint64_t written = 0;
    crypto::Hasher md5(crypto::DigestAlgorithm::Md5);
    std::optional<Error> sink_error;  // why the sink stopped the read, if it did
    const auto stop = [&](util::Unexpected<Error> failure) -> Result<void> {
        sink_error = failure.error;
        return failure;
    };
    auto read = zip.read_entry(entry.index, [&](std::span<const char> chunk) -> Result<void> {
        written += chunk.size();
        if (written > entry.size) {
            return stop(report.entry(entry.name, "decompresses to more than the " +
                                                     std::to_string(entry.size) +
                                                     " bytes its header declares"));
        }
        md5.update(std::string_view(chunk.data(), chunk.size()));
        for (std::size_t offset = 0; offset < chunk.size();) {
            const ssize_t rc = ::write(fd.get(), chunk.data() + offset, chunk.size() - offset);
            if (rc < 0 && errno == EINTR) continue;
            if (rc < 0) return stop(report.io(target, std::strerror(errno)));
            offset += static_cast<std::size_t>(rc);
        }
        return {};
    });
    if (!read) {
        if (sink_error) return util::unexpected(std::move(*sink_error));
        return report.entry(entry.name, "cannot be read: " + read.error().message);
    }
    if (written != entry.size) {
        return report.entry(entry.name, "decompresses to " + std::to_string(written) +
                                            " bytes, not the " + std::to_string(entry.size) +
                                            " its header declares");
    }
    if (fd.close() != 0) return report.io(target, std::strerror(errno));
    return ExtractedFile{written, crypto::hex_encode(md5.finish())};
}

}  // namespace

Result<ExtractedTree> extract_zip(const std::string& zip_path, const std::string& dest_dir,
                                  const ExtractLimits& limits) {
    const Reporter report(zip_path);
    auto zip = ZipArchive::open(zip_path);
    if (!zip) return util::unexpected(std::move(zip.error()));
    auto plan = plan_extraction(*zip, limits, report);
    if (!plan) return util::unexpected(std::move(plan.error()));
    if (auto expansion = check_expansion(zip_path, *plan, limits, report); !expansion) {
        return util::unexpected(std::move(expansion.error()));
    }
    if (auto prepared = prepare_destination(dest_dir, report); !prepared) {
        return util::unexpected(std::move(prepared.error()));
    }

    ExtractedTree tree;
    tree.top_folder = plan->top_folder;
    tree.comment = zip->comment();
    const fs::path root(dest_dir);
    for (const auto& entry : plan->entries) {
        const fs::path target = root / entry.path;
        if (entry.is_directory) {
            if (auto made = util::make_private_directories(target); !made) {
                return report.io(target, made.error().message);
            }
            continue;
        }
        auto written = extract_file(*zip, entry, target, report);
        if (!written) return util::unexpected(std::move(written.error()));
        tree.files.push_back({.path = entry.path,
                              .local_path = target.string(),
                              .size = written->size,
                              .md5_hex = std::move(written->md5_hex)});
    }
    std::sort(tree.files.begin(), tree.files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    return tree;
}

}  // namespace repo2s3::archive
