#pragma once
// The mass-delete guard. A filter mistake, a wrong KeyPrefix or a broken source can make a plan
// that deletes most of a bucket; users of sync tools have lost buckets that way. A committed run
// whose plan deletes more than MaxDeletePercent of the objects under the prefix (and more than a
// handful of them) deletes nothing, uploads as planned, and fails so that someone looks.

#include <cstddef>
#include <string>

namespace repo2s3::sync {

/// Deleting this many objects or fewer never trips the guard, whatever the share.
inline constexpr std::size_t kGuardMinimumDeletions = 10;

struct DeleteGuard {
    std::size_t deletions = 0;   // what the plan deletes
    std::size_t listed = 0;      // objects under the prefix when the plan was made
    unsigned max_percent = 100;  // MaxDeletePercent; 100 never trips

    /// More than kGuardMinimumDeletions deletions, and more than max_percent of `listed`.
    bool tripped() const;
    /// deletions as a share of listed, rounded up to a tenth: "80%", "50.1%".
    std::string percent_text() const;
};

/// One line for the report, the log and the alert, e.g. "mass-delete guard: the plan deletes
/// 1,200 of the 1,500 objects under s3://b/site/ (80%), more than MaxDeletePercent (50%);
/// nothing was deleted. If that is intended, run again with --max-delete-percent 100 or set
/// MaxDeletePercent: 100 in the template". `committed` says whether it happened or would.
std::string describe(const DeleteGuard& guard, const std::string& target, bool committed);

}  // namespace repo2s3::sync
