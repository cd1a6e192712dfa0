#include "repo2s3/sync/plan.hpp"

#include <algorithm>
#include <unordered_map>

#include "repo2s3/payload/s3_names.hpp"

namespace repo2s3::sync {

std::string key_for(std::string_view key_prefix, std::string_view path) {
    std::string key;
    key.reserve(key_prefix.size() + path.size());
    key.append(key_prefix);
    key.append(path);
    return key;
}

bool is_synced_key(std::string_view key_prefix, std::string_view key) {
    return key.starts_with(key_prefix) && key.size() > key_prefix.size() && !key.ends_with('/') &&
           !payload::is_reserved_key(key);  // repo2s3's state and lease
}

std::vector<RemoteObject> objects_under_prefix(std::string_view key_prefix,
                                               const std::vector<RemoteObject>& listed) {
    std::vector<RemoteObject> result;
    result.reserve(listed.size());
    for (const auto& object : listed) {
        if (!is_synced_key(key_prefix, object.key)) continue;
        RemoteObject relative = object;
        relative.path = object.key.substr(key_prefix.size());
        result.push_back(std::move(relative));
    }
    return result;
}

bool needs_metadata_lookup(const LocalFile& local, const RemoteObject& remote, bool rule_headers) {
    if (remote.size != local.size) return false;
    const bool content_unknown = remote.etag != local.md5_hex && !remote.recorded_md5;
    return content_unknown ||
           (rule_headers && !remote.header_digest && same_content(local, remote));
}

bool same_content(const LocalFile& local, const RemoteObject& remote) {
    if (remote.size != local.size) return false;
    return remote.etag == local.md5_hex || remote.recorded_md5 == local.md5_hex;
}

Plan plan_sync(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote,
               const PlanOptions& options) {
    std::unordered_map<std::string_view, const RemoteObject*> remote_by_path;
    remote_by_path.reserve(remote.size());
    for (const auto& object : remote) remote_by_path.emplace(object.path, &object);

    Plan plan;
    plan.listed = remote.size();
    std::unordered_map<std::string_view, bool> local_paths;
    local_paths.reserve(local.size());
    for (const auto& file : local) {
        local_paths.emplace(file.path, true);
        const auto found = remote_by_path.find(file.path);
        if (found == remote_by_path.end()) {
            plan.new_files.push_back(file);
        } else if (!same_content(file, *found->second)) {
            plan.modified_files.push_back(file);
        } else if (found->second->header_digest.value_or("") != file.headers.digest) {
            plan.header_updates.push_back({file, *found->second});
        } else {
            ++plan.unchanged;
        }
    }
    for (const auto& object : remote) {
        if (local_paths.contains(object.path)) continue;
        (options.delete_missing ? plan.deletions : plan.extras_kept).push_back(object);
    }

    const auto by_path = [](const auto& a, const auto& b) { return a.path < b.path; };
    std::sort(plan.new_files.begin(), plan.new_files.end(), by_path);
    std::sort(plan.modified_files.begin(), plan.modified_files.end(), by_path);
    std::sort(plan.deletions.begin(), plan.deletions.end(), by_path);
    std::sort(plan.extras_kept.begin(), plan.extras_kept.end(), by_path);
    std::sort(plan.header_updates.begin(), plan.header_updates.end(),
              [](const auto& a, const auto& b) { return a.file.path < b.file.path; });
    return plan;
}

}  // namespace repo2s3::sync
