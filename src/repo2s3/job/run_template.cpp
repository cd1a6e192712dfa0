#include "repo2s3/job/run_template.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "repo2s3/job/acquire_source.hpp"

namespace repo2s3::job {
namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 since)
        .count();
}

Result<AcquiredSource> acquire(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                               const RunOptions& options, Services& services) {
    if (source.directory) return acquire_directory(sync_template, *source.directory);
    if (source.zip_file) return acquire_zip(sync_template, *source.zip_file, std::nullopt);
    if (services.github == nullptr) return fail(ErrorKind::Internal, "no GitHub source configured");
    return acquire_github(sync_template, *services.github, options.download_limits, source.save_dir);
}

}  // namespace

RunReport run_template(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                       const RunOptions& options, Services& services) {
    const auto started = std::chrono::steady_clock::now();
    RunReport report;
    report.template_name = sync_template.template_name;
    report.bucket = sync_template.bucket_name;
    report.prefix = sync_template.key_prefix;

    auto acquired = acquire(sync_template, source, options, services);
    report.outcome.timings.emplace_back("source", elapsed_ms(started));
    if (!acquired) {
        report.error = std::move(acquired.error());
        report.duration_ms = elapsed_ms(started);
        return report;
    }
    report.files_before_filter = acquired->files_before_filter;
    report.commit_sha = acquired->commit_sha;
    spdlog::info("{}: {} file(s) to compare ({} before filtering)", sync_template.template_name,
                 acquired->files.size(), acquired->files_before_filter);
    if (acquired->files.empty()) {
        report.error = Error{
            ErrorKind::Safety,
            "the source has no files after IncludeRepoPaths/ExcludeRepoPaths filtering (" +
                std::to_string(acquired->files_before_filter) +
                " before filtering); refusing to sync, nothing was changed"};
        report.duration_ms = elapsed_ms(started);
        return report;
    }

    const auto source_timing = report.outcome.timings;
    report.outcome = sync::synchronize({.files = std::move(acquired->files),
                                        .key_prefix = sync_template.key_prefix,
                                        .delete_missing = sync_template.delete_missing_files,
                                        .commit = options.commit,
                                        .parallelism = options.parallelism,
                                        .content_type_for = services.content_type_for},
                                       services.store);
    report.outcome.timings.insert(report.outcome.timings.begin(), source_timing.begin(),
                                  source_timing.end());
    report.error = report.outcome.error;
    report.duration_ms = elapsed_ms(started);
    return report;
}

}  // namespace repo2s3::job
