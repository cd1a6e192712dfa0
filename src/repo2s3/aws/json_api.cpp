#include "repo2s3/aws/json_api.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::array<std::string_view, 11> kAuthErrors = {
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "DecryptionFailure",
    "NotAuthorized",
};

constexpr std::array<std::string_view, 4> kThrottlingErrors = {
    "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"};

constexpr std::array<std::string_view, 3> kNotFoundErrors = {
    "ResourceNotFoundException", "QueueDoesNotExist", "NonExistentQueue"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string string_field(const nlohmann::json& json, std::initializer_list<const char*> keys) {
    if (!json.is_object()) return "";
    for (const char* key : keys) {
        const auto found = json.find(key);
        if (found != json.end() && found->is_string()) return found->get<std::string>();
    }
    return "";
}

// The error code of a JSON-protocol error: "__type" with any "namespace#" prefix removed, else
// the x-amzn-ErrorType header without its ":detail" suffix; SQS's "AWS.SimpleQueueService."
// prefix is dropped too.
std::string error_code(const http::Response& response, const nlohmann::json& body) {
    std::string code = string_field(body, {"__type", "code", "Code"});
    if (code.empty()) code = response.headers.get("x-amzn-ErrorType").value_or("");
    if (const auto hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
    if (const auto colon = code.find(':'); colon != std::string::npos) code.erase(colon);
    if (const auto dot = code.rfind('.'); dot != std::string::npos) code.erase(0, dot + 1);
    return code;
}

ErrorKind error_kind(long status, std::string_view code) {
    if (contains(kNotFoundErrors, code)) return ErrorKind::NotFound;
    if (contains(kAuthErrors, code) || status == 401 || status == 403) return ErrorKind::Auth;
    if (contains(kThrottlingErrors, code) || status == 429) return ErrorKind::RateLimited;
    if (status >= 500) return ErrorKind::Network;
    return ErrorKind::Http;
}

}  // namespace

Result<nlohmann::json> call_json_api(http::Client& client, CredentialsProvider& credentials,
                                     const JsonApiCall& call, const nlohmann::json& request_body,
                                     std::chrono::system_clock::time_point when) {
    auto keys = credentials.credentials();
    if (!keys) return fail(keys.error().kind, call.what + ": " + keys.error().message);

    http::Request request;
    request.method = "POST";
    request.url = call.endpoint.url + "/";
    request.timeout = call.timeout;
    request.body = util::json_text(request_body);
    request.headers.set("Content-Type", call.content_type);
    request.headers.set("X-Amz-Target", call.target);
    request.headers.set("User-Agent", std::string("repo2s3/") + REPO2S3_VERSION);
    // The signature covers the time: every attempt is signed again.
    const auto signed_request = [&] {
        http::Request attempt = request;
        sigv4::sign_request(attempt, *keys, {call.region, call.service},
                            crypto::sha256_hex(attempt.body), when);
        return attempt;
    };
    const auto classify = [](const Result<http::Response>& result) {
        if (!result || result->status < 400 || result->status >= 500) {
            return http::transient_failure(result);
        }
        const auto body = nlohmann::json::parse(result->body, nullptr, false);
        return http::RetryVerdict{
            error_kind(result->status, error_code(*result, body)) == ErrorKind::RateLimited,
            std::nullopt};
    };
    auto response =
        http::send_with_retries(client, signed_request, classify, call.retry, call.what);
    if (!response) return fail(response.error().kind, call.what + ": " + response.error().message);

    auto body = nlohmann::json::parse(response->body, nullptr, false);
    if (response->status != 200) {
        const std::string code = error_code(*response, body);
        const std::string message = util::single_line(string_field(body, {"message", "Message"}));
        std::string text = call.what + ": HTTP " + std::to_string(response->status);
        if (!code.empty()) text += " " + code;
        if (!message.empty()) text += ": " + message;
        return fail(error_kind(response->status, code), text);
    }
    if (!body.is_object()) {
        return fail(ErrorKind::Http, call.what + ": the response is not a JSON object");
    }
    return body;
}

}  // namespace repo2s3::aws
