#include "repo2s3/cli/object_store_factory.hpp"

namespace repo2s3::cli {

Result<std::unique_ptr<s3::ObjectStore>> make_object_store(const payload::SyncTemplate& sync_template) {
    return fail(ErrorKind::Internal, "no S3 client is built in yet for bucket " + sync_template.bucket_name);
}

}  // namespace repo2s3::cli
