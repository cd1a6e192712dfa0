#include <gtest/gtest.h>

#include "repo2s3/cli/progress_reporter.hpp"

namespace repo2s3::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::uint64_t kMiB = 1024 * 1024;

sync::TransferProgress::Snapshot snapshot(std::uint64_t files_done, std::uint64_t files_total,
                                          std::uint64_t bytes_done, std::uint64_t bytes_total) {
    sync::TransferProgress::Snapshot result;
    result.files_done = files_done;
    result.files_total = files_total;
    result.bytes_done = bytes_done;
    result.bytes_total = bytes_total;
    result.started = true;
    return result;
}

TEST(FormatProgress, FilesBytesRateAndEta) {
    // 45.1 MiB in 3.667 s is 12.3 MiB/s; 264.9 MiB left take 21.5 s, shown rounded up.
    const auto line =
        format_progress(snapshot(120, 3000, static_cast<std::uint64_t>(45.1 * kMiB), 310 * kMiB),
                        milliseconds(3667));
    EXPECT_EQ(line, "uploading 120/3,000 files, 45.1 MiB/310.0 MiB, 12.3 MiB/s, ETA 22s");
}

TEST(FormatProgress, NoRateYetMeansNoEta) {
    EXPECT_EQ(format_progress(snapshot(0, 2, 0, 2048), milliseconds(0)),
              "uploading 0/2 files, 0 B/2.0 KiB, 0 B/s, ETA -");
}

TEST(FormatProgress, EverythingSentIsEtaZero) {
    EXPECT_EQ(format_progress(snapshot(1, 2, 2048, 2048), seconds(2)),
              "uploading 1/2 files, 2.0 KiB/2.0 KiB, 1.0 KiB/s, ETA 0s");
}

TEST(FormatBytes, PicksTheLargestUnitUnder1024) {
    EXPECT_EQ(format_bytes(512), "512 B");
    EXPECT_EQ(format_bytes(1536), "1.5 KiB");
    EXPECT_EQ(format_bytes(2.0 * 1024 * kMiB), "2.0 GiB");
    EXPECT_EQ(format_bytes(5.0 * 1024 * 1024 * kMiB), "5.0 TiB");
}

TEST(FormatEta, SecondsMinutesHours) {
    EXPECT_EQ(format_eta(seconds(21)), "21s");
    EXPECT_EQ(format_eta(seconds(185)), "3m05s");
    EXPECT_EQ(format_eta(seconds(2 * 3600 + 7 * 60 + 9)), "2h07m");
}

TEST(ProgressStyle, FlagsOverrideTheTerminal) {
    EXPECT_EQ(progress_style(std::nullopt, true), ProgressStyle::LiveLine);
    EXPECT_EQ(progress_style(std::nullopt, false), ProgressStyle::LogLines);
    EXPECT_EQ(progress_style(true, false), ProgressStyle::LiveLine);
    EXPECT_EQ(progress_style(false, true), ProgressStyle::Off);
}

TEST(ProgressInterval, TenSecondsBetweenLogLinesUnlessTheTestVariableSaysOtherwise) {
    EXPECT_EQ(progress_interval(ProgressStyle::LogLines, std::nullopt), seconds(10));
    EXPECT_EQ(progress_interval(ProgressStyle::LiveLine, std::nullopt), milliseconds(250));
    EXPECT_EQ(progress_interval(ProgressStyle::LogLines, "50"), milliseconds(50));
    EXPECT_EQ(progress_interval(ProgressStyle::LogLines, "fast"), seconds(10));
}

TEST(TransferProgress, CountsFromManyThreadsAndKeepsTheTotals) {
    sync::TransferProgress progress;
    EXPECT_FALSE(progress.snapshot().started);
    progress.start(3, 300);
    progress.add_bytes(100);
    progress.add_file();
    const auto counted = progress.snapshot();
    EXPECT_TRUE(counted.started);
    EXPECT_FALSE(counted.finished);
    EXPECT_EQ(counted.files_done, 1u);
    EXPECT_EQ(counted.bytes_done, 100u);
    EXPECT_EQ(counted.files_total, 3u);
    EXPECT_EQ(counted.bytes_total, 300u);
    progress.finish();
    EXPECT_TRUE(progress.snapshot().finished);
}

}  // namespace
}  // namespace repo2s3::cli
