#pragma once
// Executes a Plan against an object store: uploads first, deletes last, and no deletes at all
// once any upload failed, so a half-failed run never removes what it could not replace.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/s3/part_layout.hpp"
#include "repo2s3/sync/plan.hpp"
#include "repo2s3/sync/progress.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/phase_timings.hpp"

namespace repo2s3::sync {

/// Metadata entry (x-amz-meta-repo2s3-md5) that records an object's content MD5, so objects
/// whose ETag is not an MD5 (multipart, SSE-KMS, SSE-C) are still recognised as unchanged.
inline constexpr std::string_view kContentMd5Metadata = "repo2s3-md5";

using ContentTypeFn = std::function<std::string(std::string_view path)>;

/// S3 requests in flight per run (--parallel). Measured in bench/ (README, --parallel-sweep): with
/// 30 ms added to every request, 16 uploads a 3,000-file tree 13 % faster than 8, and more does
/// not help further; on loopback it costs nothing.
inline constexpr std::size_t kDefaultParallelism = 16;

struct ApplyOptions {
    std::string key_prefix;
    std::size_t parallelism = kDefaultParallelism;
    ContentTypeFn content_type_for;
    /// Upload only: the planned deletions stay (the mass-delete guard tripped).
    bool withhold_deletes = false;
    /// Files at or over the threshold (or over 5 GiB) go up in parts. Parts and whole files
    /// share the `parallelism` requests in flight.
    s3::MultipartSettings multipart;
    /// Counts files and bytes as they are stored, when set.
    TransferProgress* progress = nullptr;
};

struct PathFailure {
    std::string path;
    Error error;
};

struct ApplyResult {
    std::vector<std::string> uploaded;                  // paths, sorted
    std::map<std::string, std::string> uploaded_etags;  // path → ETag of the stored object
    std::uint64_t bytes_uploaded = 0;
    /// Paths, sorted: objects whose headers were replaced in place (no bytes sent).
    std::vector<std::string> headers_updated;
    std::map<std::string, std::string> updated_etags;  // path → ETag after the update
    /// Paths, sorted: every object known to be gone, also when deleting stopped halfway.
    std::vector<std::string> deleted;
    std::vector<PathFailure> upload_failures;  // uploads and header updates
    std::vector<s3::DeleteFailure> delete_failures;
    /// Deletions were planned but none was attempted: an upload failed, or the caller withheld
    /// them.
    bool deletes_skipped = false;
    /// Set when anything failed; names the first failure and how many there were.
    std::optional<Error> error;
    util::PhaseTimings timings;  // "upload", then "delete"
};

ApplyResult apply_plan(const Plan& plan, s3::ObjectStore& store, const ApplyOptions& options);

}  // namespace repo2s3::sync
