#pragma once
// ObjectStore over S3's REST API: SigV4-signed requests through an http::Client, with retries.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/s3/object_store.hpp"

namespace repo2s3::s3 {

/// Where a bucket is and how to address it.
struct S3Location {
    std::string bucket;
    std::string region;  // the signing region
    /// scheme://host[:port], e.g. https://s3.us-east-1.amazonaws.com or http://127.0.0.1:9000
    std::string endpoint;
    /// Path-style (endpoint/bucket/key) rather than virtual-hosted (bucket.host/key).
    /// Virtual-hosted addressing falls back to path-style when it cannot work: a bucket name
    /// with a dot (it would not match the TLS wildcard certificate) or an IP-address endpoint.
    bool path_style = false;
};

struct S3Options {
    /// Further attempts after a retryable failure (network error, timeout, HTTP 500/502/503/
    /// 504, SlowDown, InternalError, RequestTimeout); each one is signed afresh.
    int retries = 3;
    /// Per request, except PutObject: an upload runs as long as it moves (see upload_speed).
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};
    /// A PutObject slower than this for the whole window has stalled and fails (then retries).
    http::MinimumSpeed upload_speed{.bytes_per_second = 1024, .window = std::chrono::seconds(30)};
    /// The run's time budget: no request starts, and no retry waits, past it.
    util::Deadline deadline;
    /// Backoff before retry n (from 0) is a random delay between half and all of
    /// min(retry_max_delay, retry_base_delay * 2^n). SlowDown (and HTTP 503) starts four
    /// times higher: S3 is asking for less traffic, not reporting a fault.
    std::chrono::milliseconds retry_base_delay{std::chrono::milliseconds(200)};
    std::chrono::milliseconds retry_max_delay{std::chrono::seconds(5)};
    std::chrono::milliseconds slow_down_max_delay{std::chrono::seconds(20)};
    /// Signing time; system_clock::now when empty.
    std::function<std::chrono::system_clock::time_point()> clock;
    /// How to wait between attempts; std::this_thread::sleep_for when empty.
    std::function<void(std::chrono::milliseconds)> sleep;
};

/// One bucket. Thread-safe: any number of threads may call it at once, provided the
/// http::Client is (credentials are fetched under a lock).
class S3Bucket final : public ObjectStore {
  public:
    S3Bucket(http::Client& client, std::shared_ptr<aws::CredentialsProvider> credentials,
             S3Location location, S3Options options = {});

    /// ListObjectsV2 with encoding-type=url, following continuation tokens.
    Result<std::vector<ObjectSummary>> list_objects(const std::string& prefix) override;
    /// HeadObject. A missing key is ErrorKind::NotFound.
    Result<ObjectHead> head_object(const std::string& key) override;
    /// GetObject, the body streamed into memory and cut off past `max_bytes`.
    Result<std::string> get_object(const std::string& key, std::uint64_t max_bytes) override;
    /// PutObject streamed from the file, with Content-MD5, x-amz-content-sha256 (both computed
    /// from the file in one read), Content-Type, x-amz-acl: bucket-owner-full-control and
    /// x-amz-meta-* headers. Errors with ErrorKind::Io when the file's MD5 is no longer
    /// input.md5_hex (the file changed after it was planned), and with ErrorKind::Usage for a
    /// metadata name or value that cannot travel in an HTTP header.
    Result<std::string> put_object(const PutObjectInput& input) override;
    /// Quiet DeleteObjects in batches of 1000, each with Content-MD5. Keys that XML cannot
    /// carry (control characters) come back as failures with code "UnrepresentableKey".
    DeleteOutcome delete_objects(const std::vector<std::string>& keys) override;

    // --- Multipart upload.
    /// CreateMultipartUpload with the headers put_object sends (Content-Type, ACL, metadata).
    Result<std::string> create_multipart_upload(const MultipartUploadInput& input) override;
    /// UploadPart streamed from the file's byte range, with Content-MD5 and
    /// x-amz-content-sha256 of that range (one read); stalls fail as PutObject's do.
    Result<std::string> upload_part(const UploadPartInput& input) override;
    Result<std::string> upload_part_copy(const UploadPartCopyInput& input) override;
    Result<std::string> replace_headers(const ReplaceHeadersInput& input) override;
    /// CompleteMultipartUpload; an HTTP 200 that carries an <Error> document is an error.
    Result<std::string> complete_multipart_upload(const std::string& key,
                                                  const std::string& upload_id,
                                                  const std::vector<CompletedPart>& parts) override;
    /// AbortMultipartUpload; an upload that is already gone (NoSuchUpload) counts as aborted.
    Result<void> abort_multipart_upload(const std::string& key,
                                        const std::string& upload_id) override;
    /// PutObject of a small body with Content-MD5, x-amz-acl, x-amz-meta-repo2s3-md5 (as every
    /// upload), and If-None-Match / If-Match from `condition` (signed, as S3 requires).
    Result<std::string> put_bytes(const std::string& key, const std::string& body,
                                  const std::string& content_type,
                                  const WriteCondition& condition) override;
    /// GetObject answering the ETag header with the body.
    Result<ObjectBytes> get_object_with_etag(const std::string& key,
                                             std::uint64_t max_bytes) override;
    /// DeleteObject, with If-Match when given.
    Result<void> delete_object(const std::string& key,
                               const std::optional<std::string>& if_match) override;

    /// The URL of the bucket itself, ending in '/' (query strings are appended to it).
    std::string bucket_url() const;
    /// The URL of an object: the key percent-encoded with '/' kept.
    std::string object_url(std::string_view key) const;
    /// x-amz-copy-source for an object of this bucket.
    std::string copy_source(std::string_view key) const;
    /// The object's URL with ?uploadId=.
    std::string upload_url(std::string_view key, std::string_view upload_id) const;

  private:
    struct Call;
    /// Sends a copy `call` of `source_key` (only while its ETag is `source_etag`) and reads the
    /// new ETag from the `result_root` document.
    Result<std::string> copy(Call& call, std::string_view source_key, std::string_view source_etag,
                             std::string_view result_root);
    Result<http::Response> execute(const Call& call);
    /// Sends call.body_file (its range, when set) as an upload whose raw digests are given;
    /// answers the ETag S3 gave it (else the MD5 in hex).
    Result<std::string> send_file_body(Call& call, const std::string& md5,
                                       const std::string& sha256);
    Result<aws::Credentials> current_credentials();
    std::chrono::milliseconds backoff(int retry, bool slow_down);
    /// Waits before retry `retry`; false when the wait would pass the deadline.
    bool wait_before_retry(int retry, bool slow_down);

    http::Client& client_;
    std::shared_ptr<aws::CredentialsProvider> credentials_;
    std::mutex credentials_mutex_;
    S3Location location_;
    S3Options options_;
    std::string bucket_url_;
};

}  // namespace repo2s3::s3
