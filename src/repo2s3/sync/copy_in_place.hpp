#pragma once
// An object's headers replaced without sending its bytes again: CopyObject onto itself with
// the new headers, or, above S3's 5 GiB CopyObject limit, a multipart upload whose parts are
// copied from the object itself (UploadPartCopy). Either way the copy only happens while the
// object still has the ETag the plan saw.

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/s3/part_layout.hpp"
#include "repo2s3/sync/plan.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::sync {

/// Answers the object's new ETag. `replacement` holds the key and the headers it gets.
Result<std::string> replace_headers_in_place(s3::ObjectStore& store, const RemoteObject& object,
                                             const s3::MultipartUploadInput& replacement,
                                             const s3::MultipartSettings& settings);

}  // namespace repo2s3::sync
