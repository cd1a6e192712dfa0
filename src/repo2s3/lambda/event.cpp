#include "repo2s3/lambda/event.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::lambda {
namespace {

Result<SqsRecord> parse_record(const nlohmann::json& record, std::size_t index) {
    const std::string where = "event: Records[" + std::to_string(index) + "]";
    if (!record.is_object()) return fail(ErrorKind::Payload, where + " is not an object");
    const auto id = record.find("messageId");
    if (id == record.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
        return fail(ErrorKind::Payload, where + " has no messageId");
    }
    const auto body = record.find("body");
    if (body == record.end() || !body->is_string()) {
        return fail(ErrorKind::Payload, where + " (messageId " +
                                            util::printable(id->get<std::string>()) +
                                            ") has no string body");
    }
    return SqsRecord{.message_id = id->get<std::string>(), .body = body->get<std::string>()};
}

Result<HttpRequest> parse_http_request(const nlohmann::json& event) {
    const auto& http = event["requestContext"]["http"];
    HttpRequest request;
    request.method = http.value("method", "");
    request.path = event.value("rawPath", http.value("path", ""));
    if (const auto headers = event.find("headers");
        headers != event.end() && headers->is_object()) {
        for (const auto& [name, value] : headers->items()) {
            if (!value.is_string()) continue;
            std::string lower = name;
            for (auto& c : lower) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            request.headers.emplace(std::move(lower), value.get<std::string>());
        }
    }
    const auto body = event.find("body");
    if (body != event.end() && body->is_string()) request.body = body->get<std::string>();
    if (event.value("isBase64Encoded", false)) {
        auto decoded = crypto::base64_decode(request.body);
        if (!decoded) {
            return fail(ErrorKind::Payload, "event: isBase64Encoded, but the body is not base64");
        }
        request.body = std::move(*decoded);
    }
    return request;
}

}  // namespace

Result<Event> parse_event(std::string_view document) {
    auto event = nlohmann::json::parse(document, nullptr, false);
    if (event.is_discarded()) return fail(ErrorKind::Payload, "event: not a JSON document");
    if (!event.is_object()) {
        return fail(ErrorKind::Payload,
                    std::string("event: expected a JSON object (an SQS batch or a payload "
                                "template), got ") +
                        event.type_name());
    }
    if (const auto context = event.find("requestContext");
        context != event.end() && context->is_object() && context->contains("http") &&
        (*context)["http"].is_object()) {
        auto request = parse_http_request(event);
        if (!request) return util::unexpected(std::move(request.error()));
        return Event{std::move(*request)};
    }
    const auto records = event.find("Records");
    if (records == event.end()) return Event{DirectPayload{std::string(document)}};
    if (!records->is_array()) return fail(ErrorKind::Payload, "event: Records is not an array");

    SqsBatch batch;
    batch.records.reserve(records->size());
    for (std::size_t i = 0; i < records->size(); ++i) {
        auto record = parse_record((*records)[i], i);
        if (!record) return util::unexpected(std::move(record.error()));
        batch.records.push_back(std::move(*record));
    }
    return Event{std::move(batch)};
}

std::string batch_response(const std::vector<std::string>& failed_message_ids) {
    auto failures = nlohmann::json::array();
    for (const auto& id : failed_message_ids) failures.push_back({{"itemIdentifier", id}});
    return util::json_text({{"batchItemFailures", std::move(failures)}});
}

std::string http_response(int status, const std::string& json_body) {
    return util::json_text({{"statusCode", status},
                            {"headers", {{"content-type", "application/json"}}},
                            {"body", json_body}});
}

}  // namespace repo2s3::lambda
