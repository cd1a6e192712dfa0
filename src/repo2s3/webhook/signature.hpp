#pragma once
// GitHub's webhook signature: X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256 of the
// raw request body under the webhook secret.

#include <string>
#include <string_view>

namespace repo2s3::webhook {

/// True when `header` is the signature of `body` under `secret`, compared in constant time. A
/// missing, malformed or wrong header, or an empty secret, is false.
bool signature_valid(std::string_view secret, std::string_view body, std::string_view header);

/// The header value GitHub sends for `body`.
std::string signature_header(std::string_view secret, std::string_view body);

}  // namespace repo2s3::webhook
