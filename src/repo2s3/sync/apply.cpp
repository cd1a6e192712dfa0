#include "repo2s3/sync/apply.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "repo2s3/sync/copy_in_place.hpp"
#include "repo2s3/sync/multipart_upload.hpp"
#include "repo2s3/util/parallel.hpp"

namespace repo2s3::sync {
namespace {

/// The key and every header a file's object is stored with: the rules' headers and metadata,
/// the MIME type unless a rule set one, and repo2s3's own metadata (content MD5, header digest).
s3::MultipartUploadInput object_input_for(const LocalFile& file, const ApplyOptions& options) {
    s3::MultipartUploadInput input{.key = key_for(options.key_prefix, file.path),
                                   .content_type = {},
                                   .headers = file.headers.headers,
                                   .metadata = file.headers.metadata};
    if (file.headers.content_type) {
        input.content_type = *file.headers.content_type;
    } else {
        input.content_type = options.content_type_for ? options.content_type_for(file.path)
                                                      : "application/octet-stream";
    }
    input.metadata[std::string(kContentMd5Metadata)] = file.md5_hex;
    if (!file.headers.digest.empty()) {
        input.metadata[std::string(kHeadersMetadata)] = file.headers.digest;
    }
    return input;
}

s3::PutObjectInput put_input_for(const LocalFile& file, const ApplyOptions& options) {
    auto object = object_input_for(file, options);
    return {.key = std::move(object.key),
            .file_path = file.local_path,
            .size = file.size,
            .md5_hex = file.md5_hex,
            .content_type = std::move(object.content_type),
            .headers = std::move(object.headers),
            .metadata = std::move(object.metadata)};
}

// One unit of the upload queue: a whole file, or one part of a file that goes up in parts.
struct UploadUnit {
    std::size_t file = 0;           // index into the files to upload
    std::uint64_t part_number = 0;  // 0: the whole file in one PutObject
};

void upload_all(const Plan& plan, s3::ObjectStore& store, const ApplyOptions& options,
                ApplyResult& result) {
    std::vector<const LocalFile*> uploads;
    uploads.reserve(plan.new_files.size() + plan.modified_files.size());
    for (const auto& file : plan.new_files) uploads.push_back(&file);
    for (const auto& file : plan.modified_files) uploads.push_back(&file);

    std::mutex result_mutex;
    const auto record = [&](const LocalFile& file, Result<std::string> etag) {
        const std::lock_guard lock(result_mutex);
        if (etag) {
            result.uploaded.push_back(file.path);
            result.uploaded_etags.emplace(file.path, std::move(*etag));
            result.bytes_uploaded += file.size;
        } else {
            result.upload_failures.push_back({file.path, std::move(etag.error())});
        }
    };

    // Parts of one file follow each other in the queue, so a file's parts go up together.
    std::vector<UploadUnit> units;
    std::vector<std::unique_ptr<MultipartUpload>> multipart(uploads.size());
    std::uint64_t total_bytes = 0;
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        const LocalFile& file = *uploads[i];
        total_bytes += file.size;
        auto layout = s3::plan_parts(file.size, options.multipart, file.path);
        if (!layout) {
            record(file, util::unexpected(std::move(layout.error())));
        } else if (!*layout) {
            units.push_back({i, 0});
        } else {
            multipart[i] = std::make_unique<MultipartUpload>(store, object_input_for(file, options),
                                                             file.local_path, **layout);
            for (std::uint64_t n = 1; n <= (*layout)->part_count; ++n) units.push_back({i, n});
        }
    }
    if (options.progress) options.progress->start(uploads.size(), total_bytes);

