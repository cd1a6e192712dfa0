#pragma once
// Private scratch directories for downloads and extractions. Every live one is registered, so
// that a process stopped by a signal can still remove them (remove_all_temp_dirs), and a process
// that starts where an earlier one was killed can remove what it left (remove_stale_temp_dirs).

#include <chrono>
#include <filesystem>
#include <string>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

/// What a temporary directory holds; its name says it: "repo2s3-download-XXXXXX".
enum class TempPurpose { Download, Extract };

/// A private (0700) directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
  public:
    /// Fails (ErrorKind::Io) when the directory cannot be made, and after remove_all_temp_dirs.
    static Result<TempDir> create(TempPurpose purpose);
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    void remove();
    std::filesystem::path path_;
};

/// Removes every TempDir that is still alive and refuses new ones: for a process about to exit
/// on a signal. Returns how many were removed. Safe to call from any thread (not from a signal
/// handler).
std::size_t remove_all_temp_dirs();

/// Removes directories named as TempDir::create names them ("repo2s3-download-XXXXXX",
/// "repo2s3-extract-XXXXXX") directly under `parent` (default $TMPDIR) and last changed more
/// than `age` ago: what a killed process left behind. Returns how many were removed.
std::size_t remove_stale_temp_dirs(std::chrono::seconds age,
                                   const std::filesystem::path& parent = {});

}  // namespace repo2s3::util
