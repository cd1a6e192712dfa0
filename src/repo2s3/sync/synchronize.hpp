#pragma once
// One sync of a list of source files into a bucket prefix: hash, list, look up recorded MD5s
// where ETags cannot tell, plan, and (with commit) apply.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/source/source_file.hpp"
#include "repo2s3/sync/apply.hpp"
#include "repo2s3/sync/delete_guard.hpp"
#include "repo2s3/sync/plan.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/phase_timings.hpp"

namespace repo2s3::sync {

struct SyncRequest {
    std::vector<source::SourceFile> files;  // already filtered
    std::string key_prefix;                 // empty or ending in '/'
    std::string target;                     // "s3://bucket/prefix/", for messages
    bool delete_missing = false;
    unsigned max_delete_percent = 100;  // the mass-delete guard (sync/delete_guard.hpp)
    bool commit = false;
    std::size_t parallelism = sync::kDefaultParallelism;
    ContentTypeFn content_type_for;
    /// The template's HeaderRules; null or empty for none.
    const HeaderRuleSet* header_rules = nullptr;
    /// The listing under the prefix when the caller already has it (made while the source
    /// downloaded, or by a drift check); otherwise synchronize lists.
    std::optional<std::vector<s3::ObjectSummary>> listing;
    /// Content MD5s an earlier run recorded, by key: an object with the same ETag and size is
    /// recognised without a HeadObject.
    KnownObjects known;
    s3::MultipartSettings multipart;
    /// Counts the uploads as they go, when set (the CLI shows it; watch and Lambda do not).
    TransferProgress* progress = nullptr;
};

/// Milliseconds spent per phase, in the order the phases ran: hash, list, then (with commit)
/// upload and delete.
using PhaseTimings = util::PhaseTimings;

struct SyncOutcome {
    Plan plan;
    std::vector<LocalFile> local;      // the hashed source
    std::vector<RemoteObject> remote;  // what the plan was made against
    ApplyResult applied;               // empty unless committed
    bool committed = false;
    /// Set when the plan trips the mass-delete guard: a committed run then deleted nothing and
    /// failed with ErrorKind::Safety; a dry run only shows it.
    std::optional<DeleteGuard> delete_guard;
    PhaseTimings timings;
    std::optional<Error> error;
};

/// Never throws for I/O failures; they come back in SyncOutcome::error with the plan so far.
/// An empty file list is refused before the bucket is even listed.
SyncOutcome synchronize(const SyncRequest& request, s3::ObjectStore& store);

/// Sets recorded_md5 (and header_digest, when recorded) of every object that `known`
/// recorded with the same ETag and size.
void recall_recorded_md5(const KnownObjects& known, std::vector<RemoteObject>& remote);

/// Fills RemoteObject::recorded_md5 and header_digest by HeadObject for every object whose
/// listing cannot tell what the plan needs (see needs_metadata_lookup).
Result<void> look_up_recorded_md5(const std::vector<LocalFile>& local,
                                  std::vector<RemoteObject>& remote, s3::ObjectStore& store,
                                  std::size_t parallelism, bool rule_headers);

/// Sets each file's headers from the rules; fails when a rule cannot decide for a path.
Result<void> resolve_headers(std::vector<LocalFile>& files, const HeaderRuleSet& rules);

}  // namespace repo2s3::sync
