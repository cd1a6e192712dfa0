#pragma once
// The Lambda Runtime API (custom runtimes, API version 2018-06-01): fetch the next invocation,
// post its response or its error, or report a failed initialisation. The interface lets the
// invocation loop be tested without a server; HttpRuntimeApi is the real one over http::Client.

#include <chrono>
#include <optional>
#include <string>

#include "repo2s3/http/client.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::lambda {

/// One event, as GET /runtime/invocation/next hands it out.
struct Invocation {
    std::string request_id;  // Lambda-Runtime-Aws-Request-Id
    /// Lambda-Runtime-Deadline-Ms: when Lambda stops the function. Nothing when absent.
    std::optional<std::chrono::system_clock::time_point> deadline;
    std::string body;                         // the event document (JSON)
    std::optional<std::string> trace_id;      // Lambda-Runtime-Trace-Id
    std::optional<std::string> function_arn;  // Lambda-Runtime-Invoked-Function-Arn
};

/// A function error in Lambda's format: {"errorMessage": ..., "errorType": ...}. The type is
/// also sent as the Lambda-Runtime-Function-Error-Type header.
struct FunctionError {
    std::string type;  // e.g. "InvalidPayload"
    std::string message;
};

/// The JSON document Lambda expects for a function error.
std::string error_document(const FunctionError& error);

class RuntimeApi {
  public:
    virtual ~RuntimeApi() = default;
    RuntimeApi() = default;
    RuntimeApi(const RuntimeApi&) = delete;
    RuntimeApi& operator=(const RuntimeApi&) = delete;
    RuntimeApi(RuntimeApi&&) = delete;
    RuntimeApi& operator=(RuntimeApi&&) = delete;

    /// Waits, without a time limit, for the next invocation.
    virtual Result<Invocation> next() = 0;
    /// Posts the function's result for `request_id`.
    virtual Result<void> respond(const std::string& request_id, const std::string& body) = 0;
    /// Posts a function error for `request_id`.
    virtual Result<void> report_error(const std::string& request_id,
                                      const FunctionError& error) = 0;
    /// Posts an initialisation error; the runtime then exits.
    virtual Result<void> report_init_error(const FunctionError& error) = 0;
};

/// The Runtime API at `address` (host:port, the value of AWS_LAMBDA_RUNTIME_API).
/// Errors: Network/Timeout from the client; Http for an unexpected status (the message names
/// the call and the status); Http for a next invocation without a request id.
class HttpRuntimeApi final : public RuntimeApi {
  public:
    HttpRuntimeApi(http::Client& client, std::string address);

    Result<Invocation> next() override;
    Result<void> respond(const std::string& request_id, const std::string& body) override;
    Result<void> report_error(const std::string& request_id, const FunctionError& error) override;
    Result<void> report_init_error(const FunctionError& error) override;

  private:
    Result<void> post(const std::string& path, const std::string& body, const FunctionError* error);

    http::Client& client_;
    std::string base_url_;  // http://<address>/2018-06-01/runtime
};

/// The deadline in Lambda-Runtime-Deadline-Ms (milliseconds since the Unix epoch); nothing
/// when the value is not a plain non-negative integer.
std::optional<std::chrono::system_clock::time_point> parse_deadline_ms(const std::string& value);

}  // namespace repo2s3::lambda
