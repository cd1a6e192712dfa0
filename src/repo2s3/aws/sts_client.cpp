#include "repo2s3/aws/sts_client.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/aws/sts_xml.hpp"
#include "repo2s3/aws/uri.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::string_view kApiVersion = "2011-06-15";
constexpr int kAttempts = 3;
constexpr std::chrono::milliseconds kFirstPause{200};
constexpr std::chrono::milliseconds kMaxPause{2000};
constexpr std::chrono::seconds kTimeout{30};

using Form = std::vector<std::pair<std::string, std::string>>;

std::string form_body(const Form& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += uri_encode(name, true) + "=" + uri_encode(value, true);
    }
    return body;
}

Form common_fields(std::string_view action, const AssumeRoleRequest& request) {
    Form fields = {{"Action", std::string(action)},
                   {"Version", std::string(kApiVersion)},
                   {"RoleArn", request.role_arn},
                   {"RoleSessionName", request.session_name}};
    if (request.duration_seconds) {
        fields.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
    }
    return fields;
}

http::Request post(const StsTarget& target, std::string body) {
    http::Request request;
    request.method = "POST";
    request.url = target.url + "/";
    request.timeout = kTimeout;
    request.body = std::move(body);
    request.headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    request.headers.set("User-Agent", std::string("repo2s3/") + REPO2S3_VERSION);
    return request;
}

Result<Credentials> exchange(http::Client& client, const http::Request& request,
                             std::string_view action, const AssumeRoleRequest& role,
                             const StsTarget& target) {
    const std::string what =
        "STS " + std::string(action) + " of " + role.role_arn + " at " + target.url;
    auto response = http::send_with_retries(
        client, [&] { return request; },
        [](const Result<http::Response>& result) {
            if (!result || result->status == 200) return http::transient_failure(result);
            const auto error = parse_sts_error(result->body);
            return http::RetryVerdict{
                sts_error_is_transient(result->status, error ? error->code : ""), std::nullopt};
        },
        {.max_attempts = kAttempts, .base_delay = kFirstPause, .max_delay = kMaxPause}, what);
    if (!response) return fail(response.error().kind, what + ": " + response.error().message);
    if (response->status != 200) {
        const auto error = parse_sts_error(response->body);
        const std::string code = error ? error->code : "";
        std::string text = what + ": HTTP " + std::to_string(response->status);
        if (!code.empty()) text += " " + code;
        if (error && !error->message.empty()) text += ": " + util::single_line(error->message);
        return fail(sts_error_kind(response->status, code), text);
    }
    auto credentials = parse_sts_credentials(response->body, action);
    if (!credentials)
        return fail(credentials.error().kind, what + ": " + credentials.error().message);
    return credentials;
}

}  // namespace

Result<StsTarget> sts_target(const util::EnvLookup& env,
                             const std::optional<std::string>& profile_region) {
    std::string region = default_region(env).value_or(profile_region.value_or("us-east-1"));
    auto endpoint = sts_endpoint(region, env);
    if (!endpoint) return util::unexpected(std::move(endpoint.error()));
    return StsTarget{std::move(endpoint->url), std::move(region)};
}

std::string default_session_name(std::chrono::system_clock::time_point now) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    return "repo2s3-" + std::to_string(millis);
}

Result<Credentials> assume_role(http::Client& client, const StsTarget& target,
                                const Credentials& source, const AssumeRoleRequest& request,
                                std::chrono::system_clock::time_point when) {
    Form fields = common_fields("AssumeRole", request);
    if (request.external_id) fields.emplace_back("ExternalId", *request.external_id);
    auto http_request = post(target, form_body(fields));
    sigv4::sign_request(http_request, source, {target.region, "sts"},
                        crypto::sha256_hex(http_request.body), when);
    return exchange(client, http_request, "AssumeRole", request, target);
}

Result<Credentials> assume_role_with_web_identity(http::Client& client, const StsTarget& target,
                                                  const std::string& web_identity_token,
                                                  const AssumeRoleRequest& request) {
    Form fields = common_fields("AssumeRoleWithWebIdentity", request);
    fields.emplace_back("WebIdentityToken", web_identity_token);
    const auto http_request = post(target, form_body(fields));
    return exchange(client, http_request, "AssumeRoleWithWebIdentity", request, target);
}

}  // namespace repo2s3::aws
