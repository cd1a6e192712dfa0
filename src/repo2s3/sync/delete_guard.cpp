#include "repo2s3/sync/delete_guard.hpp"

#include <cmath>
#include <cstdio>

#include "repo2s3/util/thousands.hpp"

namespace repo2s3::sync {

bool DeleteGuard::tripped() const {
    // deletions / listed > max_percent / 100, in integers.
    return deletions > kGuardMinimumDeletions &&
           deletions * 100 > static_cast<std::size_t>(max_percent) * listed;
}

std::string DeleteGuard::percent_text() const {
    if (listed == 0) return "100%";
    // Rounded up, so that a share just over the limit never reads as the limit itself.
    const double tenths =
        std::ceil(1000.0 * static_cast<double>(deletions) / static_cast<double>(listed));
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%.1f", tenths / 10.0);
    std::string text = buffer;
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text + "%";
}

std::string describe(const DeleteGuard& guard, const std::string& target, bool committed) {
    return "mass-delete guard: the plan deletes " + util::with_thousands(guard.deletions) +
           " of the " + util::with_thousands(guard.listed) + " objects under " + target + " (" +
           guard.percent_text() + "), more than MaxDeletePercent (" +
           std::to_string(guard.max_percent) + "%); " +
           (committed ? "nothing was deleted" : "a committed run would delete nothing") +
           ". If that is intended, run again with --max-delete-percent 100 or set "
           "MaxDeletePercent: 100 in the template";
}

}  // namespace repo2s3::sync
