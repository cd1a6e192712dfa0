#pragma once
// What a Lambda event asks for. Three shapes are understood:
//   - an SQS batch, {"Records": [{"messageId": ..., "body": <payload template>}, ...]}, whose
//     bodies are payload templates as JSON (what Starfleet's Starbase sends) or YAML;
//   - an HTTP request through a Lambda Function URL or an API Gateway HTTP API (payload format
//     2.0: "requestContext": {"http": ...}), a GitHub webhook delivery;
//   - a direct invocation whose event is itself one payload template object.
// Pure functions: no I/O.

#include <map>
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

/// An HTTP request (payload format 2.0).
struct HttpRequest {
    std::string method;                          // requestContext.http.method
    std::string path;                            // rawPath
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;                            // base64-decoded when isBase64Encoded
};

using Event = std::variant<SqsBatch, DirectPayload, HttpRequest>;

/// Classifies an event document. An object with a "Records" key is an SQS batch, one with
/// "requestContext.http" an HTTP request; any other object is a direct payload. Fails with
/// ErrorKind::Payload, naming the problem, for text that is not a JSON object, a "Records" that is
/// not an array, or a record without a string "messageId" and "body" (without its id a record could
/// not be reported on its own).
Result<Event> parse_event(std::string_view document);

/// The SQS partial batch response: {"batchItemFailures": [{"itemIdentifier": id}, ...]} in the
/// given order; an empty list means the whole batch succeeded.
std::string batch_response(const std::vector<std::string>& failed_message_ids);

/// The response to an HTTP request: {"statusCode", "headers", "body"} with a JSON body.
std::string http_response(int status, const std::string& json_body);

}  // namespace repo2s3::lambda
