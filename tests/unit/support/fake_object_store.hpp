#pragma once
// An in-memory ObjectStore for sync tests: objects by key, scripted failures, a call log.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "repo2s3/s3/object_store.hpp"

namespace repo2s3::testing {

struct FakeObject {
    std::string etag;
    std::uint64_t size = 0;
    std::map<std::string, std::string> metadata;
    std::string content_type;
    std::string body;  // what GetObject returns
    s3::ContentHeaders headers;
};

class FakeObjectStore : public s3::ObjectStore {
  public:
    std::map<std::string, FakeObject> objects;
    std::set<std::string> failing_puts;     // keys whose PutObject fails
    std::set<std::string> refused_deletes;  // keys DeleteObjects reports as per-key errors
    bool fail_listing = false;
    /// DeleteObjects stops with an error after this many keys (as a failed later batch does).
    std::optional<std::size_t> fail_deletes_after;
    /// The next this-many conditional writes (put_bytes with a condition) answer
    /// ErrorKind::Conflict, as S3's 409 ConditionalRequestConflict does.
    int conflicts_to_answer = 0;
    /// Called before each put_bytes, unlocked: a test can change the store in between.
    std::function<void(const std::string& key)> before_put_bytes;

    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string& prefix) override;
    Result<s3::ObjectHead> head_object(const std::string& key) override;
    Result<std::string> get_object(const std::string& key, std::uint64_t max_bytes) override;
    Result<std::string> put_object(const s3::PutObjectInput& input) override;
    s3::DeleteOutcome delete_objects(const std::vector<std::string>& keys) override;
    /// S3's conditional semantics: If-None-Match: * fails when the key exists, If-Match when
    /// the ETag differs (ErrorKind::Precondition) or the key is missing (NotFound, as S3's
    /// 404 NoSuchKey). ETags count up.
    Result<std::string> put_bytes(const std::string& key, const std::string& body,
                                  const std::string& content_type,
                                  const s3::WriteCondition& condition) override;
    Result<s3::ObjectBytes> get_object_with_etag(const std::string& key,
                                                 std::uint64_t max_bytes) override;
    Result<void> delete_object(const std::string& key,
                               const std::optional<std::string>& if_match) override;

    // --- Multipart upload: parts kept per upload id until completed or aborted.
    struct FakeUpload {
        s3::MultipartUploadInput input;
        std::map<std::uint64_t, std::uint64_t> part_sizes;  // part number → bytes
    };
    std::map<std::string, FakeUpload> uploads;  // in progress, by upload id
    std::set<std::uint64_t> failing_parts;      // part numbers whose UploadPart fails
    bool fail_create_multipart = false;
    bool fail_complete_multipart = false;

    Result<std::string> create_multipart_upload(const s3::MultipartUploadInput& input) override;
    Result<std::string> upload_part(const s3::UploadPartInput& input) override;
    /// Copies need the source's ETag to match, as x-amz-copy-source-if-match does.
    Result<std::string> upload_part_copy(const s3::UploadPartCopyInput& input) override;
    /// Keeps the ETag when the object was not a multipart upload (as S3 does for a copy of a
    /// single-part object); a changed ETag is ErrorKind::Precondition.
    Result<std::string> replace_headers(const s3::ReplaceHeadersInput& input) override;
    Result<std::string> complete_multipart_upload(
        const std::string& key, const std::string& upload_id,
        const std::vector<s3::CompletedPart>& parts) override;
    Result<void> abort_multipart_upload(const std::string& key,
                                        const std::string& upload_id) override;

    int list_calls() const { return count("list"); }
    int head_calls() const { return count("head"); }
    int get_calls() const { return count("get"); }
    int put_calls() const { return count("put"); }
    int delete_calls() const { return count("delete"); }
    int create_multipart_calls() const { return count("create_multipart"); }
    int part_calls() const { return count("part"); }
    int complete_multipart_calls() const { return count("complete_multipart"); }
    int abort_multipart_calls() const { return count("abort_multipart"); }
    int part_copy_calls() const { return count("part_copy"); }
    int replace_headers_calls() const { return count("replace_headers"); }
    /// Replaces one object under the store's lock: for a test thread racing the code under test.
    void set_object(const std::string& key, FakeObject object);

    int put_bytes_calls() const { return count("put_bytes"); }
    int delete_object_calls() const { return count("delete_object"); }

  private:
    int count(const std::string& operation) const;
    mutable std::mutex mutex_;
    std::vector<std::string> calls_;
    int next_upload_ = 0;
    std::uint64_t next_etag_ = 1;
};

}  // namespace repo2s3::testing
