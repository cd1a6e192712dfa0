#pragma once
// How far a run's uploads have got: totals from the plan, and what is done so far, counted by
// the threads that upload and read by one that shows it. Lock-free; every member is an atomic.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace repo2s3::sync {

class TransferProgress {
  public:
    struct Snapshot {
        std::uint64_t files_done = 0;
        std::uint64_t files_total = 0;
        std::uint64_t bytes_done = 0;
        std::uint64_t bytes_total = 0;
        bool started = false;   // the uploads have begun
        bool finished = false;  // and have all ended (uploaded or failed)
        std::chrono::steady_clock::time_point started_at;  // when start() was called
    };

    /// The uploads begin: `files` files of `bytes` bytes in all.
    void start(std::uint64_t files, std::uint64_t bytes);
    /// Bytes that reached the store (a whole file, or one part of a multipart upload).
    void add_bytes(std::uint64_t bytes) { bytes_done_.fetch_add(bytes, std::memory_order_relaxed); }
    /// A file that is completely stored.
    void add_file() { files_done_.fetch_add(1, std::memory_order_relaxed); }
    void finish() { finished_.store(true, std::memory_order_release); }

    Snapshot snapshot() const;

  private:
    std::atomic<std::uint64_t> files_done_{0};
    std::atomic<std::uint64_t> files_total_{0};
    std::atomic<std::uint64_t> bytes_done_{0};
    std::atomic<std::uint64_t> bytes_total_{0};
    std::atomic<std::chrono::steady_clock::rep> started_at_{0};
    std::atomic<bool> started_{false};
    std::atomic<bool> finished_{false};
};

}  // namespace repo2s3::sync
