#pragma once

#include <optional>
#include <string>

namespace repo2s3::job {

/// Where a run takes its files from. With neither local option set, the source is the
/// template's GitHub branch.
struct SourceSpec {
    std::optional<std::string> directory;  // --source-dir
    std::optional<std::string> zip_file;   // --source-zip
    std::optional<std::string> save_dir;   // --save-dir: keep downloads and extraction here
};

}  // namespace repo2s3::job
