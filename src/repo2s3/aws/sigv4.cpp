#include "repo2s3/aws/sigv4.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>
#include <utility>
#include <vector>

#include "repo2s3/aws/uri.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/hmac.hpp"
#include "repo2s3/util/ascii.hpp"

namespace repo2s3::aws::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";

constexpr std::array<std::string_view, 13> kUnsignedHeaders = {
    "authorization",
    "user-agent",
    "expect",
    "content-length",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "te",
    "proxy-authorization",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "x-amzn-trace-id",
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// SigV4 "Trimall": strip both ends and turn every inner whitespace run into one space.
std::string trim_all(std::string_view value) {
    std::string out;
    bool pending_space = false;
    for (const char c : value) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        pieces.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) return pieces;
        start = end + 1;
    }
}

// RFC 3986 §5.2.4 dot-segment removal, also dropping empty segments ("//"), which AWS services
// other than S3 expect. Keeps a leading and (when anything remains) a trailing slash.
std::string normalize_path(std::string_view path) {
    std::vector<std::string_view> kept;
    for (const auto segment : split(path, '/')) {
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!kept.empty()) kept.pop_back();
            continue;
        }
        kept.push_back(segment);
    }
    std::string out = path.front() == '/' ? "/" : "";
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0) out += '/';
        out += kept[i];
    }
    if (path.back() == '/' && !kept.empty()) out += '/';
    return out;
}

std::string format_utc(std::chrono::system_clock::time_point when, const char* format) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr) throw std::runtime_error("gmtime_r failed");
    std::array<char, 32> buffer{};
    const std::size_t length = std::strftime(buffer.data(), buffer.size(), format, &utc);
    return {buffer.data(), length};
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point when) {
    return format_utc(when, "%Y%m%dT%H%M%SZ");
}

std::string date_stamp(std::chrono::system_clock::time_point when) {
    return format_utc(when, "%Y%m%d");
}

std::string credential_scope(std::string_view date, const SigningScope& scope) {
    std::string out(date);
    out.append("/").append(scope.region).append("/").append(scope.service);
    out.append("/").append(kTerminator);
    return out;
}

bool is_signed_header(std::string_view lower_name) {
    return std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lower_name) ==
           kUnsignedHeaders.end();
}

std::string signed_header_names(const http::Headers& headers) {
    std::vector<std::string> names;
    for (const auto& [name, value] : headers.entries()) {
        std::string lowered = util::ascii_lower(trim_all(name));
        if (!lowered.empty() && is_signed_header(lowered)) names.push_back(std::move(lowered));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ';';
        out += name;
    }
    return out;
}

std::string canonical_uri(std::string_view path, bool double_encode_path) {
    if (path.empty()) return "/";
    if (!double_encode_path) return std::string(path);
    return uri_encode(normalize_path(path), /*encode_slash=*/false);
}

std::string canonical_query_string(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> parameters;
    for (const auto piece : split(query, '&')) {
        if (piece.empty()) continue;
        const auto equals = piece.find('=');
        const auto name = piece.substr(0, equals);
        const auto value =
            equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
        parameters.emplace_back(uri_encode(uri_decode(name), true),
                                uri_encode(uri_decode(value), true));
    }
    std::sort(parameters.begin(), parameters.end());
    std::string out;
    for (const auto& [name, value] : parameters) {
        if (!out.empty()) out += '&';
        out.append(name).append("=").append(value);
    }
    return out;
}

std::string canonical_headers(const http::Headers& headers, std::string_view signed_names) {
    std::string out;
    for (const auto name : split(signed_names, ';')) {
        if (name.empty()) continue;
        std::string joined;
        bool first = true;
        for (const auto& [header_name, value] : headers.entries()) {
            if (util::ascii_lower(trim_all(header_name)) != name) continue;
            if (!first) joined += ',';
            joined += trim_all(value);
            first = false;
        }
        out.append(name).append(":").append(joined).append("\n");
    }
    return out;
}

std::string canonical_request(const http::Request& request, std::string_view signed_names,
                              std::string_view payload_hash, bool double_encode_path) {
    const UrlParts url = split_url(request.url);
    std::string out = request.method;
    out.append("\n").append(canonical_uri(url.path, double_encode_path));
    out.append("\n").append(canonical_query_string(url.query));
    out.append("\n").append(canonical_headers(request.headers, signed_names));
    out.append("\n").append(signed_names);
    out.append("\n").append(payload_hash);
    return out;
}

std::string string_to_sign(std::string_view amz_date_value, std::string_view scope,
                           std::string_view canonical_request_text) {
    std::string out(kAlgorithm);
    out.append("\n").append(amz_date_value);
    out.append("\n").append(scope);
    out.append("\n").append(crypto::sha256_hex(canonical_request_text));
    return out;
}

std::string signing_key(std::string_view secret_key, std::string_view date,
                        const SigningScope& scope) {
    const std::string date_key = crypto::hmac_sha256("AWS4" + std::string(secret_key), date);
    const std::string region_key = crypto::hmac_sha256(date_key, scope.region);
    const std::string service_key = crypto::hmac_sha256(region_key, scope.service);
    return crypto::hmac_sha256(service_key, kTerminator);
}

std::string signature(std::string_view key, std::string_view string_to_sign_text) {
    return crypto::hex_encode(crypto::hmac_sha256(key, string_to_sign_text));
}

std::string authorization_header(std::string_view access_key_id, std::string_view scope,
                                 std::string_view signed_names, std::string_view signature_hex) {
    std::string out(kAlgorithm);
    out.append(" Credential=").append(access_key_id).append("/").append(scope);
    out.append(", SignedHeaders=").append(signed_names);
    out.append(", Signature=").append(signature_hex);
    return out;
}

SigningDetails sign_request(http::Request& request, const Credentials& credentials,
                            const SigningScope& scope, std::string_view payload_hash,
                            std::chrono::system_clock::time_point when) {
    const bool is_s3 = scope.service == "s3";
    // Anything left from an earlier attempt is replaced, so a retried request signs afresh.
    request.headers.remove("Authorization");
    if (!request.headers.contains("Host")) {
        request.headers.set("Host", host_header_value(split_url(request.url)));
    }
    const std::string timestamp = amz_date(when);
    request.headers.set("X-Amz-Date", timestamp);
    request.headers.remove("X-Amz-Security-Token");
    if (!credentials.session_token.empty()) {
        request.headers.set("X-Amz-Security-Token", credentials.session_token);
    }
    if (is_s3) request.headers.set("X-Amz-Content-SHA256", std::string(payload_hash));

    SigningDetails details;
    const std::string date = timestamp.substr(0, 8);
    const std::string scope_text = credential_scope(date, scope);
    details.signed_headers = signed_header_names(request.headers);
    details.canonical_request =
        canonical_request(request, details.signed_headers, payload_hash, !is_s3);
    details.string_to_sign = string_to_sign(timestamp, scope_text, details.canonical_request);
    details.signature =
        signature(signing_key(credentials.secret_access_key, date, scope), details.string_to_sign);
    request.headers.set("Authorization",
                        authorization_header(credentials.access_key_id, scope_text,
                                             details.signed_headers, details.signature));
    return details;
}

}  // namespace repo2s3::aws::sigv4
