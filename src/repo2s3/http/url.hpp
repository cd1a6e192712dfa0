#pragma once
// Just enough URL handling to compare origins and resolve redirect targets.

#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::http {

struct Url {
    std::string scheme;  // lower-case
    std::string host;    // lower-case
    std::string port;    // explicit port, or empty
    std::string target;  // path and query, starting with '/'

    /// scheme://host[:port], with the default port made explicit so that origins compare equal.
    std::string origin() const;
};

/// Parses an absolute http(s) URL; nothing for anything else.
std::optional<Url> parse_url(std::string_view url);

/// Resolves a Location header against the URL that returned it (absolute, or starting with '/').
std::optional<std::string> resolve_location(std::string_view base_url, std::string_view location);

/// Whether `host` (as Url::host has it) is this machine: "localhost", 127.0.0.0/8 or [::1].
/// Plain http:// is allowed only there: anything else would carry tokens in clear text.
bool is_loopback_host(std::string_view host);

/// Percent-encodes everything but unreserved characters (A-Z a-z 0-9 - _ . ~), and '/' when
/// `keep_slash` is set.
std::string percent_encode(std::string_view text, bool keep_slash);

}  // namespace repo2s3::http
