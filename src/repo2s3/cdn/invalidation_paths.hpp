#pragma once
// Which CloudFront paths a run invalidates, pure: the URL path of each key it changed (with the
// distribution's origin path removed and percent-encoded as CloudFront requires), the folder
// paths an index.html is served at, and one wildcard instead of too many paths.

#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/payload/header_rules.hpp"

namespace repo2s3::cdn {

/// "/" + `key` without the origin path's folder (`origin_path` "/site" removes "site/"),
/// percent-encoded: bytes outside printable ASCII, and the characters CloudFront asks to
/// encode (space " # % < > [ \ ] ^ ` { | } ~), plus * and ? so that a key never reads as a
/// wildcard or a query.
std::string url_path(std::string_view key, std::string_view origin_path);

/// The paths to invalidate for the keys a run changed, with `pending` paths (of an earlier
/// invalidation that failed): each key's URL path, and for a key ending in "index.html" also
/// its folder with and without the trailing slash ("/" for the root). Sorted and unique. More
/// than `settings.wildcard_threshold` of them become one wildcard: the URL path of
/// `key_prefix` followed by "*".
std::vector<std::string> invalidation_paths(const std::vector<std::string>& changed_keys,
                                            const payload::CloudFrontSettings& settings,
                                            std::string_view key_prefix,
                                            const std::vector<std::string>& pending = {});

/// A CallerReference (at most 128 characters): the same destination, source version and paths
/// give the same reference, so a retried request does not create a second invalidation.
std::string caller_reference(std::string_view destination, std::string_view source_version,
                             const std::vector<std::string>& paths);

}  // namespace repo2s3::cdn
