#pragma once

#include <cstdint>
#include <string>

namespace repo2s3::source {

/// One file to sync: where it lives locally and the path it has in the repository.
struct SourceFile {
    std::string path;        // repo-relative, '/'-separated, UTF-8, no leading '/'
    std::string local_path;  // where its bytes are on disk
    std::uint64_t size = 0;
};

}  // namespace repo2s3::source
