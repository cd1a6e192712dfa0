#include "repo2s3/aws/secrets_manager.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::string_view kTarget = "secretsmanager.GetSecretValue";
constexpr std::string_view kContentType = "application/x-amz-json-1.1";

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

// The error code of an AWS JSON-protocol error: "__type" with any "namespace#" prefix removed,
// else the x-amzn-ErrorType header without its ":detail" suffix.
std::string error_code(const http::Response& response, const nlohmann::json& body) {
    std::string code = string_field(body, {"__type", "code", "Code"});
    if (code.empty()) code = response.headers.get("x-amzn-ErrorType").value_or("");
    if (const auto hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
    if (const auto colon = code.find(':'); colon != std::string::npos) code.erase(colon);
    return code;
}

ErrorKind error_kind(long status, std::string_view code) {
    if (code == "ResourceNotFoundException") return ErrorKind::NotFound;
    if (contains(kAuthErrors, code) || status == 401 || status == 403) return ErrorKind::Auth;
    if (contains(kThrottlingErrors, code) || status == 429) return ErrorKind::RateLimited;
    if (status >= 500) return ErrorKind::Network;
    return ErrorKind::Http;
}

std::string hint(ErrorKind kind, const std::string& credentials_name) {
    switch (kind) {
        case ErrorKind::NotFound:
            return "; check the secret id and its region";
        case ErrorKind::Auth:
            return "; check the AWS credentials (" + credentials_name +
                   ") and that they may call secretsmanager:GetSecretValue on this secret";
        case ErrorKind::RateLimited:
        case ErrorKind::Network:
            return "; try again later";
        default:
            return "";
    }
}

}  // namespace

http::RetryPolicy secrets_manager_retry_policy() {
    return {.max_attempts = 4,
            .base_delay = std::chrono::milliseconds(200),
            .max_delay = std::chrono::seconds(5)};
}

Result<std::string> get_secret_value(http::Client& client, CredentialsProvider& credentials,
                                     const ServiceEndpoint& endpoint, const std::string& region,
                                     const std::string& secret_id,
                                     std::chrono::system_clock::time_point when,
                                     const http::RetryPolicy& retry) {
    const std::string what =
        "Secrets Manager secret '" + secret_id + "' in " + region + " (" + endpoint.url + ")";
    auto keys = credentials.credentials();
    if (!keys) return fail(keys.error().kind, what + ": " + keys.error().message);

    http::Request request;
    request.method = "POST";
    request.url = endpoint.url + "/";
    request.timeout = std::chrono::seconds(30);
    request.body = util::json_text({{"SecretId", secret_id}});
    request.headers.set("Content-Type", std::string(kContentType));
    request.headers.set("X-Amz-Target", std::string(kTarget));
    request.headers.set("User-Agent", std::string("repo2s3/") + REPO2S3_VERSION);
    // The signature covers the time: every attempt is signed again.
    const auto signed_request = [&] {
        http::Request attempt = request;
        sigv4::sign_request(attempt, *keys, {region, "secretsmanager"},
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
    auto response = http::send_with_retries(client, signed_request, classify, retry, what);
    if (!response) return fail(response.error().kind, what + ": " + response.error().message);

    // A success body holds the secret: it is parsed, never quoted.
    const auto body = nlohmann::json::parse(response->body, nullptr, false);
    if (response->status != 200) {
        const std::string code = error_code(*response, body);
        const std::string message = util::single_line(string_field(body, {"message", "Message"}));
        const ErrorKind kind = error_kind(response->status, code);
        std::string text = what + ": HTTP " + std::to_string(response->status);
        if (!code.empty()) text += " " + code;
        if (!message.empty()) text += ": " + message;
        return fail(kind, text + hint(kind, credentials.name()));
    }
    if (!body.is_object()) {
        return fail(ErrorKind::Http, what + ": the GetSecretValue response is not a JSON object");
    }
    if (const auto text = body.find("SecretString"); text != body.end() && text->is_string()) {
        return text->get<std::string>();
    }
    if (body.contains("SecretBinary")) {
        return fail(ErrorKind::Usage, what +
                                          " holds binary data (SecretBinary); store the "
                                          "secrets document as a secret string");
    }
    return fail(ErrorKind::Http, what + ": the GetSecretValue response has no SecretString");
}

Result<std::string> get_secret_value(http::Client& client, CredentialsProvider& credentials,
                                     const ServiceEndpoint& endpoint, const std::string& region,
                                     const std::string& secret_id) {
    return get_secret_value(client, credentials, endpoint, region, secret_id,
                            std::chrono::system_clock::now(), secrets_manager_retry_policy());
}

secrets::SecretFetcher make_secret_fetcher(http::Client& client,
                                           std::shared_ptr<CredentialsProvider> credentials,
                                           util::EnvLookup env) {
    return [&client, credentials = std::move(credentials), env = std::move(env)](
               const std::string& secret_id, const std::string& region) -> Result<std::string> {
        auto endpoint = secrets_manager_endpoint(region, env);
        if (!endpoint) return util::unexpected(std::move(endpoint.error()));
        return get_secret_value(client, *credentials, *endpoint, region, secret_id);
    };
}

}  // namespace repo2s3::aws
