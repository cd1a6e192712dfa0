#include "repo2s3/cli/run_state_access.hpp"

namespace repo2s3::cli {

Result<RunStateAccess> open_run_state(Runtime& runtime, const payload::SyncTemplate& sync_template,
                                      const payload::StateLocation& location,
                                      s3::ObjectStore& destination,
                                      const util::Deadline& deadline) {
    using Kind = payload::StateLocation::Kind;
    const auto& bucket = sync_template.bucket_name;
    const auto& prefix = sync_template.key_prefix;
    if (auto outside = state::check_outside_sync(location, bucket, prefix); !outside) {
        return util::unexpected(std::move(outside.error()));
    }
    RunStateAccess access;
    switch (location.kind) {
        case Kind::None:
            access.lease = false;
            return access;
        case Kind::Directory: {
            const auto file = state::state_file(location.directory, bucket, prefix);
            access.store = std::make_unique<state::LocalStateStore>(file);
            access.lease_file = file.string() + ".lock";
            return access;
        }
        case Kind::DestinationBucket:
            access.store = std::make_unique<state::S3StateStore>(
                destination, bucket, state::state_key(location, bucket, prefix));
            return access;
        case Kind::S3: {
            s3::ObjectStore* store = &destination;
            if (location.bucket != bucket) {
                auto state_template = sync_template;
                state_template.bucket_name = location.bucket;
                auto client = runtime.object_store(state_template, deadline);
                if (!client) return util::unexpected(std::move(client.error()));
                access.state_bucket = std::move(*client);
                store = access.state_bucket.get();
            }
            access.store = std::make_unique<state::S3StateStore>(
                *store, location.bucket, state::state_key(location, bucket, prefix));
            return access;
        }
    }
    return access;
}

}  // namespace repo2s3::cli
