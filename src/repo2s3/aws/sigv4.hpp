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

/// The header names this signer signs: every header the request carries except those that
/// proxies or the HTTP client may add, drop or rewrite after signing (authorization,
/// user-agent, expect, content-length, and the hop-by-hop headers connection, keep-alive,
/// proxy-authenticate, proxy-authorization, te, trailer, transfer-encoding, upgrade, plus
/// x-amzn-trace-id). AWS requires host and any x-amz-* header to be signed; both always are.
/// `lower_name` must be lower-case.
bool is_signed_header(std::string_view lower_name);
/// Lower-case, sorted, de-duplicated, ';'-joined names of the headers of `headers` to sign.
std::string signed_header_names(const http::Headers& headers);
/// The canonical URI of a request path as sent on the wire (already percent-encoded).
/// S3 (double_encode_path=false): the path as-is. Other services: dot segments and repeated
/// slashes are removed (RFC 3986 §5.2.4, as AWS requires) and the result is URI-encoded once
/// more, so "%20" becomes "%2520". An empty path is "/".
std::string canonical_uri(std::string_view path, bool double_encode_path);
/// The canonical query string of a raw query (no '?'). Each name and value is decoded and
/// re-encoded with uri_encode, so differently escaped forms of one query sign alike; '+' is a
/// literal plus. A parameter without '=' gets an empty value; empty '&&' segments are ignored.
/// Sorted by encoded name, then encoded value.
std::string canonical_query_string(std::string_view query);
/// "name:value\n" for each name in `signed_header_names`, values trimmed with inner
/// whitespace runs collapsed to one space; repeated headers are joined with ',' in order.
std::string canonical_headers(const http::Headers& headers, std::string_view signed_header_names);
std::string authorization_header(std::string_view access_key_id, std::string_view scope,
                                 std::string_view signed_header_names,
                                 std::string_view signature_hex);

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

/// The intermediate values of one signature, for diagnostics and cross-checks. The canonical
/// request can hold a session token: never log it.
struct SigningDetails {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signed_headers;
    std::string signature;  // hex
};

/// Adds Host (if absent), X-Amz-Date, X-Amz-Security-Token (when the credentials have one),
/// and Authorization to `request`, replacing any earlier values of the last three (so a retry
/// can be signed again). `payload_hash` is the hex SHA-256 of the body, or
/// kUnsignedPayload; for S3 it is also sent as x-amz-content-sha256.
/// S3 signs the path as sent (no double encoding); other services double-encode it.
SigningDetails sign_request(http::Request& request, const Credentials& credentials,
                            const SigningScope& scope, std::string_view payload_hash,
                            std::chrono::system_clock::time_point when);

}  // namespace repo2s3::aws::sigv4
