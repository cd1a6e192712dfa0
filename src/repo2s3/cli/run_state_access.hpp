#pragma once
// Opens a run's state where its StateLocation says (see payload/run_state_settings.hpp): an
// object in the destination bucket, in another bucket, or a file in a local directory. The
// location also decides the lease: an object in the destination bucket for S3 state, a flock
// next to a local state file, none at all for "none".

#include <memory>
#include <optional>
#include <string>

#include "repo2s3/cli/runtime.hpp"
#include "repo2s3/payload/run_state_settings.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/state/state_store.hpp"
#include "repo2s3/util/deadline.hpp"

namespace repo2s3::cli {

struct RunStateAccess {
    std::unique_ptr<s3::ObjectStore> state_bucket;  // the client of another state bucket
    std::unique_ptr<state::StateStore> store;       // null: no state
    bool lease = true;                              // false: committed runs take no lease
    std::optional<std::string> lease_file;          // a flock here instead of an S3 object
};

/// The state of `sync_template`'s destination at `location` (already resolved). `destination`
/// is the destination bucket's client; another state bucket gets its own client, in the
/// destination's region. A location the sync would delete is a Usage error.
Result<RunStateAccess> open_run_state(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                      const payload::StateLocation& location,
                                      s3::ObjectStore& destination, const util::Deadline& deadline);

}  // namespace repo2s3::cli
