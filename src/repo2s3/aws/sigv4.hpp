#pragma once
// AWS Signature Version 4, header signing. Every step is a pure function with the time passed in,
// so each can be checked against AWS's published test vectors.

#include <chrono>
#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/http/message.hpp"

namespace repo2s3::aws::sigv4 {

struct SigningScope {
    std::string region;
    std::string service;  // "s3", "secretsmanager", "sts", ...
};

/// The literal used for x-amz-content-sha256 when the body is not hashed.
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

std::string amz_date(std::chrono::system_clock::time_point when);    // 20150830T123600Z
std::string date_stamp(std::chrono::system_clock::time_point when);  // 20150830
std::string credential_scope(std::string_view date, const SigningScope& scope);
/// The canonical request for a request whose URL path and query are already percent-encoded
/// as they go on the wire. `signed_header_names` is lower-case, ';'-joined, sorted.
std::string canonical_request(const http::Request& request, std::string_view signed_header_names,
                              std::string_view payload_hash, bool double_encode_path);
std::string string_to_sign(std::string_view amz_date_value, std::string_view scope,
                           std::string_view canonical_request_text);
std::string signing_key(std::string_view secret_key, std::string_view date,
                        const SigningScope& scope);
std::string signature(std::string_view key, std::string_view string_to_sign_text);  // hex

/// Adds Host (if absent), X-Amz-Date, X-Amz-Security-Token (when the credentials have one),
/// and Authorization to `request`. `payload_hash` is the hex SHA-256 of the body, or
/// kUnsignedPayload; for S3 it is also sent as x-amz-content-sha256.
/// S3 signs the path as sent (no double encoding); other services double-encode it.
void sign_request(http::Request& request, const Credentials& credentials, const SigningScope& scope,
                  std::string_view payload_hash, std::chrono::system_clock::time_point when);

}  // namespace repo2s3::aws::sigv4
