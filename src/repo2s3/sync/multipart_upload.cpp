#include "repo2s3/sync/multipart_upload.hpp"

#include <algorithm>

namespace repo2s3::sync {

MultipartUpload::MultipartUpload(s3::ObjectStore& store, s3::MultipartUploadInput input,
                                 std::string file_path, s3::PartLayout layout)
    : store_(store),
      input_(std::move(input)),
      file_path_(std::move(file_path)),
      layout_(layout),
      parts_left_(layout.part_count) {}

MultipartUpload::PartOutcome MultipartUpload::send_part(std::uint64_t part_number) {
    std::string upload_id;
    {
        // The other parts of this file wait here while the first one creates the upload.
        const std::lock_guard lock(mutex_);
        if (!create_attempted_) {
            create_attempted_ = true;
            auto created = store_.create_multipart_upload(input_);
            if (created) {
                upload_id_ = std::move(*created);
            } else {
                error_ = std::move(created.error());
            }
        }
        if (error_) return {.uploaded = false, .last = --parts_left_ == 0};
        upload_id = *upload_id_;
    }

    auto etag = store_.upload_part({.key = input_.key,
                                    .upload_id = upload_id,
                                    .part_number = part_number,
                                    .file_path = file_path_,
                                    .offset = layout_.offset(part_number),
                                    .size = layout_.size(part_number)});
    const std::lock_guard lock(mutex_);
    const bool uploaded = etag.has_value();
    if (uploaded) {
        parts_.push_back({part_number, std::move(*etag)});
    } else if (!error_) {
        error_ = std::move(etag.error());
    }
    return {.uploaded = uploaded, .last = --parts_left_ == 0};
}

Result<std::string> MultipartUpload::finish() {
    const std::lock_guard lock(mutex_);
    finished_ = true;
    if (error_) {
        if (!upload_id_) return util::unexpected(*error_);
        return util::unexpected(aborted(*error_));
    }
    std::sort(parts_.begin(), parts_.end(),
              [](const auto& a, const auto& b) { return a.part_number < b.part_number; });
    auto etag = store_.complete_multipart_upload(input_.key, *upload_id_, parts_);
    if (!etag) return util::unexpected(aborted(std::move(etag.error())));
    return etag;
}

void MultipartUpload::abandon() {
    const std::lock_guard lock(mutex_);
    if (finished_ || !upload_id_) return;
    finished_ = true;
    (void)store_.abort_multipart_upload(input_.key, *upload_id_);
}

Error MultipartUpload::aborted(Error error) {
    auto abort = store_.abort_multipart_upload(input_.key, *upload_id_);
    if (abort) {
        error.message += "; the multipart upload was aborted";
    } else {
        error.message += "; aborting the multipart upload failed too (" + abort.error().message +
                         "); a bucket lifecycle rule for incomplete uploads removes its parts";
    }
    return error;
}

}  // namespace repo2s3::sync
