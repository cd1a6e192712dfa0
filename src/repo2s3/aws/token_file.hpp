#pragma once
// Reading a token that a platform keeps in a file and rotates (a Kubernetes service-account
// token, an EKS Pod Identity token): it is read again on every use, never cached here.

#include <string>

#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

/// The file's content without surrounding whitespace. `setting` names where the path came from
/// ("AWS_WEB_IDENTITY_TOKEN_FILE") for messages, which never quote the token.
/// Errors: ErrorKind::Io when the file cannot be read; ErrorKind::Auth when it is empty.
Result<std::string> read_token_file(const std::string& path, const std::string& setting);

}  // namespace repo2s3::aws
