#include "support/fake_object_store.hpp"

#include <algorithm>

namespace repo2s3::testing {

Result<std::vector<s3::ObjectSummary>> FakeObjectStore::list_objects(const std::string& prefix) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("list");
    if (fail_listing) return fail(ErrorKind::S3, "S3 ListObjectsV2: InternalError (500)");
    std::vector<s3::ObjectSummary> result;
    for (const auto& [key, object] : objects) {
        if (key.starts_with(prefix)) result.push_back({key, object.etag, object.size});
    }
    return result;
}

Result<s3::ObjectHead> FakeObjectStore::head_object(const std::string& key) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("head");
    const auto found = objects.find(key);
    if (found == objects.end()) return fail(ErrorKind::NotFound, "no such key " + key);
    return s3::ObjectHead{found->second.etag, found->second.size, found->second.content_type,
                          found->second.metadata};
}

Result<std::string> FakeObjectStore::get_object(const std::string& key, std::uint64_t max_bytes) {
    auto object = get_object_with_etag(key, max_bytes);
    if (!object) return util::unexpected(std::move(object.error()));
    return std::move(object->body);
}

Result<std::string> FakeObjectStore::put_object(const s3::PutObjectInput& input) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("put");
    if (failing_puts.contains(input.key)) {
        return fail(ErrorKind::S3, "S3 PutObject " + input.key + ": InternalError (500)");
    }
    objects[input.key] = FakeObject{input.md5_hex,      input.size, input.metadata,
                                    input.content_type, "",         input.headers};
    return input.md5_hex;
}

s3::DeleteOutcome FakeObjectStore::delete_objects(const std::vector<std::string>& keys) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("delete");
    s3::DeleteOutcome outcome;
    std::size_t attempted = 0;
    for (const auto& key : keys) {
        if (fail_deletes_after && attempted == *fail_deletes_after) {
            outcome.error = Error{ErrorKind::S3, "S3 DeleteObjects: InternalError (500)"};
            return outcome;
        }
        ++attempted;
        if (refused_deletes.contains(key)) {
            outcome.failures.push_back({key, "AccessDenied", "Access Denied"});
        } else {
            objects.erase(key);
            outcome.deleted.push_back(key);
        }
    }
    return outcome;
}

Result<std::string> FakeObjectStore::create_multipart_upload(
    const s3::MultipartUploadInput& input) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("create_multipart");
    if (fail_create_multipart) {
        return fail(ErrorKind::S3,
                    "S3 CreateMultipartUpload " + input.key + ": AccessDenied (403)");
    }
    const std::string upload_id = "upload-" + std::to_string(++next_upload_);
    uploads[upload_id] = FakeUpload{input, {}};
    return upload_id;
}

Result<std::string> FakeObjectStore::upload_part(const s3::UploadPartInput& input) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("part");
    const auto upload = uploads.find(input.upload_id);
    if (upload == uploads.end())
        return fail(ErrorKind::NotFound, "NoSuchUpload " + input.upload_id);
    if (failing_parts.contains(input.part_number)) {
        return fail(ErrorKind::S3, "S3 UploadPart " + input.key + " (part " +
                                       std::to_string(input.part_number) +
                                       "): InternalError (500)");
    }
    upload->second.part_sizes[input.part_number] = input.size;
    return "part-etag-" + std::to_string(input.part_number);
}

Result<std::string> FakeObjectStore::upload_part_copy(const s3::UploadPartCopyInput& input) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("part_copy");
    const auto upload = uploads.find(input.upload_id);
    if (upload == uploads.end())
        return fail(ErrorKind::NotFound, "NoSuchUpload " + input.upload_id);
    const auto source = objects.find(input.source_key);
    if (source == objects.end())
        return fail(ErrorKind::NotFound, "no such key " + input.source_key);
    if (source->second.etag != input.source_etag ||
        input.offset + input.size > source->second.size) {
        return fail(ErrorKind::Precondition,
                    "S3 UploadPartCopy " + input.key + ": PreconditionFailed");
    }
    upload->second.part_sizes[input.part_number] = input.size;
    return "part-etag-" + std::to_string(input.part_number);
}

Result<std::string> FakeObjectStore::replace_headers(const s3::ReplaceHeadersInput& input) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("replace_headers");
    const auto found = objects.find(input.key);
    if (found == objects.end()) return fail(ErrorKind::NotFound, "no such key " + input.key);
    if (found->second.etag != input.etag) {
        return fail(ErrorKind::Precondition, "S3 CopyObject " + input.key + ": PreconditionFailed");
    }
    found->second.content_type = input.content_type;
    found->second.headers = input.headers;
    found->second.metadata = input.metadata;
    return found->second.etag;
}

