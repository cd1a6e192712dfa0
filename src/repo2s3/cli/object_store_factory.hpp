#pragma once
// The composition root for S3: HTTP client, credential chain, endpoint and signer, wired into
// an ObjectStore for one bucket.

#include <memory>

#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::cli {

Result<std::unique_ptr<s3::ObjectStore>> make_object_store(const payload::SyncTemplate& sync_template);

}  // namespace repo2s3::cli
