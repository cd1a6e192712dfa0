#pragma once
// Telling a misspelled template key from a key of another Starfleet worker. Unknown keys are
// accepted, because Starfleet's templates carry keys that other workers read; but one that is
// almost a key of ours is a typo whose default may widen a sync ("Keyprefix: site/" would sync
// to the bucket root), so the parser refuses it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace repo2s3::payload {

/// Keys further than this from every known key are another worker's.
inline constexpr std::size_t kMaxTypoDistance = 2;

/// The known key that `unknown` most likely misspells: the one equal to it ignoring case, else
/// the nearest within kMaxTypoDistance edits ignoring case (the first of equally near ones).
/// Nothing when no known key is that close.
std::optional<std::string> near_miss_key(std::string_view unknown,
                                         const std::vector<std::string>& known);

}  // namespace repo2s3::payload
