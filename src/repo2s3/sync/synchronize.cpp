#include "repo2s3/sync/synchronize.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <unordered_map>

#include "repo2s3/payload/s3_names.hpp"
#include "repo2s3/sync/hash.hpp"
#include "repo2s3/util/parallel.hpp"

namespace repo2s3::sync {
namespace {

using util::PhaseClock;

bool is_md5_hex(const std::string& value) {
    return value.size() == 32 && value.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Result<std::vector<RemoteObject>> list_remote(const SyncRequest& request, s3::ObjectStore& store) {
    auto listed = request.listing ? Result<std::vector<s3::ObjectSummary>>(*request.listing)
                                  : store.list_objects(request.key_prefix);
    if (!listed) return util::unexpected(std::move(listed.error()));
    std::vector<RemoteObject> objects;
    objects.reserve(listed->size());
    for (auto& summary : *listed) {
        objects.push_back(
            {std::move(summary.key), {}, std::move(summary.etag), summary.size, std::nullopt});
    }
    return objects_under_prefix(request.key_prefix, objects);
}

/// The first source file whose key would be a reserved one, if any.
const source::SourceFile* first_reserved(const SyncRequest& request) {
    for (const auto& file : request.files) {
        if (payload::is_reserved_key(key_for(request.key_prefix, file.path))) return &file;
    }
    return nullptr;
}

}  // namespace

void recall_recorded_md5(const KnownObjects& known, std::vector<RemoteObject>& remote) {
    if (known.empty()) return;
    for (auto& object : remote) {
        const auto found = known.find(object.key);
        if (found != known.end() && found->second.etag == object.etag &&
            found->second.size == object.size && is_md5_hex(found->second.md5)) {
            object.recorded_md5 = found->second.md5;
            object.header_digest = found->second.header_digest;
        }
    }
}

Result<void> look_up_recorded_md5(const std::vector<LocalFile>& local,
                                  std::vector<RemoteObject>& remote, s3::ObjectStore& store,
                                  std::size_t parallelism, bool rule_headers) {
    std::unordered_map<std::string_view, const LocalFile*> local_by_path;
    for (const auto& file : local) local_by_path.emplace(file.path, &file);

    std::vector<RemoteObject*> candidates;
    for (auto& object : remote) {
        const auto found = local_by_path.find(object.path);
        if (found != local_by_path.end() &&
            needs_metadata_lookup(*found->second, object, rule_headers)) {
            candidates.push_back(&object);
        }
    }
    if (!candidates.empty()) {
        spdlog::debug("looking up recorded MD5 of {} object(s) whose ETag is not their MD5",
                      candidates.size());
    }

    std::mutex failure_mutex;
    std::optional<Error> failure;
    util::parallel_for(candidates.size(), parallelism, [&](std::size_t i) {
        RemoteObject& object = *candidates[i];
        auto head = store.head_object(object.key);
        if (!head) {
            if (head.error().kind == ErrorKind::NotFound) return;  // gone since listing: re-upload
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::move(head.error());
            return;
        }
        const auto recorded = head->metadata.find(std::string(kContentMd5Metadata));
        if (recorded != head->metadata.end() && is_md5_hex(recorded->second)) {
            object.recorded_md5 = recorded->second;
        }
        const auto digest = head->metadata.find(std::string(kHeadersMetadata));
        object.header_digest = digest == head->metadata.end() ? "" : digest->second;
    });
    if (failure) return util::unexpected(std::move(*failure));
    return {};
}

Result<void> resolve_headers(std::vector<LocalFile>& files, const HeaderRuleSet& rules) {
    for (auto& file : files) {
        auto headers = rules.resolve(file.path);
        if (!headers) return util::unexpected(std::move(headers.error()));
        file.headers = std::move(*headers);
    }
    return {};
}

SyncOutcome synchronize(const SyncRequest& request, s3::ObjectStore& store) {
    SyncOutcome outcome;
    PhaseClock clock(outcome.timings);
    if (request.files.empty()) {
        outcome.error = Error{ErrorKind::Safety,
                              "the source has no files to sync; refusing to compare or delete "
                              "anything (check IncludeRepoPaths/ExcludeRepoPaths and the source)"};
        return outcome;
    }

    if (const auto* reserved = first_reserved(request)) {
        outcome.error =
            Error{ErrorKind::Safety,
                  "source file " + reserved->path + " would be uploaded to " +
                      key_for(request.key_prefix, reserved->path) + ", under \"" +
                      std::string(payload::kReservedKeyPrefix) +
                      "\", which repo2s3 keeps for its run state and lease; exclude it with "
                      "ExcludeRepoPaths or set a KeyPrefix; nothing was changed"};
        return outcome;
    }

    auto local = hash_files(request.files, request.parallelism);
    const bool rule_headers = request.header_rules != nullptr && !request.header_rules->empty();
    if (local && rule_headers) {
        if (auto resolved = resolve_headers(*local, *request.header_rules); !resolved) {
            local = util::unexpected(std::move(resolved.error()));
        }
    }
    clock.finish("hash");
    if (!local) {
        outcome.error = std::move(local.error());
        return outcome;
    }

    auto remote = list_remote(request, store);
    if (remote) {
        spdlog::debug("listed {} object(s) under prefix \"{}\"", remote->size(),
                      request.key_prefix);
        recall_recorded_md5(request.known, *remote);
        auto looked_up =
            look_up_recorded_md5(*local, *remote, store, request.parallelism, rule_headers);
        if (!looked_up) remote = util::unexpected(std::move(looked_up.error()));
    }
    clock.finish("list");
    if (!remote) {
        outcome.error = std::move(remote.error());
        return outcome;
    }

    outcome.plan = plan_sync(*local, *remote, {.delete_missing = request.delete_missing});
    outcome.local = std::move(*local);
    outcome.remote = std::move(*remote);
    const DeleteGuard guard{outcome.plan.deletions.size(), outcome.plan.listed,
                            request.max_delete_percent};
    if (guard.tripped()) {
        outcome.delete_guard = guard;
        spdlog::warn("{}", describe(guard, request.target, request.commit));
    }
    if (!request.commit) return outcome;

    outcome.committed = true;
    outcome.applied = apply_plan(outcome.plan, store,
                                 {.key_prefix = request.key_prefix,
                                  .parallelism = request.parallelism,
                                  .content_type_for = request.content_type_for,
                                  .withhold_deletes = guard.tripped(),
                                  .multipart = request.multipart,
                                  .progress = request.progress});
    outcome.timings.insert(outcome.timings.end(), outcome.applied.timings.begin(),
                           outcome.applied.timings.end());
    outcome.error = outcome.applied.error;
    if (!outcome.error && outcome.delete_guard) {
        outcome.error = Error{ErrorKind::Safety, describe(guard, request.target, true)};
    }
    return outcome;
}

}  // namespace repo2s3::sync
