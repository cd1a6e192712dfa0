#pragma once
// Pure conversions between a sync's listing and the state's record of it: what a finished run
// left under the prefix, whether a new listing still equals it, and what it tells the next
// plan about objects whose ETag is not an MD5.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/state/run_state.hpp"
#include "repo2s3/sync/apply.hpp"
#include "repo2s3/sync/plan.hpp"

namespace repo2s3::state {

/// The objects under the prefix after a committed run: what the plan was made against, minus
/// what it deleted, plus what it uploaded (with the ETags S3 answered). Sorted by key.
std::vector<RecordedObject> listing_after(std::string_view key_prefix,
                                          const std::vector<sync::LocalFile>& local,
                                          const std::vector<sync::RemoteObject>& remote,
                                          const sync::ApplyResult& applied);

/// How a listing differs from the recorded one, by key.
struct Drift {
    std::size_t missing = 0;  // recorded, gone
    std::size_t changed = 0;  // another ETag or size
    std::size_t added = 0;    // not recorded

    bool none() const { return missing == 0 && changed == 0 && added == 0; }
};

/// Compares `listing` (everything under the prefix, as ListObjectsV2 gave it) with the record.
/// Keys a sync ignores (folder markers, reserved keys) do not count.
Drift compare_listing(std::string_view key_prefix, const std::vector<RecordedObject>& recorded,
                      const std::vector<s3::ObjectSummary>& listing);

/// "1 missing, 2 changed, 0 added".
std::string describe(const Drift& drift);

/// The record's content MD5s, for sync::SyncRequest::known.
sync::KnownObjects known_objects(const std::vector<RecordedObject>& recorded);

}  // namespace repo2s3::state
