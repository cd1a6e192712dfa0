#pragma once
// Per-template counters for `watch`, rendered in the Prometheus text exposition format
// (version 0.0.4). Thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace repo2s3::schedule {

/// What one finished run (or a template that could not be read) contributes.
struct RunSample {
    bool ok = false;
    /// Did not run: another run held the destination's lease. Counted apart, in
    /// repo2s3_runs_skipped_total only.
    bool skipped = false;
    std::uint64_t uploaded = 0;
    std::uint64_t deleted = 0;
    double duration_seconds = 0;
    double finished_unix_seconds = 0;  // wall clock, for the last-success gauge
};

/// Upper bounds of the duration histogram's buckets, in seconds (+Inf is implied).
inline constexpr std::array<double, 10> kDurationBuckets{1,  2.5, 5,   10,  30,
                                                         60, 120, 300, 600, 1800};

class Metrics {
  public:
    void record(const std::string& template_name, const RunSample& sample);
    /// One webhook delivery: `result` is "accepted", "rejected", "ignored" or "duplicate".
    void record_delivery(std::string_view result);
    /// A run that a push asked for finished `seconds` after the push was delivered.
    void record_push_to_sync(const std::string& template_name, double seconds);
    /// The exposition text: HELP and TYPE lines, then one series per template, sorted.
    std::string render() const;

  private:
    struct Series {
        std::uint64_t runs = 0;
        std::uint64_t failures = 0;
        std::uint64_t skipped = 0;
        std::uint64_t uploaded = 0;
        std::uint64_t deleted = 0;
        double last_success = 0;  // 0: never
        std::array<std::uint64_t, kDurationBuckets.size()> buckets{};
        double duration_sum = 0;
        std::uint64_t pushed_runs = 0;
        double push_to_sync_sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Series> series_;
    std::map<std::string, std::uint64_t, std::less<>> deliveries_{
        {"accepted", 0}, {"duplicate", 0}, {"ignored", 0}, {"rejected", 0}};
};

/// A label value with backslash, double quote and newline escaped, and bytes that are not
/// UTF-8 replaced (the exposition format is UTF-8).
std::string escape_label_value(const std::string& value);

}  // namespace repo2s3::schedule
