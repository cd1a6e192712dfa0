#include "repo2s3/s3/part_layout.hpp"

#include <algorithm>

namespace repo2s3::s3 {

Result<std::optional<PartLayout>> plan_parts(std::uint64_t size, const MultipartSettings& settings,
                                             const std::string& what) {
    if (size > kMaxObjectSize) {
        return fail(ErrorKind::Usage, what + " is " + std::to_string(size) +
                                          " bytes, over S3's limit of 5 TiB (" +
                                          std::to_string(kMaxObjectSize) +
                                          " bytes) for one object; exclude it from the sync");
    }
    if (size < settings.threshold && size <= kMaxPutObjectSize) return std::optional<PartLayout>();

    std::uint64_t part_size = std::clamp(settings.part_size, kMinPartSize, kMaxPartSize);
    const std::uint64_t needed = (size + kMaxParts - 1) / kMaxParts;
    if (part_size < needed) part_size = (needed + kMiB - 1) / kMiB * kMiB;
    const std::uint64_t count = size == 0 ? 1 : (size + part_size - 1) / part_size;
    return std::optional<PartLayout>(
        PartLayout{.object_size = size, .part_size = part_size, .part_count = count});
}

}  // namespace repo2s3::s3
