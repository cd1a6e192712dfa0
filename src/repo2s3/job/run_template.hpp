#pragma once
// One whole run for one template: acquire the source, sync it into the bucket, report.
// Shared by the CLI, and by the long-running and Lambda front ends.

#include <cstdint>
#include <optional>
#include <string>

#include "repo2s3/github/github_source.hpp"
#include "repo2s3/job/source_spec.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/sync/synchronize.hpp"

namespace repo2s3::job {

struct RunOptions {
    bool commit = false;
    std::size_t parallelism = 8;
    github::DownloadLimits download_limits;
};

/// What a run talks to. `github` may be null when only local sources are used.
struct Services {
    s3::ObjectStore& store;
    sync::ContentTypeFn content_type_for;
    github::GitHubSource* github = nullptr;
};

struct RunReport {
    std::string template_name;
    std::string bucket;
    std::string prefix;
    std::optional<std::string> commit_sha;
    std::size_t files_before_filter = 0;
    sync::SyncOutcome outcome;  // plan, what was applied, per-phase timings
    std::int64_t duration_ms = 0;
    std::optional<Error> error;  // the first failure, from any phase

    bool ok() const { return !error; }
};

RunReport run_template(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                       const RunOptions& options, Services& services);

}  // namespace repo2s3::job
