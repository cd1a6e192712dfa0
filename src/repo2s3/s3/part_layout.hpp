#pragma once
// How a file is cut into the parts of a multipart upload, within S3's limits: parts of 5 MiB to
// 5 GiB (the last one may be smaller), at most 10,000 of them, objects up to 5 TiB.

#include <cstdint>
#include <optional>
#include <string>

#include "repo2s3/util/error.hpp"

namespace repo2s3::s3 {

inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kMinPartSize = 5 * kMiB;
inline constexpr std::uint64_t kMaxPartSize = 5 * 1024 * kMiB;  // 5 GiB
inline constexpr std::uint64_t kMaxParts = 10000;
inline constexpr std::uint64_t kMaxObjectSize = 5 * 1024 * 1024 * kMiB;  // 5 TiB
/// The largest body of a single PutObject.
inline constexpr std::uint64_t kMaxPutObjectSize = kMaxPartSize;

/// --multipart-threshold and --part-size, in bytes.
struct MultipartSettings {
    std::uint64_t threshold = 64 * kMiB;
    std::uint64_t part_size = 16 * kMiB;
};

/// Parts 1..part_count: part n (from 1) starts at (n - 1) * part_size; the last one holds the
/// rest.
struct PartLayout {
    std::uint64_t object_size = 0;
    std::uint64_t part_size = 0;
    std::uint64_t part_count = 0;

    std::uint64_t offset(std::uint64_t part_number) const { return (part_number - 1) * part_size; }
    std::uint64_t size(std::uint64_t part_number) const {
        return part_number < part_count ? part_size : object_size - offset(part_number);
    }
};

/// The parts of a file of `size` bytes, or nothing when it goes up in one PutObject (under the
/// threshold and at most 5 GiB). The part size is settings.part_size, clamped to 5 MiB..5 GiB
/// and grown (to whole MiB) until the upload needs at most 10,000 parts.
/// Errors: ErrorKind::Usage for a file over S3's 5 TiB object limit, naming `what`.
Result<std::optional<PartLayout>> plan_parts(std::uint64_t size, const MultipartSettings& settings,
                                             const std::string& what);

}  // namespace repo2s3::s3
