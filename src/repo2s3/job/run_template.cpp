#include "repo2s3/job/run_template.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "repo2s3/cdn/invalidation_paths.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/job/acquire_source.hpp"
#include "repo2s3/job/state_session.hpp"
#include "repo2s3/lease/file_lease.hpp"
#include "repo2s3/lease/leased_store.hpp"
#include "repo2s3/lease/s3_lease.hpp"
#include "repo2s3/state/recorded_listing.hpp"
#include "repo2s3/state/template_digest.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::job {
namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 since)
        .count();
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

/// Milliseconds since `since`, for RunReport::spans.
std::int64_t offset_ms(std::chrono::steady_clock::time_point since) {
    return elapsed_ms(since);
}

std::string_view source_kind(const SourceSpec& source) {
    if (source.directory) return "directory";
    if (source.zip_file) return "zip";
    return "github";
}

/// A local zip is the same when its size and mtime are.
Result<std::string> zip_version(const std::string& zip_file) {
    struct stat info {};
    if (::stat(zip_file.c_str(), &info) != 0) {
        return fail(ErrorKind::Io, zip_file + ": cannot read the archive: " + std::strerror(errno));
    }
    return "zip:" + std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) + "." +
           std::to_string(info.st_mtim.tv_nsec);
}

/// A directory is the same when every file has the same path, size and mtime.
std::string directory_version(const std::vector<source::SourceFile>& files) {
    crypto::Hasher hasher(crypto::DigestAlgorithm::Sha256);
    for (const auto& file : files) {
        hasher.update(file.path);
        hasher.update(std::string_view("\0", 1));
        hasher.update(std::to_string(file.size) + ":" + std::to_string(file.mtime_ns) + "\n");
    }
    return "directory:" + crypto::hex_encode(hasher.finish());
}

/// Takes MD5s the last run recorded for files of the same size and mtime.
void reuse_recorded_md5(std::vector<source::SourceFile>& files, const state::RunState* recorded) {
    if (recorded == nullptr || recorded->files.empty()) return;
    std::unordered_map<std::string_view, const state::RecordedFile*> by_path;
    for (const auto& file : recorded->files) by_path.emplace(file.path, &file);
    for (auto& file : files) {
        const auto found = by_path.find(file.path);
        if (found != by_path.end() && found->second->size == file.size &&
            found->second->mtime_ns == file.mtime_ns && file.mtime_ns != 0) {
            file.md5_hex = found->second->md5;
        }
    }
}

