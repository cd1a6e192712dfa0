#include "repo2s3/aws/uri.hpp"

#include <optional>

#include "repo2s3/util/ascii.hpp"

namespace repo2s3::aws {
namespace {

bool is_unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

std::optional<int> hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return std::nullopt;
}

}  // namespace

std::string uri_encode(std::string_view s, bool encode_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (is_unreserved(c) || (c == '/' && !encode_slash)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

std::string uri_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool escape = s[i] == '%' && i + 2 < s.size();
        const auto high = escape ? hex_value(s[i + 1]) : std::nullopt;
        const auto low = high ? hex_value(s[i + 2]) : std::nullopt;
        if (high && low) {
            out += static_cast<char>((*high << 4) | *low);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);

    std::string_view rest = url;
    if (const auto scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
        parts.scheme = util::ascii_lower(rest.substr(0, scheme_end));
        rest.remove_prefix(scheme_end + 3);
    }
    const auto authority_end = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, authority_end);
    rest =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);

    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);  // userinfo is never part of Host
    }
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        parts.port = std::string(authority.substr(colon + 1));
        authority = authority.substr(0, colon);
    }
    parts.host = util::ascii_lower(authority);

    const auto question = rest.find('?');
    parts.path = std::string(rest.substr(0, question));
    if (question != std::string_view::npos) parts.query = std::string(rest.substr(question + 1));
    return parts;
}

std::string host_header_value(const UrlParts& url) {
    const bool default_port = url.port.empty() || (url.scheme == "http" && url.port == "80") ||
                              (url.scheme == "https" && url.port == "443");
    return default_port ? url.host : url.host + ":" + url.port;
}

}  // namespace repo2s3::aws
