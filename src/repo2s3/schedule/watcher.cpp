#include "repo2s3/schedule/watcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/schedule/worker_pool.hpp"

namespace repo2s3::schedule {
namespace {

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

job::RunReport failed_before_run(const std::string& id, Error error) {
    job::RunReport report;
    report.template_name = id;
    report.error = std::move(error);
    return report;
}

Error internal_error(std::string_view what) {
    return {ErrorKind::Internal, "internal error: " + std::string(what)};
}

std::string summary(const job::RunReport& report) {
    const auto& outcome = report.outcome;
    const std::size_t uploaded =
        outcome.committed ? outcome.applied.uploaded.size()
                          : outcome.plan.new_files.size() + outcome.plan.modified_files.size();
    const std::size_t deleted =
        outcome.committed ? outcome.applied.deleted.size() : outcome.plan.deletions.size();
    std::string line = report.ok() ? "ok" : "failed";
    line += outcome.committed ? ", committed" : ", dry run";
    // The same words for both: "dry run" already says that nothing was changed.
    line +=
        ": " + std::to_string(uploaded) + " uploaded, " + std::to_string(deleted) + " deleted, ";
    line += std::to_string(outcome.plan.unchanged) + " unchanged in " +
            std::to_string(report.duration_ms) + " ms";
    if (report.commit_sha) line += " (commit " + report.commit_sha->substr(0, 7) + ")";
    if (report.error) line += ": " + report.error->message;
    return line;
}

}  // namespace

Watcher::Watcher(std::vector<std::unique_ptr<TemplateSource>> sources, RunFn run, Metrics& metrics,
                 WatchSettings settings, UniformRandom random, ReportFn on_report)
    : sources_(std::move(sources)),
      run_(std::move(run)),
      metrics_(metrics),
      settings_(settings),
      on_report_(std::move(on_report)),
      state_(settings.period, settings.jitter_fraction, std::move(random)) {}

void Watcher::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
}

bool Watcher::refresh_sources(std::vector<std::string>& ids, std::vector<TemplateSource*>& owners) {
    bool complete = true;
    for (const auto& source : sources_) {
        auto listed = source->list();
        if (!listed) {
            spdlog::error("{}: cannot list templates: {}", source->describe(),
                          listed.error().message);
            complete = false;
            continue;
        }
        for (auto& id : *listed) {
            ids.push_back(std::move(id));
            owners.push_back(source.get());
        }
    }
    return complete;
}

void Watcher::finish_run(const std::string& id, const job::RunReport& report) {
    const auto& outcome = report.outcome;
    metrics_.record(report.template_name,
                    {.ok = report.ok(),
                     .skipped = report.lease_busy(),
                     .uploaded = outcome.committed ? outcome.applied.uploaded.size() : 0,
                     .deleted = outcome.committed ? outcome.applied.deleted.size() : 0,
                     .duration_seconds = static_cast<double>(report.duration_ms) / 1000.0,
                     .finished_unix_seconds = unix_now()});
    if (report.ok()) {
        spdlog::info("{} ({}): {}", report.template_name, id, summary(report));
    } else if (report.lease_busy()) {
        // Another run is writing this destination: not a failure, and no alert; the next
        // cycle tries again.
        spdlog::warn("{} ({}): skipped this cycle: {}", report.template_name, id,
                     report.error->message);
    } else {
        spdlog::error("{} ({}): {}", report.template_name, id, summary(report));
    }
    if (on_report_) {
        const std::lock_guard lock(report_mutex_);
        try {
            on_report_(id, report);
        } catch (const std::exception& error) {
            spdlog::error("{} ({}): reporting the run failed: {}", report.template_name, id,
                          error.what());
        }
    }
    {
        const std::lock_guard lock(mutex_);
        state_.finish(id, Clock::now());
        if (const auto served = serving_request_.find(id); served != serving_request_.end()) {
            metrics_.record_push_to_sync(
                report.template_name,
                std::chrono::duration<double>(Clock::now() - served->second).count());
            serving_request_.erase(served);
        }
    }
    changed_.notify_all();
}

std::vector<std::string> Watcher::run_matching(
    const std::function<bool(const payload::SyncTemplate&)>& matches) {
    std::vector<std::string> ids;
    std::vector<TemplateSource*> owners;
    const bool complete = refresh_sources(ids, owners);
    std::vector<std::string> matched_ids;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto text = owners[i]->read(ids[i]);
        if (!text) continue;
        auto parsed = payload::parse_template(*text, ids[i]);
        if (!parsed || !matches(*parsed)) continue;
        matched_ids.push_back(ids[i]);
        names.push_back(parsed->template_name);
    }
    {
        const std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        state_.update(ids, now, complete);
        for (const auto& id : matched_ids) {
            if (state_.request_run(id, now)) requested_at_.try_emplace(id, now);
        }
    }
    changed_.notify_all();
    return names;
}

job::RunReport Watcher::read_and_run(const std::string& id, TemplateSource& source) {
    auto text = source.read(id);
    if (!text) return failed_before_run(id, std::move(text.error()));
    auto parsed = payload::parse_template(*text, id);
    if (!parsed) return failed_before_run(id, std::move(parsed.error()));
    const auto started = std::chrono::steady_clock::now();
    auto report = run_(*parsed);
    if (report.duration_ms == 0) {
        report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
    }
    return report;
}

void Watcher::start_run(const std::string& id, TemplateSource& source) {
    // Whatever happens, this template's run ends here and the others keep their schedule.
    job::RunReport report;
    try {
        report = read_and_run(id, source);
    } catch (const std::exception& error) {
        report = failed_before_run(id, internal_error(error.what()));
    } catch (...) {
        report = failed_before_run(id, internal_error("an unknown exception"));
    }
    finish_run(id, report);
}

void Watcher::run() {
    WorkerPool pool(settings_.max_concurrent);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        std::vector<std::string> ids;
        std::vector<TemplateSource*> owners;
        const bool complete = refresh_sources(ids, owners);
        lock.lock();
        if (stopping_) break;

        state_.update(ids, Clock::now(), complete);
        for (const auto& id : state_.take_due(Clock::now())) {
            const auto at = std::find(ids.begin(), ids.end(), id);
            if (at == ids.end()) {  // kept from a source that could not be listed this time
                state_.finish(id, Clock::now());
                continue;
            }
            TemplateSource* source = owners[static_cast<std::size_t>(at - ids.begin())];
            if (const auto request = requested_at_.find(id); request != requested_at_.end()) {
                serving_request_.insert_or_assign(id, request->second);
                requested_at_.erase(request);
            }
            pool.submit([this, id, source] { start_run(id, *source); });
        }
        // Wake for the next due template, or after a period to see new templates.
        auto wake = Clock::now() + settings_.period;
        if (const auto due = state_.next_due(); due && *due < wake) wake = *due;
        changed_.wait_until(lock, wake, [&] {
            if (stopping_) return true;
            const auto due = state_.next_due();
            return due && *due <= Clock::now();
        });
    }
    const std::size_t running = state_.running_count();
    lock.unlock();
    spdlog::info("stopping: no new runs start; waiting for {} run(s) in flight", running);
    const std::size_t dropped = pool.shutdown();
    if (dropped > 0) spdlog::info("{} queued run(s) were not started", dropped);
}

}  // namespace repo2s3::schedule
