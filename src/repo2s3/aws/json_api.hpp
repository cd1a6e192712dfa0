#pragma once
// One call of an AWS service that speaks the JSON protocol (Secrets Manager, SQS): a signed POST
// of a JSON document with X-Amz-Target, retried on transient failures and throttling, and an
// error response turned into an Error whose kind callers can act on.

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/http/retry.hpp"

namespace repo2s3::aws {

struct JsonApiCall {
    std::string service;       // the SigV4 signing name: "secretsmanager", "sqs"
    std::string target;        // X-Amz-Target: "secretsmanager.GetSecretValue"
    std::string content_type;  // "application/x-amz-json-1.1" (1.0 for SQS)
    std::string region;
    ServiceEndpoint endpoint;
    std::string what;  // names the call in every error: "Secrets Manager secret 'x' in eu-west-1"
    http::RetryPolicy retry;
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

/// The response document of a successful (HTTP 200) call; it is never quoted in an error, since
/// it may hold a secret. Errors start with call.what:
/// - NotFound: ResourceNotFoundException, or SQS's QueueDoesNotExist;
/// - Auth: credentials missing or refused (AccessDenied, UnrecognizedClient, InvalidSignature,
///   an expired token, ...), or HTTP 401/403;
/// - RateLimited: throttled; Network: HTTP 5xx or a transport failure; Timeout;
/// - Http: any other error response (with its code and message), or a body that is not JSON.
Result<nlohmann::json> call_json_api(http::Client& client, CredentialsProvider& credentials,
                                     const JsonApiCall& call, const nlohmann::json& request_body,
                                     std::chrono::system_clock::time_point when);

}  // namespace repo2s3::aws
