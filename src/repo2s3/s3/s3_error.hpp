#pragma once
// S3 error responses as typed values, and how they become the project's Error.

#include <string>
#include <string_view>

#include "repo2s3/http/message.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::s3 {

struct ServiceError {
    std::string code;  // "AccessDenied", ...; empty when the response had no error document
    std::string message;
    long http_status = 0;
    std::string request_id;     // from the document, else the x-amz-request-id header
    std::string bucket_region;  // x-amz-bucket-region, when S3 says where the bucket lives
};

/// The ServiceError of an unsuccessful response: from its <Error> document when it has one,
/// otherwise (HEAD, or a proxy's HTML page) from the status and headers alone. Whatever the
/// body holds, only the document's fields are kept.
ServiceError service_error(const http::Response& response);

/// True for failures worth another attempt: HTTP 500/502/503/504 and the codes SlowDown,
/// InternalError, RequestTimeout, ServiceUnavailable.
bool is_retryable(const ServiceError& error);

/// The Error for a failed `operation` ("PutObject") on `target` ("s3://bucket/key"), e.g.
/// "S3 PutObject s3://b/k: AccessDenied: Access Denied (HTTP 403, request id X)".
/// Kind: NotFound for HTTP 404 (a HEAD of a missing key, NoSuchKey, NoSuchBucket); Auth when S3
/// rejects the credentials themselves (InvalidAccessKeyId, SignatureDoesNotMatch,
/// ExpiredToken, InvalidToken, TokenRefreshRequired); Precondition for HTTP 412
/// (PreconditionFailed: a conditional write or delete was refused); Conflict for
/// ConditionalRequestConflict (HTTP 409, a concurrent conditional write); S3 for everything else.
Error to_error(const ServiceError& error, std::string_view operation, std::string_view target);

}  // namespace repo2s3::s3
