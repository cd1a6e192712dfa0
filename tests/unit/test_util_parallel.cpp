#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
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

TEST(ParallelFor, AnExceptionInAWorkerReachesTheCallerAndStopsTheRest) {
    for (std::size_t workers : {1u, 4u}) {
        std::atomic<std::size_t> calls{0};
        EXPECT_THROW(parallel_for(10'000, workers,
                                  [&](std::size_t i) {
                                      ++calls;
                                      if (i == 3) throw std::runtime_error("index 3");
                                  }),
                     std::runtime_error);
        EXPECT_LT(calls.load(), 10'000u) << workers;
    }
}

}  // namespace
}  // namespace repo2s3::util
