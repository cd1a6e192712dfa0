#pragma once
// Which templates are due. One entry per template source id; an entry that is running is never
// handed out again until it finishes, so a template never overlaps itself. Each run's next time
// is its finish time plus the period with jitter, or at once when a run was requested (a push).
// Not thread-safe: the caller locks.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace repo2s3::schedule {

using Clock = std::chrono::steady_clock;

/// A uniform random number in [0, 1).
using UniformRandom = std::function<double()>;

/// The delay before a template's next run: `period` moved by up to ±fraction of itself, so
/// that templates that start together drift apart. `fraction` is clamped to [0, 0.5].
std::chrono::milliseconds jittered_period(std::chrono::milliseconds period, double fraction,
                                          double uniform);

/// The delay before a newly seen template's first run: up to `fraction` of the period.
std::chrono::milliseconds initial_delay(std::chrono::milliseconds period, double fraction,
                                        double uniform);

class ScheduleState {
  public:
    ScheduleState(std::chrono::milliseconds period, double jitter_fraction, UniformRandom random);

    /// Makes the known templates exactly `ids`: new ones are scheduled after initial_delay,
    /// missing ones are forgotten unless running (they are dropped when they finish). With
    /// `complete` false (a source could not be listed) nothing is forgotten.
    void update(const std::vector<std::string>& ids, Clock::time_point now, bool complete);

    /// Ids due at `now` that are not running, now marked running, in id order.
    std::vector<std::string> take_due(Clock::time_point now);

    /// Marks the run finished and schedules the next one from `now`, or at `now` when a run was
    /// requested while it ran.
    void finish(const std::string& id, Clock::time_point now);

    /// A run of `id` as soon as possible (a push): due now, or, while it runs, once more right
    /// after. Requests coalesce: however many arrive, at most one run waits. False for an id
    /// not known.
    bool request_run(const std::string& id, Clock::time_point now);

    /// The earliest time a template that is not running becomes due.
    std::optional<Clock::time_point> next_due() const;

    bool running(const std::string& id) const;
    std::size_t running_count() const;
    std::vector<std::string> ids() const;

  private:
    struct Entry {
        Clock::time_point due;
        bool running = false;
        bool forgotten = false;  // vanished from the sources while running
        bool requested = false;  // asked for while running: run again right after
    };
    std::chrono::milliseconds period_;
    double jitter_;
    UniformRandom random_;
    std::map<std::string, Entry> entries_;
};

}  // namespace repo2s3::schedule
