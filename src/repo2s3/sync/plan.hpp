#pragma once
// Planning a sync is pure: local files (hashed) × the bucket listing under the key prefix → Plan.
// No I/O happens here, so every rule below is unit-tested with plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "repo2s3/sync/object_headers.hpp"

namespace repo2s3::sync {

/// A source file with its content hash.
struct LocalFile {
    std::string path;        // repo-relative, '/'-separated
    std::string local_path;  // where the bytes are
    std::uint64_t size = 0;
    std::string md5_hex;  // lower-case
    PathHeaders headers;  // what HeaderRules give this path
};

/// An object found under the key prefix.
struct RemoteObject {
    std::string key;   // full key
    std::string path;  // key with the prefix removed
    std::string etag;  // without quotes
    std::uint64_t size = 0;
    /// Content MD5 recorded in the object's metadata, when a HeadObject looked it up.
    std::optional<std::string> recorded_md5;
    /// The digest of the rule headers it carries (x-amz-meta-repo2s3-headers; empty: none),
    /// when a HeadObject or the run state told.
    std::optional<std::string> header_digest;
};

/// What an earlier run recorded about an object: its content MD5 for that ETag and size.
struct KnownObject {
    std::string etag;
    std::uint64_t size = 0;
    std::string md5;
    std::optional<std::string> header_digest;  // unset: the record did not say
};
using KnownObjects = std::unordered_map<std::string, KnownObject>;  // by key

struct PlanOptions {
    bool delete_missing = false;
};

/// An object whose bytes are right but whose rule headers are not: its headers are replaced in
/// place, nothing is uploaded.
struct HeaderUpdate {
    LocalFile file;
    RemoteObject object;
};

struct Plan {
    std::vector<LocalFile> new_files;       // not in the bucket
    std::vector<LocalFile> modified_files;  // in the bucket with other content
    std::vector<RemoteObject>
        deletions;  // in the bucket, not in the source (only with delete_missing)
    std::vector<RemoteObject> extras_kept;     // in the bucket, not in the source, kept
    std::vector<HeaderUpdate> header_updates;  // same bytes, other rule headers
    std::size_t unchanged = 0;
    std::size_t listed = 0;  // objects under the prefix that the plan was made against

    bool empty() const {
        return new_files.empty() && modified_files.empty() && deletions.empty() &&
               header_updates.empty();
    }
};

/// The key for a repo path under `key_prefix` (empty, or ending in '/').
std::string key_for(std::string_view key_prefix, std::string_view path);

/// Maps listed objects to RemoteObjects relative to `key_prefix`. Keys outside the prefix,
/// "folder marker" keys ending in '/' and reserved keys (".repo2s3/...") are dropped: they can
/// never correspond to a file, so they are never compared or deleted.
/// The rule objects_under_prefix applies to one key.
bool is_synced_key(std::string_view key_prefix, std::string_view key);

std::vector<RemoteObject> objects_under_prefix(std::string_view key_prefix,
                                               const std::vector<RemoteObject>& listed);

/// True when only a HeadObject of our metadata can tell what the plan needs: `remote` may hold
/// `local`'s content although its ETag is not the MD5 (multipart uploads, SSE-KMS/SSE-C), or
/// (with `rule_headers`, when the template has HeaderRules) it holds the content but nothing
/// says which rule headers it carries. Same size is required; a different size is a change
/// without asking.
bool needs_metadata_lookup(const LocalFile& local, const RemoteObject& remote, bool rule_headers);

/// True when `remote` holds exactly `local`'s content.
bool same_content(const LocalFile& local, const RemoteObject& remote);

/// Compares every local file with the object at the same path. An object with the file's
/// content but another header digest (unknown counts as none) is a header update. Both inputs may
/// be in any order; the plan lists paths in sorted order.
Plan plan_sync(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote,
               const PlanOptions& options);

}  // namespace repo2s3::sync
