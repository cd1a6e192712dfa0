#include "repo2s3/sync/progress.hpp"

namespace repo2s3::sync {

void TransferProgress::start(std::uint64_t files, std::uint64_t bytes) {
    files_total_.store(files, std::memory_order_relaxed);
    bytes_total_.store(bytes, std::memory_order_relaxed);
    started_at_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                      std::memory_order_relaxed);
    started_.store(true, std::memory_order_release);
}

TransferProgress::Snapshot TransferProgress::snapshot() const {
    Snapshot snapshot;
    snapshot.finished = finished_.load(std::memory_order_acquire);
    snapshot.started = started_.load(std::memory_order_acquire);
    snapshot.started_at = std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(started_at_.load(std::memory_order_relaxed)));
    snapshot.files_total = files_total_.load(std::memory_order_relaxed);
    snapshot.bytes_total = bytes_total_.load(std::memory_order_relaxed);
    snapshot.files_done = files_done_.load(std::memory_order_relaxed);
    snapshot.bytes_done = bytes_done_.load(std::memory_order_relaxed);
    return snapshot;
}

}  // namespace repo2s3::sync
