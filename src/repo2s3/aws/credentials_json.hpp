#pragma once
// The JSON credentials document of the container credentials endpoint and of the instance
// metadata service: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}. The document
// holds secrets, so no message ever quotes it.

#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

/// The credentials in `body`. AccessKeyId and SecretAccessKey are required; Token and
/// Expiration (ISO 8601) are read when present. A "Code" other than "Success" (the instance
/// metadata service's status) is refused.
/// Errors: ErrorKind::Http with `what` and the missing or malformed field.
Result<Credentials> parse_credentials_json(std::string_view body, const std::string& what);

}  // namespace repo2s3::aws
