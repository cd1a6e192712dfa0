#include "repo2s3/payload/s3_names.hpp"

#include <algorithm>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

constexpr std::size_t kMaxPrefixBytes = 900;  // of S3's 1024, leaving room for the file path

bool is_lower_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_legacy_bucket_char(char c) {
    return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_';
}

bool looks_like_ipv4(std::string_view name) {
    int parts = 0;
    std::size_t start = 0;
    while (start <= name.size()) {
        const auto dot = std::min(name.find('.', start), name.size());
        const auto part = name.substr(start, dot - start);
        if (part.empty() || part.size() > 3 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        ++parts;
        start = dot + 1;
    }
    return parts == 4;
}

std::optional<std::string> legacy_bucket_problem(std::string_view bucket) {
    if (bucket.size() < 3 || bucket.size() > 255) {
        return std::string("must be 3 to 255 characters long");
    }
    if (!std::all_of(bucket.begin(), bucket.end(), is_legacy_bucket_char)) {
        return std::string("may contain only letters, digits, \".\", \"-\" and \"_\"");
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> s3_bucket_name_problem(std::string_view bucket,
                                                  std::string_view region) {
    const bool legacy_allowed = region == "us-east-1";
    const auto rule = legacy_allowed ? std::string(" (or a legacy us-east-1 name)") : std::string();
    if (bucket.size() < 3 || bucket.size() > 63) {
        if (legacy_allowed && !legacy_bucket_problem(bucket)) return std::nullopt;
        return "must be 3 to 63 characters long" + rule;
    }
    const bool modern_chars = std::all_of(bucket.begin(), bucket.end(), [](char c) {
        return is_lower_or_digit(c) || c == '.' || c == '-';
    });
    if (!modern_chars) {
        if (legacy_allowed && !legacy_bucket_problem(bucket)) return std::nullopt;
        return "may contain only lower-case letters, digits, \".\" and \"-\"" + rule;
    }
    if (!is_lower_or_digit(bucket.front()) || !is_lower_or_digit(bucket.back())) {
        return std::string("must start and end with a lower-case letter or a digit");
    }
    if (bucket.find("..") != std::string_view::npos) {
        return std::string("must not contain \"..\"");
    }
    if (looks_like_ipv4(bucket)) return std::string("must not look like an IP address");
    return std::nullopt;
}

std::optional<std::string> s3_key_prefix_problem(std::string_view prefix) {
    if (prefix.empty()) return std::nullopt;
    if (prefix.front() == '/') {
        return std::string("must not start with \"/\" (S3 keys have no leading slash)");
    }
    if (!util::is_valid_utf8(prefix)) return std::string("is not valid UTF-8");
    const bool has_control = std::any_of(prefix.begin(), prefix.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20U || byte == 0x7FU;
    });
    if (has_control) return std::string("must not contain control characters");
    if (is_reserved_key(normalize_key_prefix(std::string(prefix)))) {
        return "lies under \"" + std::string(kReservedKeyPrefix) +
               "\", which repo2s3 keeps for its run state and lease";
    }
    if (prefix.size() > kMaxPrefixBytes) {
        return "is " + std::to_string(prefix.size()) + " bytes long; at most " +
               std::to_string(kMaxPrefixBytes) +
               " leave room for file names in S3's 1024-byte keys";
    }
    return std::nullopt;
}

bool is_reserved_key(std::string_view key) {
    return key.starts_with(kReservedKeyPrefix);
}

std::string normalize_key_prefix(std::string prefix) {
    if (!prefix.empty() && prefix.back() != '/') prefix.push_back('/');
    return prefix;
}

}  // namespace repo2s3::payload
