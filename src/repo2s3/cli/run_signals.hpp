#pragma once
// For commands that end when their work ends (run, lambda): SIGTERM and SIGINT remove the
// temporary directories still alive (downloads, extractions) and end the process at once with
// exit code 128 + the signal. Nothing runs in a signal handler: the signals are blocked in every
// thread and taken by one thread of this object's.

#include <atomic>
#include <thread>

namespace repo2s3::cli {

class RunSignals {
  public:
    /// Blocks SIGTERM and SIGINT in the calling thread (threads started later inherit that) and
    /// starts the thread that takes them. Create it before any other thread starts.
    RunSignals();
    /// Stops taking the signals (they stay blocked) within a few milliseconds.
    ~RunSignals();
    RunSignals(const RunSignals&) = delete;
    RunSignals& operator=(const RunSignals&) = delete;
    RunSignals(RunSignals&&) = delete;
    RunSignals& operator=(RunSignals&&) = delete;

  private:
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace repo2s3::cli
