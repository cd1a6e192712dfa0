#include "repo2s3/job/acquire_source.hpp"

#include <filesystem>

#include "repo2s3/archive/zip_extract.hpp"
#include "repo2s3/source/directory_source.hpp"
#include "repo2s3/source/path_filter.hpp"
#include "repo2s3/util/private_files.hpp"

namespace repo2s3::job {
namespace {

Result<AcquiredSource> filtered(const payload::SyncTemplate& sync_template,
                                std::vector<source::SourceFile> files) {
    auto filter = source::PathFilter::compile(sync_template.include_repo_paths,
                                              sync_template.exclude_repo_paths);
    if (!filter) return util::unexpected(std::move(filter.error()));
    AcquiredSource acquired;
    acquired.files_before_filter = files.size();
    auto kept = source::apply_filter(std::move(files), *filter);
    if (!kept) return util::unexpected(std::move(kept.error()));
    acquired.files = std::move(*kept);
    return acquired;
}

}  // namespace

Result<AcquiredSource> acquire_directory(const payload::SyncTemplate& sync_template,
                                         const std::string& directory,
                                         util::PhaseTimings* timings) {
    util::PhaseTimings unused;
    util::PhaseClock clock(timings != nullptr ? *timings : unused);
    auto files = source::scan_directory(directory);
    if (!files) return util::unexpected(std::move(files.error()));
    auto acquired = filtered(sync_template, std::move(*files));
    clock.finish("extract");
    return acquired;
}

Result<AcquiredSource> acquire_zip(const payload::SyncTemplate& sync_template,
                                   const std::string& zip_file,
                                   const std::optional<std::string>& extract_dir,
                                   util::PhaseTimings* timings) {
    util::PhaseTimings unused;
    util::PhaseClock clock(timings != nullptr ? *timings : unused);
    std::error_code ec;
    const auto size = std::filesystem::file_size(zip_file, ec);
    if (ec) return fail(ErrorKind::Io, zip_file + ": cannot read the archive: " + ec.message());

    if (!sync_template.extract_zip_contents) {
        AcquiredSource whole;
        whole.files = {{sync_template.repository + ".zip", zip_file, size}};
        whole.files_before_filter = 1;
        clock.finish("extract");
        return whole;
    }

    std::optional<util::TempDir> scratch;
    std::string destination;
    if (extract_dir) {
        destination = *extract_dir;
    } else {
        auto temp = util::TempDir::create(util::TempPurpose::Extract);
        if (!temp) return util::unexpected(std::move(temp.error()));
        destination = temp->path().string();
        scratch = std::move(*temp);
    }
    auto extracted = archive::extract_zip(zip_file, destination, archive::ExtractLimits{});
    if (!extracted) return util::unexpected(std::move(extracted.error()));
    auto acquired = filtered(sync_template, std::move(extracted->files));
    clock.finish("extract");
    if (acquired) acquired->scratch = std::move(scratch);
    return acquired;
}

Result<AcquiredSource> acquire_github(const payload::SyncTemplate& sync_template,
                                      github::GitHubSource& github, const GitHubFetch& fetch,
                                      util::PhaseTimings* timings) {
    const auto& save_dir = fetch.save_dir;
    std::optional<util::TempDir> scratch;
    std::filesystem::path directory;
    if (save_dir) {
        directory = *save_dir;
        if (auto made = util::make_private_directories(directory); !made) {
            return fail(ErrorKind::Io,
                        *save_dir + ": cannot create the save directory: " + made.error().message);
        }
    } else {
        auto temp = util::TempDir::create(util::TempPurpose::Download);
        if (!temp) return util::unexpected(std::move(temp.error()));
        directory = temp->path();
        scratch = std::move(*temp);
    }
    const std::string zip_path = (directory / (sync_template.repository + ".zip")).string();
    util::PhaseTimings unused;
    util::PhaseClock clock(timings != nullptr ? *timings : unused);
    github::DownloadedBranch downloaded;
    if (fetch.sha) {
        auto bytes = github.download_commit(sync_template, *fetch.sha, zip_path, fetch.limits,
                                            fetch.deadline);
        if (!bytes) return util::unexpected(std::move(bytes.error()));
        downloaded = {*fetch.sha, *bytes};
    } else {
        // Tokens are cached, so download_branch reuses this one; asking first times it alone.
        auto token = github.installation_token(sync_template, fetch.deadline);
        if (!token) return util::unexpected(std::move(token.error()));
        clock.finish("auth");
        auto branch = github.download_branch(sync_template, zip_path, fetch.limits, fetch.deadline);
        if (!branch) return util::unexpected(std::move(branch.error()));
        downloaded = std::move(*branch);
    }
    clock.finish("download");

    std::optional<std::string> extract_dir;
    if (save_dir && sync_template.extract_zip_contents) {
        extract_dir = (directory / (sync_template.organization + "-" + sync_template.repository +
                                    "-" + downloaded.sha))
                          .string();
        std::error_code ec;
        std::filesystem::remove_all(*extract_dir,
                                    ec);  // a stale extraction must not leak old files
        if (auto made = util::make_private_directories(*extract_dir); !made) {
            return fail(ErrorKind::Io, *extract_dir + ": cannot create: " + made.error().message);
        }
    }
    auto acquired = acquire_zip(sync_template, zip_path, extract_dir, timings);
    if (!acquired) return acquired;
    acquired->commit_sha = downloaded.sha;
    acquired->archive_path = zip_path;
    acquired->extracted_dir = extract_dir;
    if (!acquired->scratch) acquired->scratch = std::move(scratch);
    return acquired;
}

}  // namespace repo2s3::job
