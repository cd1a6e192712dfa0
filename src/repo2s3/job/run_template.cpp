#include "repo2s3/job/run_template.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_set>

#include "repo2s3/job/acquire_source.hpp"
#include "repo2s3/lease/leased_store.hpp"
#include "repo2s3/lease/s3_lease.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::job {
namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 since)
        .count();
}

Result<AcquiredSource> acquire(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                               const RunOptions& options, Services& services,
                               util::PhaseTimings& timings) {
    if (source.directory) return acquire_directory(sync_template, *source.directory, &timings);
    if (source.zip_file)
        return acquire_zip(sync_template, *source.zip_file, std::nullopt, &timings);
    if (services.github == nullptr) return fail(ErrorKind::Internal, "no GitHub source configured");
    return acquire_github(sync_template, *services.github,
                          {.limits = options.download_limits,
                           .save_dir = source.save_dir,
                           .deadline = options.deadline},
                          &timings);
}

std::string describe_source(const payload::SyncTemplate& sync_template, const SourceSpec& source) {
    if (source.directory) return "directory " + *source.directory;
    if (source.zip_file) return "zip " + *source.zip_file;
    return sync_template.organization + "/" + sync_template.repository + "@" +
           sync_template.branch_name;
}

std::vector<std::string> paths_of(const std::vector<sync::LocalFile>& files) {
    std::vector<std::string> paths;
    paths.reserve(files.size());
    for (const auto& file : files) paths.push_back(file.path);
    return paths;
}

std::vector<std::string> paths_of(const std::vector<sync::RemoteObject>& objects) {
    std::vector<std::string> paths;
    paths.reserve(objects.size());
    for (const auto& object : objects) paths.push_back(object.path);
    return paths;
}

std::vector<std::string> only_uploaded(const std::vector<sync::LocalFile>& planned,
                                       const std::unordered_set<std::string>& uploaded) {
    std::vector<std::string> paths;
    for (const auto& file : planned) {
        if (uploaded.contains(file.path)) paths.push_back(file.path);
    }
    return paths;
}

Error unexpected_failure(std::string_view what) {
    return {ErrorKind::Internal,
            "internal error: " + util::sanitize_utf8(what) + "; the run stopped there"};
}

/// Fills `report` step by step, so that a failure leaves what was done before it.
void run_steps(const payload::SyncTemplate& sync_template, const SourceSpec& source,
               const RunOptions& options, Services& services, RunReport& report) {
    util::PhaseTimings source_timings;
    auto acquired = acquire(sync_template, source, options, services, source_timings);
    report.outcome.timings = source_timings;
    if (!acquired) {
        report.error = std::move(acquired.error());
        return;
    }
    report.files_before_filter = acquired->files_before_filter;
    report.commit_sha = acquired->commit_sha;
    spdlog::info("{}: {} file(s) to compare ({} before filtering)", sync_template.template_name,
                 acquired->files.size(), acquired->files_before_filter);
    if (acquired->files.empty()) {
        report.error =
            Error{ErrorKind::Safety,
                  "the source has no files after IncludeRepoPaths/ExcludeRepoPaths filtering (" +
                      std::to_string(acquired->files_before_filter) +
                      " before filtering); refusing to sync, nothing was changed"};
        return;
    }

    report.outcome = sync::synchronize({.files = std::move(acquired->files),
                                        .key_prefix = sync_template.key_prefix,
                                        .target = report.target(),
                                        .delete_missing = sync_template.delete_missing_files,
                                        .max_delete_percent = options.max_delete_percent.value_or(
                                            sync_template.max_delete_percent),
                                        .commit = options.commit,
                                        .parallelism = options.parallelism,
                                        .content_type_for = services.content_type_for},
                                       services.store);
    report.outcome.timings.insert(report.outcome.timings.begin(), source_timings.begin(),
                                  source_timings.end());
    report.error = report.outcome.error;
}

/// run_steps under the destination's lease, for committed runs. The lease is taken when the run
/// first reaches for the bucket (lease::LeasedStore), so a run that fails before never touches
/// it. A live lease held elsewhere is the run's (Busy) error; a lease lost midway stops the
/// run's writes and fails it.
void run_steps_leased(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                      const RunOptions& options, Services& services, RunReport& report) {
    if (!options.commit || !options.lease.enabled) {
        run_steps(sync_template, source, options, services, report);
        return;
    }
    const std::string lease_key = lease::lease_key(sync_template.key_prefix);
    const auto acquire = [&]() -> Result<std::unique_ptr<lease::Lease>> {
        auto held = lease::S3Lease::acquire(
            {services.store, sync_template.bucket_name, lease_key},
            {.identity = lease::process_identity(sync_template.template_name),
             .expiry = options.lease.expiry,
             .wait = options.lease.wait});
        if (!held) return util::unexpected(std::move(held.error()));
        return std::unique_ptr<lease::Lease>(std::move(*held));
    };
    lease::LeasedStore leased_store(services.store, acquire, lease_key);
    Services leased{.store = leased_store,
                    .content_type_for = services.content_type_for,
                    .github = services.github};
    run_steps(sync_template, source, options, leased, report);
    const lease::Lease* held = leased_store.lease();
    if (held != nullptr && held->lost() && !report.error) {
        report.error =
            Error{ErrorKind::Safety, "the lease " + held->where() + " was lost during the run (" +
                                         held->lost_reason() + ")"};
    }
    if (auto released = leased_store.release(); !released) {
        spdlog::warn("{}: {}", sync_template.template_name, released.error().message);
    }
}

}  // namespace

RunReport run_template(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                       const RunOptions& options, Services& services) {
    const auto started = std::chrono::steady_clock::now();
    RunReport report;
    report.template_name = sync_template.template_name;
    report.bucket = sync_template.bucket_name;
    report.prefix = sync_template.key_prefix;
    report.source = describe_source(sync_template, source);
    // Whatever goes wrong stays this run's failure: the caller still reports, alerts and goes
    // on with its other templates.
    try {
        run_steps_leased(sync_template, source, options, services, report);
    } catch (const std::exception& error) {
        report.error = unexpected_failure(error.what());
    } catch (...) {
        report.error = unexpected_failure("an unknown exception");
    }
    report.duration_ms = elapsed_ms(started);
    return report;
}

ChangeLists change_lists(const RunReport& report) {
    const auto& plan = report.outcome.plan;
    if (!report.outcome.committed) {
        return {paths_of(plan.new_files), paths_of(plan.modified_files), paths_of(plan.deletions)};
    }
    const auto& applied = report.outcome.applied;
    const std::unordered_set<std::string> uploaded(applied.uploaded.begin(),
                                                   applied.uploaded.end());
    return {only_uploaded(plan.new_files, uploaded), only_uploaded(plan.modified_files, uploaded),
            applied.deleted};
}

}  // namespace repo2s3::job
