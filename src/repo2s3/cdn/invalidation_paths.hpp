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

/// A CallerReference (at most 128 characters). The same destination, source version, paths
/// and `changes` give the same reference, so a run retried after it sent its invalidation does
/// not create a second one. `changes` says what each changed object went from and to (such as
/// "key ETag-before ETag-after"), so that a later run that changes the same keys again, even
/// back to bytes an earlier run wrote, gets a new invalidation.
std::string caller_reference(std::string_view destination, std::string_view source_version,
                             const std::vector<std::string>& paths,
                             const std::vector<std::string>& changes);

}  // namespace repo2s3::cdn
