#pragma once
// What sync needs from a bucket. S3Bucket implements it over HTTP; unit tests use a fake.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::s3 {

struct ObjectSummary {
    std::string key;   // full key, decoded
    std::string etag;  // without quotes
    std::uint64_t size = 0;
};

struct ObjectHead {
    std::string etag;  // without quotes
    std::uint64_t size = 0;
    std::string content_type;
    std::map<std::string, std::string> metadata;  // x-amz-meta-* names, lower-cased, prefix removed
};

/// Standard headers an object is stored with besides Content-Type; unset ones are not sent.
struct ContentHeaders {
    std::optional<std::string> cache_control;
    std::optional<std::string> content_encoding;
    std::optional<std::string> content_language;
    std::optional<std::string> content_disposition;
    std::optional<std::string> website_redirect_location;  // x-amz-website-redirect-location

    bool operator==(const ContentHeaders&) const = default;
};

struct PutObjectInput {
    std::string key;
    std::string file_path;  // local file whose bytes become the object
    std::uint64_t size = 0;
    std::string md5_hex;  // of the file; sent as Content-MD5 and in metadata
    std::string content_type;
    ContentHeaders headers;
    std::map<std::string, std::string> metadata;  // names without the x-amz-meta- prefix
};

/// A multipart upload's object: the same headers a PutObject sends, but no body.
struct MultipartUploadInput {
    std::string key;
    std::string content_type;
    ContentHeaders headers;
    std::map<std::string, std::string> metadata;  // names without the x-amz-meta- prefix
};

/// An object's headers replaced in place: CopyObject of the object onto itself with
/// `x-amz-metadata-directive: REPLACE`, only while its ETag is still `etag`.
struct ReplaceHeadersInput {
    std::string key;
    std::string etag;  // the object's current ETag, without quotes
    std::string content_type;
    ContentHeaders headers;
    std::map<std::string, std::string> metadata;  // names without the x-amz-meta- prefix
};

/// One part of a multipart upload copied from bytes [offset, offset + size) of an object
/// (UploadPartCopy), only while its ETag is still `source_etag`.
struct UploadPartCopyInput {
    std::string key;
    std::string upload_id;
    std::uint64_t part_number = 0;
    std::string source_key;
    std::string source_etag;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// One part: bytes [offset, offset + size) of a local file.
struct UploadPartInput {
    std::string key;
    std::string upload_id;
    std::uint64_t part_number = 0;  // 1..10,000
    std::string file_path;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

struct CompletedPart {
    std::uint64_t part_number = 0;
    std::string etag;  // as UploadPart answered it, without quotes
};

/// When a conditional write may happen (S3 conditional writes). Empty: unconditionally.
struct WriteCondition {
    bool if_none_match_any = false;       // If-None-Match: * (create only when the key is absent)
    std::optional<std::string> if_match;  // If-Match: the current ETag, without quotes
};

/// A small object's bytes with the ETag they were read at.
struct ObjectBytes {
    std::string body;
    std::string etag;  // without quotes
};

struct DeleteFailure {
    std::string key;
    std::string code;
    std::string message;
};

/// What a delete of many keys did, also when it stopped halfway: the keys known to be deleted
/// (batches that completed, minus the keys they refused), the keys refused one by one, and the
/// error that stopped it, if any (keys of the failed and later batches are in neither list).
struct DeleteOutcome {
    std::vector<std::string> deleted;
    std::vector<DeleteFailure> failures;
    std::optional<Error> error;
};

class ObjectStore {
  public:
    virtual ~ObjectStore() = default;
    ObjectStore() = default;
    ObjectStore(const ObjectStore&) = delete;
    ObjectStore& operator=(const ObjectStore&) = delete;
    ObjectStore(ObjectStore&&) = delete;
    ObjectStore& operator=(ObjectStore&&) = delete;

    /// Every object whose key starts with `prefix`, across all pages.
    virtual Result<std::vector<ObjectSummary>> list_objects(const std::string& prefix) = 0;
    virtual Result<ObjectHead> head_object(const std::string& key) = 0;
    /// The object's bytes. A missing key is ErrorKind::NotFound; a body larger than `max_bytes`
    /// is ErrorKind::Io and is not read further.
    virtual Result<std::string> get_object(const std::string& key, std::uint64_t max_bytes) = 0;
    /// Uploads one object; the store checks the body against md5_hex. Answers the stored
    /// object's ETag (without quotes).
    virtual Result<std::string> put_object(const PutObjectInput& input) = 0;
    /// Deletes the keys in batches of at most 1000, in order, and stops at the first batch that
    /// fails as a whole (transport or request-level error).
    virtual DeleteOutcome delete_objects(const std::vector<std::string>& keys) = 0;

    // --- Multipart upload: create, the parts (in any order, at once), then complete or abort.
    /// Starts an upload; answers its upload id.
    virtual Result<std::string> create_multipart_upload(const MultipartUploadInput& input) = 0;
    /// Uploads one part with Content-MD5 of its bytes; answers the part's ETag.
    virtual Result<std::string> upload_part(const UploadPartInput& input) = 0;
    /// Joins the parts (in part-number order) into the object; answers the object's ETag.
    virtual Result<std::string> complete_multipart_upload(
        const std::string& key, const std::string& upload_id,
        const std::vector<CompletedPart>& parts) = 0;
    /// Copies a range of an existing object as one part; answers the part's ETag.
    virtual Result<std::string> upload_part_copy(const UploadPartCopyInput& input) = 0;
    /// Replaces an object's headers and metadata without sending its bytes (objects up to
    /// 5 GiB: S3's CopyObject limit); answers the object's new ETag. A changed object is
    /// ErrorKind::Precondition.
    virtual Result<std::string> replace_headers(const ReplaceHeadersInput& input) = 0;
    /// Discards an upload and the parts stored so far.
    virtual Result<void> abort_multipart_upload(const std::string& key,
                                                const std::string& upload_id) = 0;
    // Conditional single-object operations, for small records such as the lease. A refused
    // condition is ErrorKind::Precondition (HTTP 412); a concurrent conditional write is
    // ErrorKind::Conflict (HTTP 409 ConditionalRequestConflict), worth another attempt.

    /// Writes `body` as the object `key` when `condition` holds; answers the new ETag. If-Match
    /// on a missing key is ErrorKind::NotFound (S3 answers 404 NoSuchKey).
    virtual Result<std::string> put_bytes(const std::string& key, const std::string& body,
                                          const std::string& content_type,
                                          const WriteCondition& condition) = 0;
    /// The object's bytes and ETag. A missing key is ErrorKind::NotFound; a body larger than
    /// `max_bytes` is ErrorKind::Io.
    virtual Result<ObjectBytes> get_object_with_etag(const std::string& key,
                                                     std::uint64_t max_bytes) = 0;
    /// Deletes one object, only while its ETag is `if_match` when given. Deleting a missing
    /// key succeeds (as in S3) unless `if_match` is given.
    virtual Result<void> delete_object(const std::string& key,
                                       const std::optional<std::string>& if_match) = 0;
};

}  // namespace repo2s3::s3
