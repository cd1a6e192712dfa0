#pragma once
// Turns a SourceSpec into the filtered list of files to sync: a directory is scanned, an
// archive is extracted (or taken whole when the template says not to extract).
// Each function appends the phases it completed to `timings` when given, also when it fails
// later: "auth" and "download" (GitHub only), then "extract" (unpacking and filtering the
// archive, or walking and filtering the directory).

#include <optional>
#include <string>
#include <vector>

#include "repo2s3/github/github_source.hpp"
#include "repo2s3/job/source_spec.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/source/source_file.hpp"
#include "repo2s3/util/deadline.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/phase_timings.hpp"
#include "repo2s3/util/temp_dir.hpp"

namespace repo2s3::job {

struct AcquiredSource {
    std::vector<source::SourceFile> files;  // after IncludeRepoPaths/ExcludeRepoPaths
    std::size_t files_before_filter = 0;
    std::optional<util::TempDir> scratch;  // owns downloaded and extracted files until the run ends
    std::optional<std::string> commit_sha;     // when the source is a GitHub branch
    std::optional<std::string> archive_path;   // the downloaded <Repository>.zip
    std::optional<std::string> extracted_dir;  // where it was extracted, when kept (--save-dir)
};

/// Files of a local directory, filtered by the template.
Result<AcquiredSource> acquire_directory(const payload::SyncTemplate& sync_template,
                                         const std::string& directory,
                                         util::PhaseTimings* timings = nullptr);

/// Files of a local zip archive: extracted and filtered when the template extracts, otherwise
/// the archive itself as one file named <Repository>.zip. Extraction goes to `extract_dir`
/// when given, else to a temporary directory.
Result<AcquiredSource> acquire_zip(const payload::SyncTemplate& sync_template,
                                   const std::string& zip_file,
                                   const std::optional<std::string>& extract_dir,
                                   util::PhaseTimings* timings = nullptr);

struct GitHubFetch {
    github::DownloadLimits limits;
    /// Keep the archive and its extraction here (private: directories 0700, files 0600)
    /// instead of a temporary directory.
    std::optional<std::string> save_dir;
    util::Deadline deadline;  // the run's
    /// The commit to download, when the branch was already looked up; otherwise the branch is
    /// resolved first ("auth" then "download").
    std::optional<std::string> sha;
};

/// The template's branch from GitHub: gets an installation token, downloads <Repository>.zip of the
/// branch's current commit into `fetch.save_dir` (or a temporary directory), then acquires it
/// like a local zip; with a save dir, extraction goes to
/// <save_dir>/<Organization>-<Repository>-<sha>/.
Result<AcquiredSource> acquire_github(const payload::SyncTemplate& sync_template,
                                      github::GitHubSource& github, const GitHubFetch& fetch,
                                      util::PhaseTimings* timings = nullptr);

}  // namespace repo2s3::job
