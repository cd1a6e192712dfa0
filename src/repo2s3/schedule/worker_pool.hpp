#pragma once
// A fixed set of threads running queued tasks in order. shutdown() drops the tasks not yet
// started and waits for the running ones, so nothing is interrupted half-way.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace repo2s3::schedule {

class WorkerPool {
  public:
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    WorkerPool(WorkerPool&&) = delete;
    WorkerPool& operator=(WorkerPool&&) = delete;

    /// Queues a task; false (and the task is dropped) after shutdown().
    bool submit(std::function<void()> task);
    /// Drops queued tasks, waits for running ones and joins the threads. Returns how many queued
    /// tasks were dropped. Idempotent.
    std::size_t shutdown();

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace repo2s3::schedule
