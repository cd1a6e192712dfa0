#include "repo2s3/schedule/schedule_state.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace repo2s3::schedule {

std::chrono::milliseconds jittered_period(std::chrono::milliseconds period, double fraction,
                                          double uniform) {
    fraction = std::clamp(fraction, 0.0, 0.5);
    uniform = std::clamp(uniform, 0.0, 1.0);
    const double base = static_cast<double>(period.count());
    const double offset = base * fraction * (2.0 * uniform - 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(base + offset)));
}

std::chrono::milliseconds initial_delay(std::chrono::milliseconds period, double fraction,
                                        double uniform) {
    fraction = std::clamp(fraction, 0.0, 0.5);
    uniform = std::clamp(uniform, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(
        std::llround(static_cast<double>(period.count()) * fraction * uniform)));
}

ScheduleState::ScheduleState(std::chrono::milliseconds period, double jitter_fraction,
                             UniformRandom random)
    : period_(period), jitter_(jitter_fraction), random_(std::move(random)) {}

void ScheduleState::update(const std::vector<std::string>& ids, Clock::time_point now,
                           bool complete) {
    const std::set<std::string> wanted(ids.begin(), ids.end());
    for (const auto& id : wanted) {
        auto [entry, inserted] = entries_.try_emplace(id);
        if (inserted) entry->second.due = now + initial_delay(period_, jitter_, random_());
        entry->second.forgotten = false;
    }
    if (!complete) return;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (wanted.contains(it->first)) {
            ++it;
        } else if (it->second.running) {
            it->second.forgotten = true;
            ++it;
        } else {
            it = entries_.erase(it);
        }
    }
}

std::vector<std::string> ScheduleState::take_due(Clock::time_point now) {
    std::vector<std::string> due;
    for (auto& [id, entry] : entries_) {
        if (!entry.running && !entry.forgotten && entry.due <= now) {
            entry.running = true;
            due.push_back(id);
        }
    }
    return due;
}

void ScheduleState::finish(const std::string& id, Clock::time_point now) {
    const auto found = entries_.find(id);
    if (found == entries_.end()) return;
    if (found->second.forgotten) {
        entries_.erase(found);
        return;
    }
    found->second.running = false;
    found->second.due =
        found->second.requested ? now : now + jittered_period(period_, jitter_, random_());
    found->second.requested = false;
}

bool ScheduleState::request_run(const std::string& id, Clock::time_point now) {
    const auto found = entries_.find(id);
    if (found == entries_.end() || found->second.forgotten) return false;
    if (found->second.running) {
        found->second.requested = true;
    } else {
        found->second.due = std::min(found->second.due, now);
    }
    return true;
}

std::optional<Clock::time_point> ScheduleState::next_due() const {
    std::optional<Clock::time_point> earliest;
    for (const auto& [id, entry] : entries_) {
        if (entry.running || entry.forgotten) continue;
        if (!earliest || entry.due < *earliest) earliest = entry.due;
    }
    return earliest;
}

bool ScheduleState::running(const std::string& id) const {
    const auto found = entries_.find(id);
    return found != entries_.end() && found->second.running;
}

std::size_t ScheduleState::running_count() const {
    return static_cast<std::size_t>(std::count_if(
        entries_.begin(), entries_.end(), [](const auto& item) { return item.second.running; }));
}

std::vector<std::string> ScheduleState::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, entry] : entries_) out.push_back(id);
    return out;
}

}  // namespace repo2s3::schedule
