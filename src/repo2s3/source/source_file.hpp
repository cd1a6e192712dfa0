#pragma once

#include <cstdint>
#include <string>

namespace repo2s3::source {

/// One file to sync: where it lives locally and the path it has in the repository.
struct SourceFile {
    std::string path;        // repo-relative, '/'-separated, UTF-8, no leading '/'
    std::string local_path;  // where its bytes are on disk
    std::uint64_t size = 0;
    /// Its content MD5 (lower-case hex) when already known: computed while extracting, or
    /// recorded by an earlier run for the same size and mtime. Empty: hash it.
    std::string md5_hex;
    /// Last modification time in nanoseconds since the epoch (directory sources; 0 otherwise).
    std::int64_t mtime_ns = 0;
};

}  // namespace repo2s3::source
