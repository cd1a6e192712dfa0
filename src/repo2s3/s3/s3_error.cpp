#include "repo2s3/s3/s3_error.hpp"

#include <array>
#include <string_view>

#include "repo2s3/s3/s3_xml.hpp"

namespace repo2s3::s3 {
namespace {

constexpr std::size_t kMaxMessageLength = 300;

constexpr std::array<std::string_view, 4> kRetryableCodes = {
    "SlowDown", "InternalError", "RequestTimeout", "ServiceUnavailable"};

constexpr std::array<std::string_view, 5> kCredentialCodes = {
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
    "TokenRefreshRequired"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
    for (const auto item : list) {
        if (item == value) return true;
    }
    return false;
}

// Server text goes into a one-line message: no line breaks, bounded length.
std::string one_line(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, kMaxMessageLength)) {
        out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    }
    if (text.size() > kMaxMessageLength) out += "…";
    return out;
}

// What a status means when the response carried no error document (HEAD, proxies).
std::string_view status_summary(long status) {
    switch (status) {
        case 400:
            return "bad request";
        case 403:
            return "forbidden: access denied, or the credentials were rejected";
        case 404:
            return "not found";
        case 409:
            return "conflict";
        case 412:
            return "precondition failed";
        default:
            return status >= 500 ? "server error" : "request failed";
    }
}

}  // namespace

ServiceError service_error(const http::Response& response) {
    ServiceError error;
    error.http_status = response.status;
    if (const auto document = parse_error_document(response.body)) {
        error.code = document->code;
        error.message = document->message;
        error.request_id = document->request_id;
    }
    if (error.request_id.empty()) {
        error.request_id = response.headers.get("x-amz-request-id").value_or("");
    }
    error.bucket_region = response.headers.get("x-amz-bucket-region").value_or("");
    return error;
}

bool is_retryable(const ServiceError& error) {
    switch (error.http_status) {
        case 500:
        case 502:
        case 503:
        case 504:
            return true;
        default:
            return contains(kRetryableCodes, error.code);
    }
}

Error to_error(const ServiceError& error, std::string_view operation, std::string_view target) {
    ErrorKind kind = ErrorKind::S3;
    if (error.http_status == 404) {
        kind = ErrorKind::NotFound;
    } else if (error.http_status == 412 || error.code == "PreconditionFailed") {
        kind = ErrorKind::Precondition;
    } else if (error.code == "ConditionalRequestConflict") {
        kind = ErrorKind::Conflict;
    } else if (contains(kCredentialCodes, error.code)) {
        kind = ErrorKind::Auth;
    }

    std::string message = "S3 ";
    message.append(operation).append(" ").append(target).append(": ");
    if (!error.code.empty()) {
        message += one_line(error.code);
        if (!error.message.empty()) message.append(": ").append(one_line(error.message));
    } else {
        message += status_summary(error.http_status);
    }
    message.append(" (HTTP ").append(std::to_string(error.http_status));
    if (!error.request_id.empty())
        message.append(", request id ").append(one_line(error.request_id));
    message += ")";
    if (!error.bucket_region.empty() && (error.http_status == 301 || error.http_status == 400)) {
        message.append("; the bucket is in region ").append(one_line(error.bucket_region));
    }
    return {kind, std::move(message)};
}

}  // namespace repo2s3::s3
