#pragma once
// Wall-clock milliseconds per phase of a run, in the order the phases ran.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace repo2s3::util {

using PhaseTimings = std::vector<std::pair<std::string, std::int64_t>>;

/// Appends one entry per finish(): the time since the previous finish() (or construction).
class PhaseClock {
  public:
    explicit PhaseClock(PhaseTimings& timings) : timings_(timings) {}

    void finish(std::string phase) {
        const auto now = std::chrono::steady_clock::now();
        timings_.emplace_back(
            std::move(phase),
            std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count());
        start_ = now;
    }

  private:
    PhaseTimings& timings_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace repo2s3::util
