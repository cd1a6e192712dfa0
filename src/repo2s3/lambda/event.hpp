#pragma once
// What a Lambda event asks for. Two shapes are understood:
//   - an SQS batch, {"Records": [{"messageId": ..., "body": <payload template>}, ...]}, whose
//     bodies are payload templates as JSON (what Starfleet's Starbase sends) or YAML;
//   - a direct invocation whose event is itself one payload template object.
// Pure functions: no I/O.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::lambda {

struct SqsRecord {
    std::string message_id;
    std::string body;  // one payload template, JSON or YAML text
};

struct SqsBatch {
    std::vector<SqsRecord> records;
};

/// A direct invocation: the event document is the payload template.
struct DirectPayload {
    std::string text;  // the event as received (JSON, which the YAML parser reads)
};

using Event = std::variant<SqsBatch, DirectPayload>;

/// Classifies an event document. An object with a "Records" key is an SQS batch; any other
/// object is a direct payload. Fails with ErrorKind::Payload, naming the problem, for text that
/// is not a JSON object, a "Records" that is not an array, or a record without a string
/// "messageId" and "body" (without its id a record could not be reported on its own).
Result<Event> parse_event(std::string_view document);

/// The SQS partial batch response: {"batchItemFailures": [{"itemIdentifier": id}, ...]} in the
/// given order; an empty list means the whole batch succeeded.
std::string batch_response(const std::vector<std::string>& failed_message_ids);

}  // namespace repo2s3::lambda
