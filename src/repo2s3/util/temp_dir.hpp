#pragma once

#include <filesystem>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

/// A private (0700) directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
public:
    static Result<TempDir> create(const std::string& name_hint);
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

}  // namespace repo2s3::util
