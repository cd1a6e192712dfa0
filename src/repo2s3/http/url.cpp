#include "repo2s3/http/url.hpp"

#include <algorithm>
#include <cctype>

namespace repo2s3::http {
namespace {

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

}  // namespace

std::string Url::origin() const {
    std::string effective_port = port;
    if (effective_port.empty()) effective_port = scheme == "https" ? "443" : "80";
    return scheme + "://" + host + ":" + effective_port;
}

std::optional<Url> parse_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    Url parsed;
    parsed.scheme = lower(url.substr(0, scheme_end));
    if (parsed.scheme != "http" && parsed.scheme != "https") return std::nullopt;
    const auto authority_start = scheme_end + 3;
    const auto target_start = url.find_first_of("/?#", authority_start);
    std::string_view authority = url.substr(authority_start, target_start == std::string_view::npos
                                                                 ? std::string_view::npos
                                                                 : target_start - authority_start);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);  // user info is never part of the origin
    }
    const auto colon = authority.rfind(':');
    const bool has_port =
        colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos;
    parsed.host = lower(has_port ? authority.substr(0, colon) : authority);
    if (has_port) parsed.port = std::string(authority.substr(colon + 1));
    if (parsed.host.empty()) return std::nullopt;
    parsed.target =
        target_start == std::string_view::npos ? "/" : std::string(url.substr(target_start));
    if (parsed.target.front() != '/') parsed.target.insert(0, "/");
    return parsed;
}

std::optional<std::string> resolve_location(std::string_view base_url, std::string_view location) {
    if (parse_url(location)) return std::string(location);
    if (!location.starts_with('/') || location.starts_with("//")) return std::nullopt;
    const auto base = parse_url(base_url);
    if (!base) return std::nullopt;
    return base->scheme + "://" + base->host + (base->port.empty() ? "" : ":" + base->port) +
           std::string(location);
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "[::1]") return true;
    // A dotted-quad 127.a.b.c; anything else (127.evil.example) is a name, not loopback.
    if (!host.starts_with("127.")) return false;
    int dots = 0;
    for (const char c : host) {
        if (c == '.') {
            ++dots;
        } else if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return dots == 3 && !host.ends_with('.');
}

std::string percent_encode(std::string_view text, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if (std::isalnum(byte) || ch == '-' || ch == '_' || ch == '.' || ch == '~' ||
            (keep_slash && ch == '/')) {
            encoded += ch;
        } else {
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0x0F];
        }
    }
    return encoded;
}

}  // namespace repo2s3::http
