#include "repo2s3/sync/copy_in_place.hpp"

namespace repo2s3::sync {
namespace {

Result<std::string> copy_in_parts(s3::ObjectStore& store, const RemoteObject& object,
                                  const s3::MultipartUploadInput& replacement,
                                  const s3::PartLayout& layout) {
    auto upload_id = store.create_multipart_upload(replacement);
    if (!upload_id) return util::unexpected(std::move(upload_id.error()));
    std::vector<s3::CompletedPart> parts;
    parts.reserve(layout.part_count);
    for (std::uint64_t number = 1; number <= layout.part_count; ++number) {
        auto etag = store.upload_part_copy({.key = replacement.key,
                                            .upload_id = *upload_id,
                                            .part_number = number,
                                            .source_key = object.key,
                                            .source_etag = object.etag,
                                            .offset = layout.offset(number),
                                            .size = layout.size(number)});
        if (!etag) {
            (void)store.abort_multipart_upload(replacement.key, *upload_id);
            return util::unexpected(std::move(etag.error()));
        }
        parts.push_back({number, std::move(*etag)});
    }
    auto completed = store.complete_multipart_upload(replacement.key, *upload_id, parts);
    if (!completed) (void)store.abort_multipart_upload(replacement.key, *upload_id);
    return completed;
}

}  // namespace

Result<std::string> replace_headers_in_place(s3::ObjectStore& store, const RemoteObject& object,
                                             const s3::MultipartUploadInput& replacement,
                                             const s3::MultipartSettings& settings) {
    if (object.size <= s3::kMaxPutObjectSize) {
        return store.replace_headers({.key = replacement.key,
                                      .etag = object.etag,
                                      .content_type = replacement.content_type,
                                      .headers = replacement.headers,
                                      .metadata = replacement.metadata});
    }
    // Over 5 GiB plan_parts always answers a layout.
    auto layout = s3::plan_parts(object.size, settings, object.key);
    if (!layout) return util::unexpected(std::move(layout.error()));
    if (!*layout) return fail(ErrorKind::Internal, object.key + ": no part layout over 5 GiB");
    return copy_in_parts(store, object, replacement, **layout);
}

}  // namespace repo2s3::sync
