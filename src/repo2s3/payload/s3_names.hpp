#pragma once
// Checks on the S3 side of a template. Each returns nullopt when the value is acceptable, else
// the problem as a sentence fragment that the caller prefixes with the file and key.

#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::payload {

/// BucketName: S3's naming rules (3-63 characters of a-z, 0-9, '.' and '-', starting and
/// ending with a letter or digit, no "..", not an IPv4 address). Buckets created in us-east-1
/// before March 2018 may have legacy names (up to 255 characters, also A-Z and '_'), so those
/// are accepted when `region` is us-east-1.
std::optional<std::string> s3_bucket_name_problem(std::string_view bucket, std::string_view region);

/// KeyPrefix: must not start with '/' (S3 keys have no leading slash; "/docs/" would create
/// keys whose first path segment is empty), must be UTF-8 without control characters, and
/// leave room for file names under S3's 1024-byte key limit, and not lie under the reserved
/// prefix.
std::optional<std::string> s3_key_prefix_problem(std::string_view prefix);

/// Keys under ".repo2s3/" hold repo2s3's own run state and lease: a sync never lists, plans,
/// uploads or deletes them, whatever its KeyPrefix.
inline constexpr std::string_view kReservedKeyPrefix = ".repo2s3/";
bool is_reserved_key(std::string_view key);

/// "docs" → "docs/"; "" and "docs/" unchanged. A prefix without the slash would also select
/// neighbours such as "docs-old/..." when listing, comparing and deleting.
std::string normalize_key_prefix(std::string prefix);

}  // namespace repo2s3::payload
