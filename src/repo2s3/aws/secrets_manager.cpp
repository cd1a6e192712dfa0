#include "repo2s3/aws/secrets_manager.hpp"

#include <utility>

#include "repo2s3/aws/json_api.hpp"

namespace repo2s3::aws {
namespace {

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
    const JsonApiCall call{.service = "secretsmanager",
                           .target = "secretsmanager.GetSecretValue",
                           .content_type = "application/x-amz-json-1.1",
                           .region = region,
                           .endpoint = endpoint,
                           .what = "Secrets Manager secret '" + secret_id + "' in " + region +
                                   " (" + endpoint.url + ")",
                           .retry = retry};
    auto body = call_json_api(client, credentials, call, {{"SecretId", secret_id}}, when);
    if (!body) {
        const auto kind = body.error().kind;
        // Only an answer of the service gets a hint: a failure to get credentials, or to reach
        // the service, already says what went wrong.
        const bool from_the_service = body.error().message.starts_with(call.what + ": HTTP ");
        return fail(
            kind, body.error().message + (from_the_service ? hint(kind, credentials.name()) : ""));
    }
    // The document holds the secret: it is read, never quoted.
    if (const auto text = body->find("SecretString"); text != body->end() && text->is_string()) {
        return text->get<std::string>();
    }
    if (body->contains("SecretBinary")) {
        return fail(ErrorKind::Usage, call.what +
                                          " holds binary data (SecretBinary); store the "
                                          "secrets document as a secret string");
    }
    return fail(ErrorKind::Http, call.what + ": the GetSecretValue response has no SecretString");
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
