#pragma once
// Runs fn(i) for every i in [0, count) on up to `workers` threads. Each index runs at most once;
// fn must be safe to call concurrently for different indices. Returns when all calls are done.
// An exception from fn stops the handing out of further indices; once the calls in flight have
// returned, the first exception is rethrown on the calling thread (never in a worker thread,
// where it would end the process).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace repo2s3::util {

template <class Fn>
void parallel_for(std::size_t count, std::size_t workers, Fn&& fn) {
    workers = std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(count, 1));
    if (workers == 1) {
        for (std::size_t i = 0; i < count; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    const auto drain = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                fn(i);
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = count;
            }
        }
    };
    {
        std::vector<std::jthread> threads;
        threads.reserve(workers - 1);
        for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(drain);
        drain();
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace repo2s3::util
