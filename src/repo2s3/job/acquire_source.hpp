#pragma once
// Turns a SourceSpec into the filtered list of files to sync: a directory is scanned, an
// archive is extracted (or taken whole when the template says not to extract).

#include <optional>
#include <string>
#include <vector>

#include "repo2s3/job/source_spec.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/source/source_file.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/temp_dir.hpp"

namespace repo2s3::job {

struct AcquiredSource {
    std::vector<source::SourceFile> files;  // after IncludeRepoPaths/ExcludeRepoPaths
    std::size_t files_before_filter = 0;
    std::optional<util::TempDir> scratch;   // owns extracted files until the run ends
};

/// Files of a local directory, filtered by the template.
Result<AcquiredSource> acquire_directory(const payload::SyncTemplate& sync_template,
                                         const std::string& directory);

/// Files of a local zip archive: extracted and filtered when the template extracts, otherwise
/// the archive itself as one file named <Repository>.zip. Extraction goes to `extract_dir`
/// when given, else to a temporary directory.
Result<AcquiredSource> acquire_zip(const payload::SyncTemplate& sync_template,
                                   const std::string& zip_file,
                                   const std::optional<std::string>& extract_dir);

}  // namespace repo2s3::job