Result<std::string> FakeObjectStore::complete_multipart_upload(
    const std::string& key, const std::string& upload_id,
    const std::vector<s3::CompletedPart>& parts) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("complete_multipart");
    const auto upload = uploads.find(upload_id);
    if (upload == uploads.end()) return fail(ErrorKind::NotFound, "NoSuchUpload " + upload_id);
    if (fail_complete_multipart) {
        return fail(ErrorKind::S3, "S3 CompleteMultipartUpload " + key + ": InternalError (500)");
    }
    std::uint64_t size = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto stored = upload->second.part_sizes.find(parts[i].part_number);
        if (parts[i].part_number != i + 1 || stored == upload->second.part_sizes.end() ||
            parts[i].etag != "part-etag-" + std::to_string(parts[i].part_number)) {
            return fail(ErrorKind::S3, "S3 CompleteMultipartUpload " + key + ": InvalidPart");
        }
        size += stored->second;
    }
    const auto& input = upload->second.input;
    // Like S3's: not an MD5, and it names the number of parts.
    const std::string etag = "multipart-" + std::to_string(parts.size());
    objects[key] = FakeObject{etag, size, input.metadata, input.content_type, "", input.headers};
    uploads.erase(upload);
    return etag;
}

Result<void> FakeObjectStore::abort_multipart_upload(const std::string& /*key*/,
                                                     const std::string& upload_id) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("abort_multipart");
    uploads.erase(upload_id);
    return {};
}

Result<std::string> FakeObjectStore::put_bytes(const std::string& key, const std::string& body,
                                               const std::string& content_type,
                                               const s3::WriteCondition& condition) {
    if (before_put_bytes) before_put_bytes(key);
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("put_bytes");
    const bool conditional = condition.if_none_match_any || condition.if_match;
    if (conditional && conflicts_to_answer > 0) {
        --conflicts_to_answer;
        return fail(ErrorKind::Conflict,
                    "S3 PutObject " + key + ": ConditionalRequestConflict (HTTP 409)");
    }
    const auto found = objects.find(key);
    if (condition.if_none_match_any && found != objects.end()) {
        return fail(ErrorKind::Precondition,
                    "S3 PutObject " + key + ": PreconditionFailed (HTTP 412)");
    }
    if (condition.if_match && found == objects.end()) {
        return fail(ErrorKind::NotFound, "S3 PutObject " + key + ": NoSuchKey (HTTP 404)");
    }
    if (condition.if_match && found->second.etag != *condition.if_match) {
        return fail(ErrorKind::Precondition,
                    "S3 PutObject " + key + ": PreconditionFailed (HTTP 412)");
    }
    const std::string etag = "etag-" + std::to_string(next_etag_++);
    objects[key] = FakeObject{etag, body.size(), {}, content_type, body};
    return etag;
}

Result<s3::ObjectBytes> FakeObjectStore::get_object_with_etag(const std::string& key,
                                                              std::uint64_t max_bytes) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("get");
    const auto found = objects.find(key);
    if (found == objects.end()) return fail(ErrorKind::NotFound, "no such key " + key);
    if (found->second.body.size() > max_bytes) {
        return fail(ErrorKind::Io, "S3 GetObject " + key + ": the object is larger than " +
                                       std::to_string(max_bytes) + " bytes");
    }
    return s3::ObjectBytes{found->second.body, found->second.etag};
}

Result<void> FakeObjectStore::delete_object(const std::string& key,
                                            const std::optional<std::string>& if_match) {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("delete_object");
    const auto found = objects.find(key);
    if (if_match && found == objects.end()) {
        return fail(ErrorKind::NotFound, "S3 DeleteObject " + key + ": NoSuchKey (HTTP 404)");
    }
    if (if_match && found->second.etag != *if_match) {
        return fail(ErrorKind::Precondition,
                    "S3 DeleteObject " + key + ": PreconditionFailed (HTTP 412)");
    }
    if (found != objects.end()) objects.erase(found);
    return {};
}

void FakeObjectStore::set_object(const std::string& key, FakeObject object) {
    const std::lock_guard lock(mutex_);
    objects[key] = std::move(object);
}

int FakeObjectStore::count(const std::string& operation) const {
    const std::lock_guard lock(mutex_);
    return static_cast<int>(std::count(calls_.begin(), calls_.end(), operation));
}

}  // namespace repo2s3::testing
