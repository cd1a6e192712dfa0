// lambda::parse_event on any bytes, then the whole SyncHandler over the same event with a fake
// run (no I/O): a template whose name has an odd length "fails", any other succeeds.
//   parse_event fails with one line of kind Payload starting "event: "; an SQS batch keeps a
//   non-empty id per record; a direct payload is the event text itself.
//   batch_response() gives the ids back exactly (JSON round trip).
//   The handler answers InvalidEvent exactly for events parse_event refuses; for a batch, the
//   failed ids are exactly the records whose body is not a valid template or whose run failed,
//   in order; for a direct payload, InvalidPayload / SyncFailed / the report likewise.
//   error_document() of any function error is JSON that carries the message.
//   An HTTP request (requestContext.http) has lower-case header names; with no webhook set up
//   the handler answers it with a 404 response document.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "repo2s3/lambda/event.hpp"
#include "repo2s3/lambda/handler.hpp"
#include "repo2s3/payload/template_parser.hpp"

namespace {

using namespace repo2s3;

constexpr const char* kReport = R"({"fake":"report"})";

bool run_fails(const payload::SyncTemplate& sync_template) {
    return sync_template.template_name.size() % 2 == 1;
}

std::vector<std::string> ids_of(const std::string& response) {
    const auto json = nlohmann::json::parse(response, nullptr, false);
    FUZZ_CHECK_MSG(json.is_object() && json.contains("batchItemFailures") &&
                       json["batchItemFailures"].is_array(),
                   response);
    std::vector<std::string> ids;
    for (const auto& failure : json["batchItemFailures"]) {
        FUZZ_CHECK_MSG(failure.is_object() && failure.contains("itemIdentifier") &&
                           failure["itemIdentifier"].is_string(),
                       response);
        ids.push_back(failure["itemIdentifier"].get<std::string>());
    }
    return ids;
}

void check_function_error(const lambda::FunctionError& error) {
    FUZZ_CHECK(!error.message.empty());
    const auto document = nlohmann::json::parse(lambda::error_document(error), nullptr, false);
    FUZZ_CHECK(document.is_object() && document.contains("errorType") &&
               document.contains("errorMessage"));
    FUZZ_CHECK(document["errorType"] == error.type && document["errorMessage"].is_string());
}

lambda::SyncHandler make_handler() {
    const auto run = [](const payload::SyncTemplate& sync_template, bool, const util::Deadline&) {
        job::RunReport report;
        report.template_name = sync_template.template_name;
        if (run_fails(sync_template)) report.error = Error{ErrorKind::S3, "fake failure"};
        return report;
    };
    const auto report = [](const job::RunReport&) { return std::string(kReport); };
    const auto clock = [] { return std::chrono::system_clock::time_point{}; };
    return lambda::SyncHandler(run, report, lambda::HandlerSettings{}, clock);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {
        spdlog::set_level(spdlog::level::off);
        return true;
    }();
    (void)quiet;
    const std::string text(fuzz::as_text(data, size));
    const auto event = lambda::parse_event(text);
    static lambda::SyncHandler handler = make_handler();
    const auto reply = handler.handle(lambda::Invocation{.request_id = "fuzz", .body = text});

    if (!event) {
        FUZZ_CHECK(event.error().kind == ErrorKind::Payload);
        fuzz::check_error_names(event.error(), "event");
        FUZZ_CHECK(!reply && reply.error().type == lambda::kInvalidEvent);
        check_function_error(reply.error());
        return 0;
    }

    if (const auto* batch = std::get_if<lambda::SqsBatch>(&*event)) {
        std::vector<std::string> ids;
        std::vector<std::string> expected_failures;
        for (const auto& record : batch->records) {
            FUZZ_CHECK(!record.message_id.empty());
            ids.push_back(record.message_id);
            const auto parsed = payload::parse_template(record.body, "message body");
            if (!parsed || run_fails(*parsed)) expected_failures.push_back(record.message_id);
        }
        FUZZ_CHECK(ids_of(lambda::batch_response(ids)) == ids);
        FUZZ_CHECK_MSG(reply.has_value(), reply ? "" : reply.error().message);
        FUZZ_CHECK(ids_of(*reply) == expected_failures);
        return 0;
    }

    if (const auto* request = std::get_if<lambda::HttpRequest>(&*event)) {
        // No webhook is set up here: every HTTP request gets a 404 response document.
        for (const auto& [name, value] : request->headers) {
            FUZZ_CHECK(std::none_of(name.begin(), name.end(),
                                    [](char c) { return c >= 'A' && c <= 'Z'; }));
        }
        FUZZ_CHECK_MSG(reply.has_value(), reply ? "" : reply.error().message);
        const auto response = nlohmann::json::parse(*reply, nullptr, false);
        FUZZ_CHECK(response.is_object() && response["statusCode"] == 404 &&
                   response["body"].is_string());
        return 0;
    }

    const auto& direct = std::get<lambda::DirectPayload>(*event);
    FUZZ_CHECK(direct.text == text);
    const auto parsed = payload::parse_template(direct.text, "event");
    if (!parsed) {
        FUZZ_CHECK(!reply && reply.error().type == lambda::kInvalidPayload);
        check_function_error(reply.error());
    } else if (run_fails(*parsed)) {
        FUZZ_CHECK(!reply && reply.error().type == lambda::kSyncFailed);
        check_function_error(reply.error());
    } else {
        FUZZ_CHECK(reply && *reply == kReport);
    }
    return 0;
}
