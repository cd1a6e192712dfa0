#pragma once
// A run's time budget: a point on the steady clock after which nothing new starts and nothing
// waits. Passed down by value to whatever sends requests or sleeps; "none" never ends.

#include <algorithm>
#include <chrono>
#include <optional>

namespace repo2s3::util {

class Deadline {
  public:
    using Clock = std::chrono::steady_clock;

    /// A budget that never ends.
    Deadline() = default;
    explicit Deadline(Clock::time_point at) : at_(at) {}
    static Deadline after(Clock::duration budget) { return Deadline(Clock::now() + budget); }
    /// The sooner of the two.
    static Deadline earliest(const Deadline& a, const Deadline& b) {
        if (!a.at_) return b;
        if (!b.at_) return a;
        return Deadline(std::min(*a.at_, *b.at_));
    }

    bool bounded() const { return at_.has_value(); }
    const std::optional<Clock::time_point>& at() const { return at_; }
    /// What is left (zero once passed); max() when unbounded.
    std::chrono::milliseconds remaining(Clock::time_point now = Clock::now()) const {
        if (!at_) return std::chrono::milliseconds::max();
        return std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(*at_ - now));
    }
    bool expired(Clock::time_point now = Clock::now()) const { return at_ && *at_ <= now; }
    /// `timeout`, shortened to what is left.
    std::chrono::milliseconds cap(std::chrono::milliseconds timeout,
                                  Clock::time_point now = Clock::now()) const {
        return std::min(timeout, remaining(now));
    }

  private:
    std::optional<Clock::time_point> at_;
};

}  // namespace repo2s3::util
