#pragma once
// The `watch` loop: re-reads the template sources, starts every due template on a small
// worker pool (at most max_concurrent at once, never the same template twice at once), records
// metrics and reports each run. A template that cannot be read or parsed, or whose run throws,
// counts as that template's failed run; the others carry on. stop() (from any thread) starts
// nothing new; run() then waits for the runs in flight and returns.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "repo2s3/job/run_template.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/schedule/metrics.hpp"
#include "repo2s3/schedule/schedule_state.hpp"
#include "repo2s3/schedule/template_sources.hpp"

namespace repo2s3::schedule {

struct WatchSettings {
    std::chrono::milliseconds period{std::chrono::minutes(5)};
    double jitter_fraction = 0.1;  // see jittered_period
    std::size_t max_concurrent = 2;
};

/// Runs one parsed template (the CLI wires job::run_template with the runtime's services).
using RunFn = std::function<job::RunReport(const payload::SyncTemplate&)>;
/// Called after every run, from the worker thread that ran it, one call at a time.
using ReportFn = std::function<void(const std::string& source_id, const job::RunReport&)>;

class Watcher {
  public:
    Watcher(std::vector<std::unique_ptr<TemplateSource>> sources, RunFn run, Metrics& metrics,
            WatchSettings settings, UniformRandom random, ReportFn on_report = {});

    /// Blocks until stop() and until the runs in flight have finished.
    void run();
    /// Thread-safe and idempotent.
    void stop();

    /// For a push: reads every template afresh and runs each that `matches` as soon as possible
    /// (at most one waiting run per template; a run in flight gets one more after it). Answers
    /// the matched TemplateNames. A template that cannot be read or parsed is skipped here; its
    /// scheduled run reports it. Thread-safe.
    std::vector<std::string> run_matching(
        const std::function<bool(const payload::SyncTemplate&)>& matches);

  private:
    bool refresh_sources(std::vector<std::string>& ids, std::vector<TemplateSource*>& owners);
    void start_run(const std::string& id, TemplateSource& source);
    job::RunReport read_and_run(const std::string& id, TemplateSource& source);
    void finish_run(const std::string& id, const job::RunReport& report);

    std::vector<std::unique_ptr<TemplateSource>> sources_;
    RunFn run_;
    Metrics& metrics_;
    WatchSettings settings_;
    ReportFn on_report_;

    std::mutex mutex_;  // guards state_, stopping_
    std::condition_variable changed_;
    ScheduleState state_;
    bool stopping_ = false;
    /// When a push first asked for each template's next run (cleared when that run starts),
    /// and the request each running run serves: for repo2s3_push_to_sync_seconds.
    std::map<std::string, Clock::time_point> requested_at_;
    std::map<std::string, Clock::time_point> serving_request_;
    std::mutex report_mutex_;
};

}  // namespace repo2s3::schedule
