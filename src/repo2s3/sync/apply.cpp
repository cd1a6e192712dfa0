#include "repo2s3/sync/apply.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "repo2s3/util/parallel.hpp"

namespace repo2s3::sync {
namespace {

s3::PutObjectInput put_input_for(const LocalFile& file, const ApplyOptions& options) {
    s3::PutObjectInput input;
    input.key = key_for(options.key_prefix, file.path);
    input.file_path = file.local_path;
    input.size = file.size;
    input.md5_hex = file.md5_hex;
    input.content_type =
        options.content_type_for ? options.content_type_for(file.path) : "application/octet-stream";
    input.metadata.emplace(std::string(kContentMd5Metadata), file.md5_hex);
    return input;
}

void upload_all(const Plan& plan, s3::ObjectStore& store, const ApplyOptions& options,
                ApplyResult& result) {
    std::vector<const LocalFile*> uploads;
    uploads.reserve(plan.new_files.size() + plan.modified_files.size());
    for (const auto& file : plan.new_files) uploads.push_back(&file);
    for (const auto& file : plan.modified_files) uploads.push_back(&file);

    std::mutex result_mutex;
    util::parallel_for(uploads.size(), options.parallelism, [&](std::size_t i) {
        const LocalFile& file = *uploads[i];
        auto put = store.put_object(put_input_for(file, options));
        const std::lock_guard lock(result_mutex);
        if (put) {
            result.uploaded.push_back(file.path);
            result.uploaded_etags.emplace(file.path, std::move(*put));
            result.bytes_uploaded += file.size;
        } else {
            result.upload_failures.push_back({file.path, std::move(put.error())});
        }
    });
    std::sort(result.uploaded.begin(), result.uploaded.end());
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
