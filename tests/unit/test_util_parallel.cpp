#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "repo2s3/util/parallel.hpp"

namespace repo2s3::util {
namespace {

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
    for (std::size_t workers : {1u, 2u, 8u}) {
        std::vector<std::atomic<int>> hits(1000);
        parallel_for(hits.size(), workers, [&](std::size_t i) { ++hits[i]; });
        for (const auto& hit : hits) ASSERT_EQ(hit.load(), 1);
    }
}

TEST(ParallelFor, ZeroItemsIsANoOp) {
    int calls = 0;
    parallel_for(0, 4, [&](std::size_t) { ++calls; });
    EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace repo2s3::util
