#pragma once

#include <filesystem>
#include <string>

namespace repo2s3::testing {

/// tests/data in the source tree.
std::filesystem::path data_dir();

/// The whole content of a file, as bytes; empty when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// A fresh, empty directory removed when the object goes out of scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// Writes `content` to path()/relative, creating parent directories.
    std::filesystem::path write(const std::string& relative, const std::string& content) const;

  private:
    std::filesystem::path path_;
};

}  // namespace repo2s3::testing
