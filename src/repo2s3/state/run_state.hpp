#pragma once
// What a successful committed run leaves behind for the next run of the same destination: the
// source it synced, the template that shaped the plan, and the listing it left. Encoding is pure
// (JSON, gzip-compressed); where the bytes live is state_store.hpp's business.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::state {

inline constexpr int kStateVersion = 1;

/// An object under the prefix as the run left it. `md5` is its content MD5 when known (the
/// file repo2s3 compared or uploaded), also when the ETag is not an MD5 (multipart, SSE-KMS).
struct RecordedObject {
    std::string key;
    std::string etag;
    std::uint64_t size = 0;
    std::string md5;  // empty when unknown
    /// The digest of the rule headers it carries (sync/object_headers.hpp; empty: none), when
    /// known.
    std::optional<std::string> header_digest;

    bool operator==(const RecordedObject&) const = default;
};

/// A local source file as last hashed: same size and mtime means the same MD5, as git's index
/// assumes.
struct RecordedFile {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string md5;

    bool operator==(const RecordedFile&) const = default;
};

/// A CloudFront invalidation that failed: the next committed run sends its paths again.
struct PendingInvalidation {
    std::string distribution_id;
    std::vector<std::string> paths;
    /// The failed request's CallerReference: sent again alone, it keeps it, so if CloudFront
    /// did create it (only the answer was lost) no second invalidation is made.
    std::string caller_reference;

    bool operator==(const PendingInvalidation&) const = default;
};

struct RunState {
    std::string bucket;
    std::string prefix;
    /// template_digest.hpp: everything in the template that shapes the plan.
    std::string template_digest;
    /// The commit SHA of a GitHub branch, or a fingerprint of a local source.
    std::string source_version;
    /// The ETag of the branch lookup, for If-None-Match.
    std::string branch_etag;
    /// Unix seconds when the bucket listing was last found equal to `objects`.
    std::int64_t checked_at = 0;
    /// How many source files (after filtering) the run compared: what an unchanged run
    /// reports as unchanged. `objects` may also hold objects kept outside the source.
    std::uint64_t source_files = 0;
    std::vector<RecordedObject> objects;  // sorted by key
    std::vector<RecordedFile> files;      // local sources only, sorted by path
    std::optional<PendingInvalidation> pending_invalidation;

    bool operator==(const RunState&) const = default;
};

/// gzip-compressed JSON.
std::string encode_state(const RunState& state);

/// The state in `bytes`, or why it cannot be used (not repo2s3 state, another version,
/// malformed): the caller then runs in full.
Result<RunState> decode_state(std::string_view bytes);

/// The largest state document accepted, compressed and inflated.
inline constexpr std::size_t kMaxStateBytes = 256 * 1024 * 1024;

}  // namespace repo2s3::state
