#include "repo2s3/aws/instance_metadata_credentials.hpp"

#include "repo2s3/aws/credentials_json.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/http/url.hpp"
#include "repo2s3/util/ascii.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::chrono::seconds kTimeout{1};
constexpr int kAttempts = 2;
constexpr std::chrono::milliseconds kPause{100};
constexpr const char* kTokenTtlSeconds = "21600";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

Result<std::string> service_url(const util::EnvLookup& env) {
    if (auto configured = env("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
        if (!http::parse_url(*configured)) {
            return fail(ErrorKind::Usage, "AWS_EC2_METADATA_SERVICE_ENDPOINT=" + *configured +
                                              " is not an http(s) URL with a host");
        }
        while (configured->ends_with('/')) configured->pop_back();
        return *configured;
    }
    const auto mode = env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    if (mode && util::ascii_lower(*mode) == "ipv6") return std::string("http://[fd00:ec2::254]");
    return std::string("http://169.254.169.254");
}

http::Request metadata_request(std::string method, std::string url) {
    http::Request request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.timeout = kTimeout;
    return request;
}

Result<http::Response> send(http::Client& client, const http::Request& request) {
    // Off EC2 nothing answers: that is the usual case, so retries are not worth a warning.
    return http::send_with_retries(
        client, [&] { return request; }, http::transient_failure,
        {.max_attempts = kAttempts, .base_delay = kPause, .max_delay = kPause, .quiet = true},
        "instance metadata");
}

}  // namespace

Result<Credentials> InstanceMetadataCredentials::credentials() {
    const auto disabled = context_.env("AWS_EC2_METADATA_DISABLED");
    if (disabled && util::ascii_lower(*disabled) == "true") {
        return fail(ErrorKind::NotFound, "AWS_EC2_METADATA_DISABLED is true");
    }
    auto base = service_url(context_.env);
    if (!base) return util::unexpected(std::move(base.error()));
    http::Client& client = *context_.http;

    auto token_request = metadata_request("PUT", *base + "/latest/api/token");
    token_request.headers.set("X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds);
    const auto token = send(client, token_request);
    if (!token) {
        return fail(ErrorKind::NotFound, "no instance metadata service at " + *base + " (" +
                                             token.error().message + ")");
    }
    if (token->status != 200 || token->body.empty()) {
        return fail(ErrorKind::NotFound, "the instance metadata service at " + *base +
                                             " refused an IMDSv2 token (HTTP " +
                                             std::to_string(token->status) + ")");
    }

    const auto get = [&](const std::string& path) {
        auto request = metadata_request("GET", *base + path);
        request.headers.set("X-aws-ec2-metadata-token", token->body);
        return send(client, request);
    };
    const std::string what = "instance metadata at " + *base;
    auto roles = get(kCredentialsPath);
    if (!roles) return fail(roles.error().kind, what + ": " + roles.error().message);
    if (roles->status == 404) {
        return fail(ErrorKind::NotFound, "no IAM role is attached to this instance (" + what + ")");
    }
    if (roles->status != 200) {
        return fail(ErrorKind::Http,
                    what + ": HTTP " + std::to_string(roles->status) + " for the role name");
    }
    std::string role = roles->body.substr(0, roles->body.find_first_of("\r\n"));
    if (role.empty()) {
        return fail(ErrorKind::NotFound, "no IAM role is attached to this instance (" + what + ")");
    }
    if (role.find_first_of("/?#% ") != std::string::npos) {
        return fail(ErrorKind::Http, what + ": the role name is not a plain name");
    }

    auto keys = get(kCredentialsPath + role);
    if (!keys) return fail(keys.error().kind, what + ": " + keys.error().message);
    if (keys->status != 200) {
        return fail(ErrorKind::Http, what + ": HTTP " + std::to_string(keys->status) +
                                         " for the credentials of role " + role);
    }
    return parse_credentials_json(keys->body, "the credentials of role " + role + " from " + what);
}

}  // namespace repo2s3::aws
