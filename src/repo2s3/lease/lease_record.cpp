#include "repo2s3/lease/lease_record.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::lease {

std::string lease_json(const LeaseRecord& record) {
    return util::json_text({{"owner", record.owner},
                            {"host", record.host},
                            {"pid", record.pid},
                            {"template", record.template_name},
                            {"expires", util::format_iso8601(record.expires)}});
}

Result<LeaseRecord> parse_lease(std::string_view text, std::string_view where) {
    const auto bad = [&](std::string_view why) {
        return fail(ErrorKind::Io,
                    std::string(where) + ": not a repo2s3 lease: " + std::string(why));
    };
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return bad("not a JSON object");
    LeaseRecord record;
    const auto text_field = [&](const char* name, std::string& out) {
        const auto found = json.find(name);
        if (found == json.end() || !found->is_string()) return false;
        out = found->get<std::string>();
        return true;
    };
    std::string expires;
    if (!text_field("owner", record.owner) || !text_field("expires", expires)) {
        return bad("\"owner\" and \"expires\" are required strings");
    }
    text_field("host", record.host);
    text_field("template", record.template_name);
    if (const auto pid = json.find("pid"); pid != json.end() && pid->is_number_integer()) {
        record.pid = pid->get<std::int64_t>();
    }
    const auto when = util::parse_iso8601(expires);
    if (!when) return bad("\"expires\" is not an ISO 8601 time");
    record.expires = *when;
    return record;
}

std::string describe_holder(const LeaseRecord& record) {
    return "host " + util::printable(record.host.empty() ? "?" : record.host) + ", pid " +
           std::to_string(record.pid) + ", template " +
           util::printable(record.template_name.empty() ? "?" : record.template_name) + ", until " +
           util::format_iso8601(record.expires);
}

bool expired(const LeaseRecord& record, std::chrono::system_clock::time_point now) {
    return now >= record.expires;
}

}  // namespace repo2s3::lease
