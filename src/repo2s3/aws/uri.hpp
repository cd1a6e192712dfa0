#pragma once
// URI encoding as AWS defines it for SigV4 and S3 (RFC 3986 unreserved characters kept,
// everything else %XX with upper-case hex), and splitting an absolute URL into its parts.

#include <string>
#include <string_view>

namespace repo2s3::aws {

/// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ (and '/' unless `encode_slash`).
/// Use encode_slash=false for S3 object keys in a URL path, true for query names and values.
std::string uri_encode(std::string_view s, bool encode_slash);

/// Decodes %XX escapes (either hex case). A '%' not followed by two hex digits is kept as is;
/// '+' is kept as '+' (AWS query strings do not use form encoding).
std::string uri_decode(std::string_view s);

/// The parts of an absolute URL "scheme://authority/path?query#fragment". Missing parts are
/// empty; `path` keeps its encoding; the fragment is dropped.
struct UrlParts {
    std::string scheme;  // lower-case
    std::string host;    // lower-case; IPv6 literals keep their brackets
    std::string port;    // digits as written, empty when absent
    std::string path;
    std::string query;  // without the '?'
};
UrlParts split_url(std::string_view url);

/// The Host header value for a URL: host, plus ":port" unless the port is the scheme's default.
std::string host_header_value(const UrlParts& url);

}  // namespace repo2s3::aws
