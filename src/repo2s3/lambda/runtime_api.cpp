#include "repo2s3/lambda/runtime_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "repo2s3/http/url.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::lambda {
namespace {

constexpr std::chrono::milliseconds kPostTimeout{std::chrono::seconds(30)};

bool is_success(long status) {
    return status >= 200 && status < 300;
}

/// "HTTP 413: {body}" with the body cut short, for error messages.
std::string status_text(const http::Response& response) {
    std::string text = "HTTP " + std::to_string(response.status);
    if (!response.body.empty()) {
        constexpr std::size_t kMaxBody = 300;
        text += ": " + response.body.substr(0, kMaxBody);
        if (response.body.size() > kMaxBody) text += "…";
    }
    return text;
}

}  // namespace

std::string error_document(const FunctionError& error) {
    return util::json_text({{"errorMessage", error.message}, {"errorType", error.type}});
}

std::optional<std::chrono::system_clock::time_point> parse_deadline_ms(const std::string& value) {
    std::int64_t ms = 0;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, ms);
    if (value.empty() || ec != std::errc() || ptr != end || ms < 0) return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

HttpRuntimeApi::HttpRuntimeApi(http::Client& client, std::string address)
    : client_(client), base_url_("http://" + std::move(address) + "/2018-06-01/runtime") {}

Result<Invocation> HttpRuntimeApi::next() {
    http::Request request;
    request.method = "GET";
    request.url = base_url_ + "/invocation/next";
    // Lambda holds this request open until an event arrives, for as long as the environment
    // stays frozen: no time limit.
    request.timeout = std::chrono::milliseconds(0);
    auto response = client_.send(request);
    if (!response) return util::unexpected(std::move(response.error()));
    if (response->status != 200) {
        return fail(ErrorKind::Http,
                    "Lambda Runtime API: next invocation: " + status_text(*response));
    }
    Invocation invocation;
    auto request_id = response->headers.get("Lambda-Runtime-Aws-Request-Id");
    if (!request_id) {
        return fail(
            ErrorKind::Http,
            "Lambda Runtime API: next invocation came without Lambda-Runtime-Aws-Request-Id");
    }
    invocation.request_id = std::move(*request_id);
    if (auto deadline = response->headers.get("Lambda-Runtime-Deadline-Ms")) {
        invocation.deadline = parse_deadline_ms(*deadline);
    }
    invocation.trace_id = response->headers.get("Lambda-Runtime-Trace-Id");
    invocation.function_arn = response->headers.get("Lambda-Runtime-Invoked-Function-Arn");
    invocation.body = std::move(response->body);
    return invocation;
}

Result<void> HttpRuntimeApi::respond(const std::string& request_id, const std::string& body) {
    return post("/invocation/" + http::percent_encode(request_id, false) + "/response", body,
                nullptr);
}

Result<void> HttpRuntimeApi::report_error(const std::string& request_id,
                                          const FunctionError& error) {
    return post("/invocation/" + http::percent_encode(request_id, false) + "/error",
                error_document(error), &error);
}

Result<void> HttpRuntimeApi::report_init_error(const FunctionError& error) {
    return post("/init/error", error_document(error), &error);
}

Result<void> HttpRuntimeApi::post(const std::string& path, const std::string& body,
                                  const FunctionError* error) {
    http::Request request;
    request.method = "POST";
    request.url = base_url_ + path;
    request.headers.set("Content-Type", "application/json");
    if (error != nullptr) request.headers.set("Lambda-Runtime-Function-Error-Type", error->type);
    request.body = body;
    request.timeout = kPostTimeout;
    auto response = client_.send(request);
    if (!response) return util::unexpected(std::move(response.error()));
    if (!is_success(response->status)) {
        return fail(ErrorKind::Http,
                    "Lambda Runtime API: POST " + path + ": " + status_text(*response));
    }
    return {};
}

}  // namespace repo2s3::lambda
