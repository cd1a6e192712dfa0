#include "repo2s3/cli/progress_reporter.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "repo2s3/util/thousands.hpp"

namespace repo2s3::cli {
namespace {

std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

}  // namespace

ProgressStyle progress_style(std::optional<bool> flag, bool stderr_is_terminal) {
    if (flag) return *flag ? ProgressStyle::LiveLine : ProgressStyle::Off;
    return stderr_is_terminal ? ProgressStyle::LiveLine : ProgressStyle::LogLines;
}

std::chrono::milliseconds progress_interval(ProgressStyle style,
                                            const std::optional<std::string>& interval_ms) {
    if (interval_ms) {
        unsigned value = 0;
        const auto* end = interval_ms->data() + interval_ms->size();
        const auto parsed = std::from_chars(interval_ms->data(), end, value);
        if (parsed.ec == std::errc() && parsed.ptr == end && value > 0) {
            return std::chrono::milliseconds(value);
        }
    }
    return style == ProgressStyle::LiveLine ? std::chrono::milliseconds(250)
                                            : std::chrono::milliseconds(std::chrono::seconds(10));
}

std::string format_bytes(double bytes) {
    constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return std::to_string(static_cast<std::uint64_t>(bytes)) + " B";
    std::size_t unit = 0;
    bytes /= 1024;
    while (bytes >= 1024 && unit + 1 < std::size(kUnits)) {
        bytes /= 1024;
        ++unit;
    }
    return one_decimal(bytes) + " " + kUnits[unit];
}

std::string format_eta(std::chrono::seconds eta) {
    const auto total = eta.count();
    char buffer[32];
    if (total < 60) {
        std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(total));
    } else if (total < 3600) {
        std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(total / 60),
                      static_cast<long long>(total % 60));
    } else {
        std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(total / 3600),
                      static_cast<long long>(total % 3600 / 60));
    }
    return buffer;
}

std::string format_progress(const sync::TransferProgress::Snapshot& progress,
                            std::chrono::milliseconds elapsed) {
    const double seconds = static_cast<double>(elapsed.count()) / 1000.0;
    const double rate = seconds > 0 ? static_cast<double>(progress.bytes_done) / seconds : 0.0;
    std::string line = "uploading " + util::with_thousands(progress.files_done) + "/" +
                       util::with_thousands(progress.files_total) + " files, " +
                       format_bytes(static_cast<double>(progress.bytes_done)) + "/" +
                       format_bytes(static_cast<double>(progress.bytes_total)) + ", " +
                       format_bytes(rate) + "/s, ETA ";
    const std::uint64_t left =
        progress.bytes_total > progress.bytes_done ? progress.bytes_total - progress.bytes_done : 0;
    if (left == 0) return line + "0s";
    if (rate <= 0) return line + "-";
    return line + format_eta(std::chrono::seconds(
                      static_cast<std::int64_t>(std::ceil(static_cast<double>(left) / rate))));
}

ProgressReporter::ProgressReporter(const sync::TransferProgress& progress, ProgressStyle style,
                                   std::chrono::milliseconds interval)
    : progress_(progress), style_(style), interval_(interval) {
    if (style_ != ProgressStyle::Off) {
        thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
    }
}

ProgressReporter::~ProgressReporter() {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void ProgressReporter::run(const std::stop_token& stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    bool drawn = false;
    const auto draw = [&](const sync::TransferProgress::Snapshot& snapshot) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - snapshot.started_at);
        const std::string line = format_progress(snapshot, elapsed);
        if (style_ == ProgressStyle::LiveLine) {
            // Redrawn in place: carriage return, the line, then erase what a longer one left.
            std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
            std::fflush(stderr);
            drawn = true;
        } else {
            spdlog::info("{}", line);
        }
    };

    std::unique_lock lock(mutex);
    for (;;) {
        wake.wait_for(lock, stop, interval_, [] { return false; });
        const auto snapshot = progress_.snapshot();
        const bool stopping = stop.stop_requested() || snapshot.finished;
        // Nothing for uploads that end within the first interval.
        const bool running = snapshot.started && !snapshot.finished && !stop.stop_requested();
        if (running && std::chrono::steady_clock::now() - snapshot.started_at >= interval_) {
            draw(snapshot);
        }
        if (stopping) {
            if (drawn) {  // the live line ends with the final count
                draw(snapshot);
                std::fputc('\n', stderr);
                std::fflush(stderr);
            }
            return;
        }
    }
}

}  // namespace repo2s3::cli