    const auto run_unit = [&](std::size_t u) {
        const UploadUnit unit = units[u];
        const LocalFile& file = *uploads[unit.file];
        if (unit.part_number == 0) {
            auto put = store.put_object(put_input_for(file, options));
            if (put && options.progress) {
                options.progress->add_bytes(file.size);
                options.progress->add_file();
            }
            record(file, std::move(put));
            return;
        }
        MultipartUpload& upload = *multipart[unit.file];
        const auto part = upload.send_part(unit.part_number);
        if (part.uploaded && options.progress) {
            options.progress->add_bytes(upload.layout().size(unit.part_number));
        }
        if (!part.last) return;
        auto etag = upload.finish();
        if (etag && options.progress) options.progress->add_file();
        record(file, std::move(etag));
    };
    try {
        util::parallel_for(units.size(), options.parallelism, run_unit);
    } catch (...) {
        // A programming error stopped the queue: leave no incomplete upload behind.
        for (const auto& upload : multipart) {
            if (upload) upload->abandon();
        }
        if (options.progress) options.progress->finish();
        throw;
    }
    if (options.progress) options.progress->finish();

    std::sort(result.uploaded.begin(), result.uploaded.end());
    std::sort(result.upload_failures.begin(), result.upload_failures.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
}

/// Replaces the headers of objects whose bytes are right, in place.
void update_headers_all(const Plan& plan, s3::ObjectStore& store, const ApplyOptions& options,
                        ApplyResult& result) {
    std::mutex result_mutex;
    util::parallel_for(plan.header_updates.size(), options.parallelism, [&](std::size_t i) {
        const HeaderUpdate& update = plan.header_updates[i];
        auto etag = replace_headers_in_place(
            store, update.object, object_input_for(update.file, options), options.multipart);
        const std::lock_guard lock(result_mutex);
        if (etag) {
            result.headers_updated.push_back(update.file.path);
            result.updated_etags.emplace(update.file.path, std::move(*etag));
        } else {
            result.upload_failures.push_back({update.file.path, std::move(etag.error())});
        }
    });
    std::sort(result.headers_updated.begin(), result.headers_updated.end());
    std::sort(result.upload_failures.begin(), result.upload_failures.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
}

void delete_all(const Plan& plan, s3::ObjectStore& store, ApplyResult& result) {
    std::vector<std::string> keys;
    keys.reserve(plan.deletions.size());
    std::unordered_map<std::string_view, std::string_view> path_of_key;
    for (const auto& object : plan.deletions) {
        keys.push_back(object.key);
        path_of_key.emplace(object.key, object.path);
    }

    auto outcome = store.delete_objects(keys);
    for (const auto& key : outcome.deleted) {
        const auto path = path_of_key.find(key);
        if (path != path_of_key.end()) result.deleted.emplace_back(path->second);
    }
    std::sort(result.deleted.begin(), result.deleted.end());
    result.delete_failures = std::move(outcome.failures);

    const std::string done = "; " + std::to_string(result.deleted.size()) + " of " +
                             std::to_string(keys.size()) + " planned deletion(s) done";
    if (outcome.error) {
        result.error = Error{outcome.error->kind, outcome.error->message + done};
    } else if (!result.delete_failures.empty()) {
        const auto& first = result.delete_failures.front();
        result.error = Error{ErrorKind::S3, "S3 refused to delete " +
                                                std::to_string(result.delete_failures.size()) +
                                                " object(s); first: " + first.key + ": " +
                                                first.code + ": " + first.message + done};
    }
}

}  // namespace

ApplyResult apply_plan(const Plan& plan, s3::ObjectStore& store, const ApplyOptions& options) {
    ApplyResult result;
    util::PhaseClock clock(result.timings);
    upload_all(plan, store, options, result);
    update_headers_all(plan, store, options, result);
    clock.finish("upload");
    if (!result.upload_failures.empty()) {
        const auto& first = result.upload_failures.front();
        result.deletes_skipped = !plan.deletions.empty();
        std::string message = std::to_string(result.upload_failures.size()) +
                              " upload(s) failed; first: " + first.path + ": " +
                              first.error.message;
        if (result.deletes_skipped) message += "; no objects were deleted";
        result.error = Error{first.error.kind, std::move(message)};
        return result;
    }
    if (!plan.deletions.empty()) {
        if (options.withhold_deletes) {
            result.deletes_skipped = true;
        } else {
            delete_all(plan, store, result);
        }
    }
    clock.finish("delete");
    return result;
}

}  // namespace repo2s3::sync
