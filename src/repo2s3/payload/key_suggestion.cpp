#include "repo2s3/payload/key_suggestion.hpp"

#include "repo2s3/util/ascii.hpp"
#include "repo2s3/util/edit_distance.hpp"

namespace repo2s3::payload {

std::optional<std::string> near_miss_key(std::string_view unknown,
                                         const std::vector<std::string>& known) {
    const std::string folded = util::ascii_lower(unknown);
    std::optional<std::string> nearest;
    std::size_t nearest_distance = kMaxTypoDistance + 1;
    for (const auto& key : known) {
        const std::size_t distance = util::edit_distance(folded, util::ascii_lower(key));
        if (distance < nearest_distance) {
            nearest = key;
            nearest_distance = distance;
        }
    }
    return nearest;
}

}  // namespace repo2s3::payload
