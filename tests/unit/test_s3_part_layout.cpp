#include <gtest/gtest.h>

#include "repo2s3/s3/part_layout.hpp"

namespace repo2s3::s3 {
namespace {

constexpr std::uint64_t kGiB = 1024 * kMiB;
constexpr std::uint64_t kTiB = 1024 * kGiB;

std::optional<PartLayout> layout(std::uint64_t size, MultipartSettings settings = {}) {
    auto planned = plan_parts(size, settings, "big.bin");
    EXPECT_TRUE(planned) << planned.error().message;
    return planned ? *planned : std::nullopt;
}

TEST(PlanParts, UnderTheThresholdIsOnePutObject) {
    EXPECT_FALSE(layout(0));
    EXPECT_FALSE(layout(64 * kMiB - 1));
}

TEST(PlanParts, AtTheThresholdGoesUpInPartsOfThePartSize) {
    const auto parts = layout(64 * kMiB);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->part_size, 16 * kMiB);
    EXPECT_EQ(parts->part_count, 4u);
    EXPECT_EQ(parts->size(4), 16 * kMiB);
}

TEST(PlanParts, TheLastPartHoldsTheRest) {
    const auto parts = layout(70 * kMiB + 3);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->part_count, 5u);
    EXPECT_EQ(parts->offset(5), 64 * kMiB);
    EXPECT_EQ(parts->size(5), 6 * kMiB + 3);
    std::uint64_t total = 0;
    for (std::uint64_t n = 1; n <= parts->part_count; ++n) total += parts->size(n);
    EXPECT_EQ(total, 70 * kMiB + 3);
}

TEST(PlanParts, ThePartSizeGrowsToStayWithinTenThousandParts) {
    const auto parts = layout(200 * kGiB);  // 12,800 parts of 16 MiB
    ASSERT_TRUE(parts);
    EXPECT_LE(parts->part_count, kMaxParts);
    EXPECT_EQ(parts->part_size % kMiB, 0u);
    EXPECT_EQ(parts->part_size, 21 * kMiB);  // 200 GiB / 10,000 = 20.48 MiB, rounded up
    EXPECT_EQ(parts->offset(parts->part_count) + parts->size(parts->part_count), 200 * kGiB);
}

TEST(PlanParts, ExactlyTenThousandPartsNeedsNoGrowth) {
    const auto parts = layout(kMaxParts * 16 * kMiB);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->part_size, 16 * kMiB);
    EXPECT_EQ(parts->part_count, kMaxParts);
}

TEST(PlanParts, FiveTebibytesFitsAndOneByteMoreIsRefused) {
    const auto parts = layout(5 * kTiB);
    ASSERT_TRUE(parts);
    EXPECT_LE(parts->part_count, kMaxParts);
    EXPECT_LE(parts->part_size, kMaxPartSize);

    const auto refused = plan_parts(5 * kTiB + 1, {}, "huge.iso");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Usage);
    EXPECT_NE(refused.error().message.find("huge.iso"), std::string::npos);
    EXPECT_NE(refused.error().message.find("5 TiB"), std::string::npos);
}

TEST(PlanParts, ThePartSizeIsClampedToSThreeLimits) {
    const auto small = layout(64 * kMiB, {.threshold = 64 * kMiB, .part_size = 1});
    ASSERT_TRUE(small);
    EXPECT_EQ(small->part_size, kMinPartSize);
    const auto large = layout(20 * kGiB, {.threshold = 64 * kMiB, .part_size = 100 * kGiB});
    ASSERT_TRUE(large);
    EXPECT_EQ(large->part_size, kMaxPartSize);
    EXPECT_EQ(large->part_count, 4u);
}

TEST(PlanParts, OverFiveGibibytesNeverGoesUpInOnePutObject) {
    const auto parts = layout(6 * kGiB, {.threshold = kTiB, .part_size = 16 * kMiB});
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->part_count, 384u);
}

}  // namespace
}  // namespace repo2s3::s3
