#include "repo2s3/schedule/metrics.hpp"

#include <cmath>
#include <cstdio>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::schedule {
namespace {

std::string number(double value) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n";
    out += std::string("# TYPE ") + name + " " + type + "\n";
}

std::string label(const std::string& template_name) {
    return "template=\"" + escape_label_value(template_name) + "\"";
}

}  // namespace

std::string escape_label_value(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : util::sanitize_utf8(value)) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

void Metrics::record(const std::string& template_name, const RunSample& sample) {
    const std::lock_guard lock(mutex_);
    Series& series = series_[template_name];
    if (sample.skipped) {
        ++series.skipped;
        return;
    }
    ++series.runs;
    if (!sample.ok) ++series.failures;
    series.uploaded += sample.uploaded;
    series.deleted += sample.deleted;
    if (sample.ok) series.last_success = sample.finished_unix_seconds;
    for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
        if (sample.duration_seconds <= kDurationBuckets[i]) ++series.buckets[i];
    }
    series.duration_sum += sample.duration_seconds;
}

void Metrics::record_delivery(std::string_view result) {
    const std::lock_guard lock(mutex_);
    const auto found = deliveries_.find(result);
    if (found != deliveries_.end()) ++found->second;
}

void Metrics::record_push_to_sync(const std::string& template_name, double seconds) {
    const std::lock_guard lock(mutex_);
    Series& series = series_[template_name];
    ++series.pushed_runs;
    series.push_to_sync_sum += seconds;
}

std::string Metrics::render() const {
    const std::lock_guard lock(mutex_);
    std::string out;
    const auto counter = [&](const char* name, const char* help, auto field) {
        header(out, name, "counter", help);
        for (const auto& [name_, series] : series_) {
            out += std::string(name) + "{" + label(name_) + "} " + std::to_string(series.*field) +
                   "\n";
        }
    };
    counter("repo2s3_runs_total", "Runs started per template, failed ones included.",
            &Series::runs);
    counter("repo2s3_run_failures_total",
            "Runs that failed per template, an unreadable or invalid template included.",
            &Series::failures);
    counter("repo2s3_runs_skipped_total",
            "Cycles skipped per template because another run held the destination's lease.",
            &Series::skipped);
    counter("repo2s3_objects_uploaded_total", "Objects uploaded per template.", &Series::uploaded);
    counter("repo2s3_objects_deleted_total", "Objects deleted per template.", &Series::deleted);

    header(out, "repo2s3_last_success_timestamp_seconds", "gauge",
           "Unix time of the template's last successful run (0: none yet).");
    for (const auto& [name, series] : series_) {
        out += "repo2s3_last_success_timestamp_seconds{" + label(name) + "} " +
               number(series.last_success) + "\n";
    }

    header(out, "repo2s3_run_duration_seconds", "histogram", "Duration of each run.");
    for (const auto& [name, series] : series_) {
        for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
            out += "repo2s3_run_duration_seconds_bucket{" + label(name) + ",le=\"" +
                   number(kDurationBuckets[i]) + "\"} " + std::to_string(series.buckets[i]) + "\n";
        }
        out += "repo2s3_run_duration_seconds_bucket{" + label(name) + ",le=\"+Inf\"} " +
               std::to_string(series.runs) + "\n";
        out += "repo2s3_run_duration_seconds_sum{" + label(name) + "} " +
               number(series.duration_sum) + "\n";
        out += "repo2s3_run_duration_seconds_count{" + label(name) + "} " +
               std::to_string(series.runs) + "\n";
    }

    header(out, "repo2s3_webhook_deliveries_total", "counter",
           "GitHub webhook deliveries by result: accepted, rejected, ignored, duplicate.");
    for (const auto& [result, count] : deliveries_) {
        out += "repo2s3_webhook_deliveries_total{result=\"" + result + "\"} " +
               std::to_string(count) + "\n";
    }
    header(out, "repo2s3_push_to_sync_seconds", "summary",
           "Time from a push's delivery to the end of the run it asked for.");
    for (const auto& [name, series] : series_) {
        if (series.pushed_runs == 0) continue;
        out += "repo2s3_push_to_sync_seconds_sum{" + label(name) + "} " +
               number(series.push_to_sync_sum) + "\n";
        out += "repo2s3_push_to_sync_seconds_count{" + label(name) + "} " +
               std::to_string(series.pushed_runs) + "\n";
    }
    return out;
}

}  // namespace repo2s3::schedule
