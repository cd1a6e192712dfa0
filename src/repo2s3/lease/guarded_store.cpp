#include "repo2s3/lease/guarded_store.hpp"

namespace repo2s3::lease {

Error GuardedStore::lost_error(const std::string& what) const {
    return {ErrorKind::Safety, "the lease " + lease_.where() + " was lost (" +
                                   lease_.lost_reason() + "); refusing " + what +
                                   ": this run changes nothing more"};
}

Result<std::string> GuardedStore::put_object(const s3::PutObjectInput& input) {
    if (lease_.lost()) return util::unexpected(lost_error("to upload " + input.key));
    return inner_.put_object(input);
}

s3::DeleteOutcome GuardedStore::delete_objects(const std::vector<std::string>& keys) {
    if (lease_.lost()) {
        return {.error = lost_error("to delete " + std::to_string(keys.size()) + " object(s)")};
    }
    return inner_.delete_objects(keys);
}

Result<std::string> GuardedStore::put_bytes(const std::string& key, const std::string& body,
                                            const std::string& content_type,
                                            const s3::WriteCondition& condition) {
    if (lease_.lost()) return util::unexpected(lost_error("to write " + key));
    return inner_.put_bytes(key, body, content_type, condition);
}

Result<void> GuardedStore::delete_object(const std::string& key,
                                         const std::optional<std::string>& if_match) {
    if (lease_.lost()) return util::unexpected(lost_error("to delete " + key));
    return inner_.delete_object(key, if_match);
}

}  // namespace repo2s3::lease
