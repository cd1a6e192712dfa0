#include "repo2s3/state/recorded_listing.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace repo2s3::state {
namespace {

bool is_md5_hex(std::string_view value) {
    return value.size() == 32 && value.find_first_not_of("0123456789abcdef") == std::string::npos;
}

/// What the listing holds that a sync looks at, by key.
std::unordered_map<std::string_view, const s3::ObjectSummary*> relevant(
    std::string_view key_prefix, const std::vector<s3::ObjectSummary>& listing) {
    std::unordered_map<std::string_view, const s3::ObjectSummary*> by_key;
    for (const auto& summary : listing) {
        if (sync::is_synced_key(key_prefix, summary.key)) by_key.emplace(summary.key, &summary);
    }
    return by_key;
}

}  // namespace

std::vector<RecordedObject> listing_after(std::string_view key_prefix,
                                          const std::vector<sync::LocalFile>& local,
                                          const std::vector<sync::RemoteObject>& remote,
                                          const sync::ApplyResult& applied) {
    std::unordered_map<std::string_view, const sync::LocalFile*> local_by_path;
    for (const auto& file : local) local_by_path.emplace(file.path, &file);

    std::map<std::string, RecordedObject> after;
    for (const auto& object : remote) {
        std::string md5;
        const auto file = local_by_path.find(object.path);
        if (file != local_by_path.end() && sync::same_content(*file->second, object)) {
            md5 = file->second->md5_hex;
        } else if (object.recorded_md5) {
            md5 = *object.recorded_md5;
        } else if (is_md5_hex(object.etag)) {
            md5 = object.etag;
        }
        after.insert_or_assign(object.key, RecordedObject{object.key, object.etag, object.size,
                                                          std::move(md5), object.header_digest});
    }
    for (const auto& path : applied.deleted) after.erase(sync::key_for(key_prefix, path));
    // Uploaded, or headers replaced: the object now has the file's bytes and rule headers.
    for (const auto* written : {&applied.uploaded_etags, &applied.updated_etags}) {
        for (const auto& [path, etag] : *written) {
            const auto file = local_by_path.find(path);
            if (file == local_by_path.end()) continue;
            const auto key = sync::key_for(key_prefix, path);
            after.insert_or_assign(
                key, RecordedObject{key, etag, file->second->size, file->second->md5_hex,
                                    file->second->headers.digest});
        }
    }
    std::vector<RecordedObject> objects;
    objects.reserve(after.size());
    for (auto& [key, object] : after) objects.push_back(std::move(object));
    return objects;
}

Drift compare_listing(std::string_view key_prefix, const std::vector<RecordedObject>& recorded,
                      const std::vector<s3::ObjectSummary>& listing) {
    auto listed = relevant(key_prefix, listing);
    Drift drift;
    for (const auto& object : recorded) {
        const auto found = listed.find(object.key);
        if (found == listed.end()) {
            ++drift.missing;
            continue;
        }
        if (found->second->etag != object.etag || found->second->size != object.size) {
            ++drift.changed;
        }
        listed.erase(found);
    }
    drift.added = listed.size();
    return drift;
}

std::string describe(const Drift& drift) {
    return std::to_string(drift.missing) + " missing, " + std::to_string(drift.changed) +
           " changed, " + std::to_string(drift.added) + " added";
}

sync::KnownObjects known_objects(const std::vector<RecordedObject>& recorded) {
    sync::KnownObjects known;
    known.reserve(recorded.size());
    for (const auto& object : recorded) {
        if (object.md5.empty()) continue;
        known.emplace(object.key, sync::KnownObject{object.etag, object.size, object.md5,
                                                    object.header_digest});
    }
    return known;
}

}  // namespace repo2s3::state
