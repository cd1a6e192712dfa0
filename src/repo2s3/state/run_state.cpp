#include "repo2s3/state/run_state.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/util/gzip.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::state {
namespace {

constexpr std::string_view kFormat = "repo2s3-state";

using Json = nlohmann::json;

Error unusable(const std::string& why) {
    return {ErrorKind::Io, "run state " + why};
}

template <class T>
T field(const Json& object, const char* name) {
    return object.at(name).get<T>();
}

/// [key, etag, size, md5] or [key, etag, size, md5, header digest].
RecordedObject object_from(const Json& row) {
    if (!row.is_array() || row.size() < 4 || row.size() > 5) {
        throw std::invalid_argument("bad object row");
    }
    RecordedObject object{row[0].get<std::string>(), row[1].get<std::string>(),
                          row[2].get<std::uint64_t>(), row[3].get<std::string>(), std::nullopt};
    if (row.size() == 5) object.header_digest = row[4].get<std::string>();
    return object;
}

RecordedFile file_from(const Json& row) {
    if (!row.is_array() || row.size() != 4) throw std::invalid_argument("bad file row");
    return {row[0].get<std::string>(), row[1].get<std::uint64_t>(), row[2].get<std::int64_t>(),
            row[3].get<std::string>()};
}

}  // namespace

std::string encode_state(const RunState& state) {
    Json objects = Json::array();
    for (const auto& object : state.objects) {
        Json row = Json::array({object.key, object.etag, object.size, object.md5});
        if (object.header_digest) row.push_back(*object.header_digest);
        objects.push_back(std::move(row));
    }
    Json files = Json::array();
    for (const auto& file : state.files) {
        files.push_back(Json::array({file.path, file.size, file.mtime_ns, file.md5}));
    }
    Json document = {{"format", kFormat},
                     {"version", kStateVersion},
                     {"bucket", state.bucket},
                     {"prefix", state.prefix},
                     {"template_digest", state.template_digest},
                     {"source_version", state.source_version},
                     {"branch_etag", state.branch_etag},
                     {"checked_at", state.checked_at},
                     {"source_files", state.source_files},
                     {"objects", std::move(objects)},
                     {"files", std::move(files)}};
    if (state.pending_invalidation) {
        document["pending_invalidation"] = {
            {"distribution_id", state.pending_invalidation->distribution_id},
            {"paths", state.pending_invalidation->paths},
            {"caller_reference", state.pending_invalidation->caller_reference}};
    }
    return util::gzip_compress(util::json_text(document));
}

Result<RunState> decode_state(std::string_view bytes) {
    auto text = util::gzip_decompress(bytes, kMaxStateBytes);
    if (!text) return util::unexpected(unusable("is not readable: " + text.error().message));
    const Json document = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!document.is_object() || document.value("format", Json()) != kFormat) {
        return util::unexpected(unusable("is not a repo2s3 state document"));
    }
    const Json version = document.value("version", Json());
    if (version != kStateVersion) {
        return util::unexpected(unusable("has version " + util::json_text(version) +
                                         ", this repo2s3 reads version " +
                                         std::to_string(kStateVersion)));
    }
    try {
        RunState state;
        state.bucket = field<std::string>(document, "bucket");
        state.prefix = field<std::string>(document, "prefix");
        state.template_digest = field<std::string>(document, "template_digest");
        state.source_version = field<std::string>(document, "source_version");
        state.branch_etag = field<std::string>(document, "branch_etag");
        state.checked_at = field<std::int64_t>(document, "checked_at");
        state.source_files = field<std::uint64_t>(document, "source_files");
        for (const auto& row : document.at("objects")) state.objects.push_back(object_from(row));
        for (const auto& row : document.at("files")) state.files.push_back(file_from(row));
        if (document.contains("pending_invalidation")) {
            const Json& pending = document.at("pending_invalidation");
            state.pending_invalidation =
                PendingInvalidation{field<std::string>(pending, "distribution_id"),
                                    field<std::vector<std::string>>(pending, "paths"),
                                    pending.value("caller_reference", std::string())};
        }
        return state;
    } catch (const std::exception&) {
        return util::unexpected(unusable("is malformed"));
    }
}

}  // namespace repo2s3::state