/// The hashed files of a directory source, to be recognised next time. A file modified in the
/// last two seconds may change again within the same mtime tick, so it gets no mtime and is
/// hashed again next time (git's "racily clean" rule).
std::vector<state::RecordedFile> recorded_files(const std::vector<source::SourceFile>& files,
                                                const std::vector<sync::LocalFile>& hashed) {
    std::unordered_map<std::string_view, const sync::LocalFile*> md5_by_path;
    for (const auto& file : hashed) md5_by_path.emplace(file.path, &file);
    const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::vector<state::RecordedFile> records;
    records.reserve(files.size());
    for (const auto& file : files) {
        const auto found = md5_by_path.find(file.path);
        if (found == md5_by_path.end()) continue;
        const bool racy = now_ns - file.mtime_ns < 2'000'000'000;
        records.push_back({file.path, file.size, racy ? 0 : file.mtime_ns, found->second->md5_hex});
    }
    std::sort(records.begin(), records.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    return records;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// One run, step by step. Fills `report` as it goes, so a failure leaves what was done before.
class RunSteps {
  public:
    RunSteps(const payload::SyncTemplate& sync_template, const SourceSpec& source,
             const RunOptions& options, Services& services, RunReport& report)
        : template_(sync_template),
          source_(source),
          options_(options),
          services_(services),
          report_(report),
          session_(services.state, services.state_memory,
                   state::template_digest(sync_template, source_kind(source))) {
        if (session_.enabled()) report_.state = StateReport{.location = session_.where()};
    }

    void run() {
        auto rules = sync::HeaderRuleSet::compile(template_.header_rules);
        if (!rules) {
            failed(std::move(rules.error()));
            return;
        }
        header_rules_ = std::move(*rules);
        if (!find_source_version()) return;
        if (const auto* recorded = session_.matching(source_version_);
            recorded && pending_invalidation(*recorded)) {
            report_.state->detail = "a CloudFront invalidation that failed is sent again";
        } else if (recorded) {
            if (!check_drift(*recorded)) return;
            if (report_.state && report_.state->use == StateReport::Use::Unchanged) return;
        } else if (report_.state) {
            report_.state->detail = session_.recorded() == nullptr
                                        ? session_.unusable_reason()
                                        : "the source or the template changed since the last run";
        }
        run_in_full();
    }

  private:
    /// Each path the run changed, with "ETag-before ETag-after" ("-" for none).
    std::map<std::string, std::string> applied_changes() const {
        const auto& outcome = report_.outcome;
        std::unordered_map<std::string_view, std::string_view> before;
        for (const auto& object : outcome.remote) before.emplace(object.path, object.etag);
        const auto etag_before = [&](const std::string& path) {
            const auto found = before.find(path);
            return found == before.end() ? std::string("-") : std::string(found->second);
        };
        std::map<std::string, std::string> changes;
        for (const auto* written :
             {&outcome.applied.uploaded_etags, &outcome.applied.updated_etags}) {
            for (const auto& [path, etag] : *written)
                changes[path] = etag_before(path) + " " + etag;
        }
        for (const auto& path : outcome.applied.deleted) changes[path] = etag_before(path) + " -";
        return changes;
    }

    /// The failed invalidation the state keeps for this template's distribution, if a
    /// committed run is to send it again.
    const state::PendingInvalidation* pending_invalidation(const state::RunState& recorded) const {
        if (!options_.commit || !template_.cloudfront || !recorded.pending_invalidation ||
            recorded.pending_invalidation->distribution_id !=
                template_.cloudfront->distribution_id) {
            return nullptr;
        }
        return &*recorded.pending_invalidation;
    }

    /// Where the source stands, before anything is downloaded: the branch's commit (a
    /// conditional lookup), the zip's size and mtime, or the directory's files.
    bool find_source_version() {
        util::PhaseClock clock(timings_);
        if (source_.directory) {
            auto scanned = acquire_directory(template_, *source_.directory, &timings_);
            if (!scanned) return failed(std::move(scanned.error()));
            scanned_ = std::move(*scanned);
            session_.load();
            source_version_ = directory_version(scanned_->files);
            reuse_recorded_md5(scanned_->files, session_.recorded());
            return true;
        }
        if (source_.zip_file) {
            auto version = zip_version(*source_.zip_file);
            if (!version) return failed(std::move(version.error()));
            session_.load();
            source_version_ = std::move(*version);
            return true;
        }
        if (services_.github == nullptr) {
            return failed({ErrorKind::Internal, "no GitHub source configured"});
        }
        auto token = services_.github->installation_token(template_, options_.deadline);
        if (!token) return failed(std::move(token.error()));
        clock.finish("auth");
        session_.load();
        std::optional<github::BranchHead> known;
        if (const auto* recorded = session_.recorded();
            recorded && !recorded->branch_etag.empty()) {
            known = github::BranchHead{recorded->source_version, recorded->branch_etag, false};
        }
        auto head = services_.github->look_up_branch(template_, known ? &*known : nullptr,
                                                     options_.deadline);
        clock.finish("branch");
        if (!head) return failed(std::move(head.error()));
        report_.commit_sha = head->sha;
        source_version_ = head->sha;
        branch_etag_ = head->etag;
        return true;
    }

    /// The source has not moved since the last run: is the bucket as that run left it?
    /// Answers false when the run failed.
    bool check_drift(const state::RunState& recorded) {
        const auto drift_check =
            options_.drift_check.value_or(template_.drift_check.value_or(payload::DriftCheck{}));
        const auto age = unix_now() - recorded.checked_at;
        const bool skip_listing = drift_check.mode == payload::DriftCheck::Mode::Never ||
                                  (drift_check.mode == payload::DriftCheck::Mode::Every &&
                                   age < static_cast<std::int64_t>(drift_check.every.count()));
        if (skip_listing) {
            finish_unchanged(recorded, "the bucket was last checked " + std::to_string(age) +
                                           " s ago (DriftCheck " + describe(drift_check) + ")");
            return true;
        }
        const auto list_start = offset_ms(started_);
        util::PhaseClock clock(timings_);
        // A run that will record when it checked lists under the lease, so that what it
        // records is what the bucket held; otherwise an unchanged run takes no lease.
        const bool records_check =
            options_.commit && drift_check.mode == payload::DriftCheck::Mode::Every;
        const bool unleased = services_.unleased != nullptr && !records_check;
        auto& store = unleased ? *services_.unleased : services_.store;
        auto listing = store.list_objects(template_.key_prefix);
        clock.finish("list");
        report_.spans["list"] = {list_start, offset_ms(started_)};
        if (!listing) return failed(std::move(listing.error()));
        const auto drift = state::compare_listing(template_.key_prefix, recorded.objects, *listing);
        if (drift.none()) {
            finish_unchanged(recorded, "the bucket is as the last run left it");
            if (records_check) {
                auto checked = recorded;
                checked.checked_at = unix_now();
                report_.state->saved = session_.save(std::move(checked));
            }
            return true;
        }
        spdlog::warn("{}: {} drifted since the last run ({}); running in full to repair it",
                     template_.template_name, report_.target(), describe(drift));
        report_.state->use = StateReport::Use::Drifted;
        report_.state->detail = "the bucket drifted since the last run (" + describe(drift) + ")";
        if (!unleased) listing_ = std::move(*listing);  // else listed again under the lease
        return true;
    }

    void finish_unchanged(const state::RunState& recorded, const std::string& why) {
        report_.state->use = StateReport::Use::Unchanged;
        const std::string what = source_.directory || source_.zip_file
                                     ? "the source is unchanged"
                                     : "the branch is unchanged at " + source_version_;
        report_.state->detail = what + "; " + why;
        spdlog::info("{}: {}", template_.template_name, report_.state->detail);
        report_.outcome.committed = options_.commit;
        report_.outcome.plan.unchanged = recorded.source_files;
        report_.outcome.plan.listed = recorded.objects.size();
        report_.outcome.timings = timings_;
    }

    /// Download and extract, list the bucket, then hash, plan and apply. The bucket is not
    /// touched before the source is safely on disk: a failed download sends no S3 request.
    void run_in_full() {
        const auto download_start = offset_ms(started_);
        auto acquired = acquire_rest();
        report_.spans["download"] = {download_start, offset_ms(started_)};
        if (!acquired) {
            failed(std::move(acquired.error()));
            return;
        }
        report_.files_before_filter = acquired->files_before_filter;
        if (acquired->commit_sha) report_.commit_sha = acquired->commit_sha;
        spdlog::info("{}: {} file(s) to compare ({} before filtering)", template_.template_name,
                     acquired->files.size(), acquired->files_before_filter);
        if (acquired->files.empty()) {  // before the bucket is even listed
            failed({ErrorKind::Safety,
                    "the source has no files after IncludeRepoPaths/ExcludeRepoPaths filtering (" +
                        std::to_string(acquired->files_before_filter) +
                        " before filtering); refusing to sync, nothing was changed"});
            return;
        }
        if (!listing_) {
            const auto list_start = offset_ms(started_);
            util::PhaseClock clock(timings_);
            auto listed = services_.store.list_objects(template_.key_prefix);
            clock.finish("list");
            report_.spans["list"] = {list_start, offset_ms(started_)};
            if (!listed) {
                failed(std::move(listed.error()));
                return;
            }
            listing_ = std::move(*listed);
        }
        synchronize(std::move(*acquired));
    }

    Result<AcquiredSource> acquire_rest() {
        if (scanned_) return std::move(*scanned_);
        if (source_.zip_file) {
            return acquire_zip(template_, *source_.zip_file, std::nullopt, &timings_);
        }
        return acquire_github(template_, *services_.github,
                              {.limits = options_.download_limits,
                               .save_dir = source_.save_dir,
                               .deadline = options_.deadline,
                               .sha = source_version_},
                              &timings_);
    }

    void synchronize(AcquiredSource acquired) {
        const auto* recorded = session_.recorded();
        std::vector<source::SourceFile> files = acquired.files;  // kept for the state's records
        report_.outcome = sync::synchronize(
            {.files = std::move(acquired.files),
             .key_prefix = template_.key_prefix,
             .target = report_.target(),
             .delete_missing = template_.delete_missing_files,
             .max_delete_percent =
                 options_.max_delete_percent.value_or(template_.max_delete_percent),
             .commit = options_.commit,
             .parallelism = options_.parallelism,
             .content_type_for = services_.content_type_for,
             .header_rules = &header_rules_,
             .listing = std::move(listing_),
             .known = recorded ? state::known_objects(recorded->objects) : sync::KnownObjects{},
             .multipart = options_.multipart,
             .progress = options_.progress},
            services_.store);
        report_.outcome.timings.insert(report_.outcome.timings.begin(), timings_.begin(),
                                       timings_.end());
        report_.error = report_.outcome.error;
        if (report_.outcome.committed) invalidate(recorded);
        if (report_.outcome.committed && !report_.error) record_state(files);
    }

    /// After the uploads and deletes: one invalidation of what changed (with what an earlier
    /// failed one left), when the template names a distribution. A failure is reported and
    /// its paths kept in the state; the sync stands.
    void invalidate(const state::RunState* recorded) {
        if (!template_.cloudfront) return;
        const auto& settings = *template_.cloudfront;
        std::vector<std::string> changed_keys;
        std::vector<std::string> changes;
        for (const auto& [path, change] : applied_changes()) {
            changed_keys.push_back(sync::key_for(template_.key_prefix, path));
            changes.push_back(changed_keys.back() + " " + change);
        }
        const auto* pending = recorded ? pending_invalidation(*recorded) : nullptr;
        if (changed_keys.empty() && pending == nullptr) return;
        InvalidationReport invalidation{
            .distribution_id = settings.distribution_id,
            .paths = cdn::invalidation_paths(changed_keys, settings, template_.key_prefix,
                                             pending ? pending->paths : std::vector<std::string>{}),
            .caller_reference = {},
            .id = std::nullopt,
            .error = std::nullopt,
            .retried = pending != nullptr};
        if (changes.empty() && pending != nullptr && !pending->caller_reference.empty()) {
            invalidation.caller_reference = pending->caller_reference;
        } else {
            if (pending != nullptr) changes.push_back("pending " + pending->caller_reference);
            invalidation.caller_reference = cdn::caller_reference(report_.target(), source_version_,
                                                                  invalidation.paths, changes);
        }
        if (services_.cloudfront == nullptr) {
            invalidation.error = "no CloudFront client is configured";
        } else {
            auto created = services_.cloudfront->create_invalidation(
                {settings.distribution_id, invalidation.caller_reference, invalidation.paths},
                options_.deadline);
            if (created) {
                invalidation.id = created->id;
                spdlog::info("{}: CloudFront invalidation {} of {} path(s) in {}",
                             template_.template_name, created->id, invalidation.paths.size(),
                             settings.distribution_id);
            } else {
                invalidation.error = created.error().message;
                spdlog::warn("{}: {}; the paths are kept for the next run", template_.template_name,
                             created.error().message);
            }
        }
        if (invalidation.error) {
            pending_ = state::PendingInvalidation{settings.distribution_id, invalidation.paths,
                                                  invalidation.caller_reference};
        }
        report_.invalidation = std::move(invalidation);
    }

    void record_state(const std::vector<source::SourceFile>& files) {
        if (!session_.enabled()) return;
        const auto& outcome = report_.outcome;
        state::RunState next{.bucket = template_.bucket_name,
                             .prefix = template_.key_prefix,
                             .template_digest = {},
                             .source_version = source_version_,
                             .branch_etag = branch_etag_,
                             .checked_at = unix_now(),
                             .source_files = outcome.local.size(),
                             .objects = state::listing_after(template_.key_prefix, outcome.local,
                                                             outcome.remote, outcome.applied),
                             .files = source_.directory ? recorded_files(files, outcome.local)
                                                        : std::vector<state::RecordedFile>{}};
        if (source_.directory) next.source_version = directory_version(files);
        next.pending_invalidation = pending_;
        report_.state->saved = session_.save(std::move(next));
    }

    bool failed(Error error) {
        report_.outcome.timings = timings_;
        report_.error = std::move(error);
        return false;
    }

    const payload::SyncTemplate& template_;
    const SourceSpec& source_;
    const RunOptions& options_;
    Services& services_;
    RunReport& report_;
    StateSession session_;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    util::PhaseTimings timings_;
    std::string source_version_;
    std::string branch_etag_;
    std::optional<AcquiredSource> scanned_;  // a directory source, scanned first
    std::optional<std::vector<s3::ObjectSummary>> listing_;
    sync::HeaderRuleSet header_rules_;
    std::optional<state::PendingInvalidation> pending_;  // an invalidation that failed
};

/// RunSteps under the destination's lease, for committed runs. The lease is taken when the run
/// first reaches for the bucket (lease::LeasedStore), so a run that fails before never touches
/// it. A live lease held elsewhere is the run's (Busy) error; a lease lost midway stops the
/// run's writes and fails it.
void run_steps_leased(const payload::SyncTemplate& sync_template, const SourceSpec& source,
                      const RunOptions& options, Services& services, RunReport& report) {
    if (!options.commit || !options.lease.enabled) {
        RunSteps(sync_template, source, options, services, report).run();
        return;
    }
    const std::string lease_key = lease::lease_key(sync_template.key_prefix);
    const auto acquire = [&]() -> Result<std::unique_ptr<lease::Lease>> {
        lease::LeaseSettings settings{
            .identity = lease::process_identity(sync_template.template_name),
            .expiry = options.lease.expiry,
            .wait = options.lease.wait};
        if (options.lease.file) {
            auto held = lease::FileLease::acquire(*options.lease.file, std::move(settings));
            if (!held) return util::unexpected(std::move(held.error()));
            return std::unique_ptr<lease::Lease>(std::move(*held));
        }
        auto held = lease::S3Lease::acquire({services.store, sync_template.bucket_name, lease_key},
                                            std::move(settings));
        if (!held) return util::unexpected(std::move(held.error()));
        return std::unique_ptr<lease::Lease>(std::move(*held));
    };
    lease::LeasedStore leased_store(services.store, acquire,
                                    options.lease.file ? std::string() : lease_key);
    Services leased{.store = leased_store,
                    .content_type_for = services.content_type_for,
                    .github = services.github,
                    .state = services.state,
                    .state_memory = services.state_memory,
                    .unleased = &services.store,
                    .cloudfront = services.cloudfront};
    RunSteps(sync_template, source, options, leased, report).run();
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

std::string_view use_name(StateReport::Use use) {
    switch (use) {
        case StateReport::Use::Full:
            return "full";
        case StateReport::Use::Unchanged:
            return "unchanged";
        case StateReport::Use::Drifted:
            return "drifted";
    }
    return "full";
}

ChangeLists change_lists(const RunReport& report) {
    const auto& plan = report.outcome.plan;
    if (!report.outcome.committed) {
        std::vector<std::string> header_paths;
        for (const auto& update : plan.header_updates) header_paths.push_back(update.file.path);
        return {paths_of(plan.new_files), paths_of(plan.modified_files), paths_of(plan.deletions),
                std::move(header_paths)};
    }
    const auto& applied = report.outcome.applied;
    const std::unordered_set<std::string> uploaded(applied.uploaded.begin(),
                                                   applied.uploaded.end());
    return {only_uploaded(plan.new_files, uploaded), only_uploaded(plan.modified_files, uploaded),
            applied.deleted, applied.headers_updated};
}

}  // namespace repo2s3::job
