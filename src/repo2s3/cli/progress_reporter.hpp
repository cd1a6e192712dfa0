#pragma once
// Shows a run's upload progress on stderr while it runs (stdout stays the plan or the JSON):
// on a terminal a live line redrawn in place; otherwise an info log line now and then, and
// none at all for a run that is over sooner.

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "repo2s3/sync/progress.hpp"

namespace repo2s3::cli {

enum class ProgressStyle { Off, LiveLine, LogLines };

/// --progress / --no-progress when given, else a live line on a terminal and log lines
/// elsewhere.
ProgressStyle progress_style(std::optional<bool> flag, bool stderr_is_terminal);

/// How often the display is refreshed: REPO2S3_PROGRESS_INTERVAL_MS when set (for tests, so a
/// short run shows a line), else 250 ms for a live line and 10 s between log lines.
std::chrono::milliseconds progress_interval(ProgressStyle style,
                                            const std::optional<std::string>& interval_ms);

/// "uploading 120/3,000 files, 45.1 MiB/310.0 MiB, 12.3 MiB/s, ETA 21s": the rate is the bytes
/// done over `elapsed` (the time since the uploads began); "ETA -" until it is known.
std::string format_progress(const sync::TransferProgress::Snapshot& progress,
                            std::chrono::milliseconds elapsed);

/// 512 B, 1.5 KiB, 45.1 MiB, 2.0 GiB, 1.3 TiB.
std::string format_bytes(double bytes);
/// 21s, 3m05s, 2h07m.
std::string format_eta(std::chrono::seconds eta);

/// A thread that shows `progress` in `style` every `interval` while uploads run, from
/// construction until destruction (which ends a live line with its final state).
class ProgressReporter {
  public:
    ProgressReporter(const sync::TransferProgress& progress, ProgressStyle style,
                     std::chrono::milliseconds interval);
    ~ProgressReporter();
    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;
    ProgressReporter(ProgressReporter&&) = delete;
    ProgressReporter& operator=(ProgressReporter&&) = delete;

  private:
    void run(const std::stop_token& stop);

    const sync::TransferProgress& progress_;
    ProgressStyle style_;
    std::chrono::milliseconds interval_;
    std::jthread thread_;
};

}  // namespace repo2s3::cli
