#pragma once
// STS's query-protocol XML: the Credentials of an AssumeRole* response and the ErrorResponse
// document. A success response holds secrets, so no message ever quotes the document.

#include <optional>
#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

/// The Credentials of `<{action}Response><{action}Result><Credentials>` (action: "AssumeRole",
/// "AssumeRoleWithWebIdentity"): AccessKeyId, SecretAccessKey, SessionToken, Expiration.
/// Errors: ErrorKind::Http naming the action and what is missing or malformed (not XML, another
/// root element, a missing or empty field, an Expiration that is not an ISO 8601 time).
Result<Credentials> parse_sts_credentials(std::string_view xml, std::string_view action);

/// The fields of an STS `<ErrorResponse><Error>` document.
struct StsError {
    std::string code;  // "AccessDenied", "InvalidIdentityToken", "ExpiredTokenException", ...
    std::string message;
    std::string request_id;
};

/// The error in a response body, or nothing when the body is not an STS error document.
std::optional<StsError> parse_sts_error(std::string_view xml);

/// The error kind for an STS error: Auth for rejected credentials, tokens or permissions;
/// RateLimited for throttling; Network for 5xx and IDPCommunicationError (worth retrying);
/// Http otherwise.
ErrorKind sts_error_kind(long status, std::string_view code);

/// Whether an STS failure is worth another attempt (5xx, throttling, IDPCommunicationError).
bool sts_error_is_transient(long status, std::string_view code);

}  // namespace repo2s3::aws
