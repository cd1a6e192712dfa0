#pragma once
// One file's multipart upload, shared by the workers that send its parts: the first part to
// run creates the upload, each part goes up on its own, and whoever finishes the last part
// completes it, or aborts it when anything failed (so no incomplete upload is left behind to
// be billed).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/s3/part_layout.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::sync {

class MultipartUpload {
  public:
    MultipartUpload(s3::ObjectStore& store, s3::MultipartUploadInput input, std::string file_path,
                    s3::PartLayout layout);

    const s3::PartLayout& layout() const { return layout_; }

    struct PartOutcome {
        bool uploaded = false;  // this part is stored
        bool last = false;      // every part has now run: call finish()
    };
    /// Sends part `part_number` (1..part_count), creating the upload first when no part has yet.
    /// Once anything has failed, the remaining parts are skipped (not sent). Thread-safe.
    PartOutcome send_part(std::uint64_t part_number);

    /// After the last part: CompleteMultipartUpload, answering the object's ETag; or, after a
    /// failure (of any part, or of the completion), AbortMultipartUpload and the first error.
    Result<std::string> finish();

    /// Aborts an upload that was created and never finished (the parts stopped early).
    void abandon();

  private:
    Error aborted(Error error);

    s3::ObjectStore& store_;
    s3::MultipartUploadInput input_;
    std::string file_path_;
    s3::PartLayout layout_;

    std::mutex mutex_;
    bool create_attempted_ = false;
    bool finished_ = false;
    std::optional<std::string> upload_id_;
    std::optional<Error> error_;
    std::vector<s3::CompletedPart> parts_;
    std::uint64_t parts_left_ = 0;
};

}  // namespace repo2s3::sync
