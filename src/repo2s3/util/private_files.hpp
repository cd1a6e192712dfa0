#pragma once
// Files that hold a repository's contents (downloaded archives, extracted trees) are private to
// the user that runs repo2s3, whatever the umask: directories 0700, files 0600.

#include <filesystem>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

inline constexpr std::filesystem::perms kPrivateDirectoryMode = std::filesystem::perms::owner_all;
inline constexpr unsigned kPrivateFileMode = 0600;

/// Creates `path` and every missing parent with mode 0700; existing directories are left as
/// they are. ErrorKind::Io names the path that could not be made.
Result<void> make_private_directories(const std::filesystem::path& path);

}  // namespace repo2s3::util
