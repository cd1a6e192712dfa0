#include "repo2s3/lease/leased_store.hpp"

namespace repo2s3::lease {

const Lease* LeasedStore::lease() const {
    const std::lock_guard lock(mutex_);
    return lease_.get();
}

Result<void> LeasedStore::release() {
    const std::lock_guard lock(mutex_);
    if (!lease_) return {};
    return lease_->release();
}

std::optional<Error> LeasedStore::hold() {
    const std::lock_guard lock(mutex_);
    if (!tried_) {
        tried_ = true;
        auto taken = acquire_();
        if (taken) {
            lease_ = std::move(*taken);
        } else {
            failure_ = std::move(taken.error());
        }
    }
    return failure_;
}

std::optional<Error> LeasedStore::may_write(const std::string& what) {
    if (auto failure = hold()) return failure;
    const std::lock_guard lock(mutex_);
    if (!lease_->lost()) return std::nullopt;
    return Error{ErrorKind::Safety, "the lease " + lease_->where() + " was lost (" +
                                        lease_->lost_reason() + "); refusing " + what +
                                        ": this run changes nothing more"};
}

Result<std::vector<s3::ObjectSummary>> LeasedStore::list_objects(const std::string& prefix) {
    if (auto failure = hold()) return util::unexpected(std::move(*failure));
    auto listed = inner_.list_objects(prefix);
    if (listed && !lease_key_.empty()) {
        std::erase_if(*listed,
                      [&](const s3::ObjectSummary& object) { return object.key == lease_key_; });
    }
    return listed;
}

Result<s3::ObjectHead> LeasedStore::head_object(const std::string& key) {
    if (auto failure = hold()) return util::unexpected(std::move(*failure));
    return inner_.head_object(key);
}

Result<std::string> LeasedStore::get_object(const std::string& key, std::uint64_t max_bytes) {
    if (auto failure = hold()) return util::unexpected(std::move(*failure));
    return inner_.get_object(key, max_bytes);
}

Result<s3::ObjectBytes> LeasedStore::get_object_with_etag(const std::string& key,
                                                          std::uint64_t max_bytes) {
    if (auto failure = hold()) return util::unexpected(std::move(*failure));
    return inner_.get_object_with_etag(key, max_bytes);
}

Result<std::string> LeasedStore::put_object(const s3::PutObjectInput& input) {
    if (auto refused = may_write("to upload " + input.key)) {
        return util::unexpected(std::move(*refused));
    }
    return inner_.put_object(input);
}

Result<std::string> LeasedStore::create_multipart_upload(const s3::MultipartUploadInput& input) {
    if (auto refused = may_write("to upload " + input.key)) {
        return util::unexpected(std::move(*refused));
    }
    return inner_.create_multipart_upload(input);
}

Result<std::string> LeasedStore::upload_part(const s3::UploadPartInput& input) {
    if (auto refused = may_write("to upload " + input.key)) {
        return util::unexpected(std::move(*refused));
    }
    return inner_.upload_part(input);
}

Result<std::string> LeasedStore::upload_part_copy(const s3::UploadPartCopyInput& input) {
    if (auto refused = may_write("to copy into " + input.key)) {
        return util::unexpected(std::move(*refused));
    }
    return inner_.upload_part_copy(input);
}

Result<std::string> LeasedStore::replace_headers(const s3::ReplaceHeadersInput& input) {
    if (auto refused = may_write("to update the headers of " + input.key)) {
        return util::unexpected(std::move(*refused));
    }
    return inner_.replace_headers(input);
}

Result<std::string> LeasedStore::complete_multipart_upload(
    const std::string& key, const std::string& upload_id,
    const std::vector<s3::CompletedPart>& parts) {
    if (auto refused = may_write("to upload " + key)) return util::unexpected(std::move(*refused));
    return inner_.complete_multipart_upload(key, upload_id, parts);
}

Result<void> LeasedStore::abort_multipart_upload(const std::string& key,
                                                 const std::string& upload_id) {
    return inner_.abort_multipart_upload(key, upload_id);  // cleaning up is always allowed
}

s3::DeleteOutcome LeasedStore::delete_objects(const std::vector<std::string>& keys) {
    if (auto refused = may_write("to delete " + std::to_string(keys.size()) + " object(s)")) {
        return {.error = std::move(*refused)};
    }
    return inner_.delete_objects(keys);
}

Result<std::string> LeasedStore::put_bytes(const std::string& key, const std::string& body,
                                           const std::string& content_type,
                                           const s3::WriteCondition& condition) {
    if (auto refused = may_write("to write " + key)) return util::unexpected(std::move(*refused));
    return inner_.put_bytes(key, body, content_type, condition);
}

Result<void> LeasedStore::delete_object(const std::string& key,
                                        const std::optional<std::string>& if_match) {
    if (auto refused = may_write("to delete " + key)) return util::unexpected(std::move(*refused));
    return inner_.delete_object(key, if_match);
}

}  // namespace repo2s3::lease
