#pragma once
// One whole run for one template: acquire the source, sync it into the bucket, report.
// Shared by the CLI, and by the long-running and Lambda front ends.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "repo2s3/aws/cloudfront.hpp"
#include "repo2s3/github/github_source.hpp"
#include "repo2s3/job/source_spec.hpp"
#include "repo2s3/lease/lease.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/state/state_store.hpp"
#include "repo2s3/sync/synchronize.hpp"
#include "repo2s3/util/deadline.hpp"

namespace repo2s3::job {

/// One writer per destination: a committed run holds the destination's lease (see lease/).
struct LeaseOptions {
    bool enabled = true;  // committed runs only; dry runs never take it
    std::chrono::milliseconds expiry = lease::kDefaultExpiry;
    /// How long to wait for a lease another run holds (--lease-wait); 0: fail at once.
    std::chrono::milliseconds wait{0};
    /// A flock on this file instead of an object in the destination bucket: for state kept in
    /// a local directory, so that the bucket holds nothing but the synced files.
    std::optional<std::string> file;
};

struct RunOptions {
    bool commit = false;
    std::size_t parallelism = sync::kDefaultParallelism;
    github::DownloadLimits download_limits;
    /// --max-delete-percent: replaces the template's MaxDeletePercent when set.
    std::optional<unsigned> max_delete_percent;
    /// The run's time budget: requests stop and retries give up at it; the run then fails.
    util::Deadline deadline;
    /// --state / --no-state: replaces the template's StateLocation when set. The caller resolves
    /// it (payload::resolve_state_location) and opens Services::state.
    std::optional<payload::StateLocation> state_location;
    /// --drift-check: replaces the template's DriftCheck when set (default: always).
    std::optional<payload::DriftCheck> drift_check;
    /// --multipart-threshold and --part-size.
    s3::MultipartSettings multipart;
    /// Counts the uploads as they go, for a progress display; null for none.
    sync::TransferProgress* progress = nullptr;
    LeaseOptions lease;
};

/// What a run talks to. `github` may be null when only local sources are used.
struct Services {
    s3::ObjectStore& store;
    sync::ContentTypeFn content_type_for;
    github::GitHubSource* github = nullptr;
    /// Where the destination's run state lives; null runs without state (every run in full).
    state::StateStore* state = nullptr;
    /// A warm process's memory of states, so unchanged runs read nothing; may be null.
    state::StateMemory* state_memory = nullptr;
    /// Where the drift check lists when it is not `store`: the destination without the lease,
    /// so that a run that finds nothing to do takes no lease. A drifted run lists again
    /// through `store`, under the lease, before it plans.
    s3::ObjectStore* unleased = nullptr;
    /// Creates the CloudFront invalidations of templates with CloudFrontDistributionId; may be
    /// null when none has one.
    aws::CloudFrontApi* cloudfront = nullptr;
};

/// How the run used its destination's recorded state.
struct StateReport {
    enum class Use {
        Full,       // no usable state, or the source or template changed: a full run
        Unchanged,  // the source and the bucket are as the last run left them: nothing downloaded
        Drifted,    // the source is unchanged but the bucket was not: a full run repaired it
    };
    std::string location;  // "s3://bucket/.repo2s3/state/..." or a file
    Use use = Use::Full;
    std::string detail;  // for people: why, in a few words
    bool saved = false;  // the run recorded a new state
};
std::string_view use_name(StateReport::Use use);  // "full", "unchanged", "drifted"

/// The CloudFront invalidation a committed run sent (CloudFrontDistributionId).
struct InvalidationReport {
    std::string distribution_id;
    std::vector<std::string> paths;
    std::string caller_reference;
    std::optional<std::string> id;     // set when CloudFront took it
    std::optional<std::string> error;  // set when it failed: the paths wait in the run state
    bool retried = false;              // it carries the paths of an earlier failed one
};

struct RunReport {
    std::string template_name;
    std::string bucket;
    std::string prefix;
    /// What was synced, for people: "octo-org/site@main", "directory public/", "zip site.zip".
    std::string source;
    std::optional<std::string> commit_sha;
    std::size_t files_before_filter = 0;
    /// Plan, what was applied, and per-phase timings: auth, download, extract, hash, list,
    /// upload, delete (the phases that completed, also on failure).
    sync::SyncOutcome outcome;
    std::int64_t duration_ms = 0;
    /// When phases ran, in ms since the run started: [start, end] of "download" (with
    /// extraction) and "list", so overlap shows.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> spans;
    std::optional<StateReport> state;  // unset when the run kept no state
    /// Unset when no invalidation was due (no distribution, nothing changed, a dry run).
    std::optional<InvalidationReport> invalidation;
    std::optional<Error> error;  // the first failure, from any phase

    bool ok() const { return !error; }
    /// The run did not start because another run holds the destination's lease: watch skips
    /// the cycle, Lambda hands the record back to SQS.
    bool lease_busy() const { return error && error->kind == ErrorKind::Busy; }
    /// The sync stands but CloudFront still serves what it replaced: exit 1, an IMPORTANT alert.
    bool invalidation_failed() const { return invalidation && invalidation->error; }
    /// "s3://bucket/prefix/", for messages.
    std::string target() const { return "s3://" + bucket + "/" + prefix; }
};

RunReport run_template(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                       const RunOptions& options, Services& services);

/// What happened, path by path: what was applied after a commit (also before a failure),
/// what is planned on a dry run.
struct ChangeLists {
    std::vector<std::string> new_paths;
    std::vector<std::string> modified_paths;
    std::vector<std::string> deleted_paths;
    std::vector<std::string> headers_updated_paths;  // same bytes, new rule headers

    bool empty() const {
        return new_paths.empty() && modified_paths.empty() && deleted_paths.empty() &&
               headers_updated_paths.empty();
    }
};
ChangeLists change_lists(const RunReport& report);

}  // namespace repo2s3::job
