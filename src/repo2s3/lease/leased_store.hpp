#pragma once
// The store a committed run works through. Its first request takes the destination's lease, so
// the lease is held from just before the run first reads the bucket, and a run that fails
// earlier (download, extraction, an empty source) never touches the bucket at all. Once the
// lease is lost, every write is refused, so the run stops before its next upload and before
// any delete.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "repo2s3/lease/lease.hpp"
#include "repo2s3/s3/object_store.hpp"

namespace repo2s3::lease {

class LeasedStore final : public s3::ObjectStore {
  public:
    using AcquireFn = std::function<Result<std::unique_ptr<Lease>>()>;
    /// `lease_key`: where `acquire` keeps the lease in this store, when it does; listings leave
    /// that key out, so a run never plans to delete its own lease (with an empty KeyPrefix it
    /// lies under the prefix).
    LeasedStore(s3::ObjectStore& inner, AcquireFn acquire, std::string lease_key = {})
        : inner_(inner), acquire_(std::move(acquire)), lease_key_(std::move(lease_key)) {}

    /// The held lease; null before the first request, or when taking it failed.
    const Lease* lease() const;
    /// Gives the lease up, if it was taken. Idempotent.
    Result<void> release();

    // Each request first takes the lease if it is not held yet; a failure to take it (Busy
    // when another run holds it) is the answer to this and every later request. Writes are
    // refused with ErrorKind::Safety once the lease is lost.
    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string& prefix) override;
    Result<s3::ObjectHead> head_object(const std::string& key) override;
    Result<std::string> get_object(const std::string& key, std::uint64_t max_bytes) override;
    Result<s3::ObjectBytes> get_object_with_etag(const std::string& key,
                                                 std::uint64_t max_bytes) override;
    Result<std::string> put_object(const s3::PutObjectInput& input) override;
    s3::DeleteOutcome delete_objects(const std::vector<std::string>& keys) override;
    Result<std::string> create_multipart_upload(const s3::MultipartUploadInput& input) override;
    Result<std::string> upload_part(const s3::UploadPartInput& input) override;
    Result<std::string> upload_part_copy(const s3::UploadPartCopyInput& input) override;
    Result<std::string> replace_headers(const s3::ReplaceHeadersInput& input) override;
    Result<std::string> complete_multipart_upload(
        const std::string& key, const std::string& upload_id,
        const std::vector<s3::CompletedPart>& parts) override;
    Result<void> abort_multipart_upload(const std::string& key,
                                        const std::string& upload_id) override;
    Result<std::string> put_bytes(const std::string& key, const std::string& body,
                                  const std::string& content_type,
                                  const s3::WriteCondition& condition) override;
    Result<void> delete_object(const std::string& key,
                               const std::optional<std::string>& if_match) override;

  private:
    /// Nothing when the lease is held; else the error to answer.
    std::optional<Error> hold();
    /// Nothing when the lease is held and not lost; else the error to answer for `what`.
    std::optional<Error> may_write(const std::string& what);

    s3::ObjectStore& inner_;
    AcquireFn acquire_;
    std::string lease_key_;
    mutable std::mutex mutex_;  // guards lease_, failure_, tried_
    std::unique_ptr<Lease> lease_;
    std::optional<Error> failure_;
    bool tried_ = false;
};

}  // namespace repo2s3::lease
