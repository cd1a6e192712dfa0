#include "repo2s3/payload/header_rules.hpp"

#include <algorithm>

#include "repo2s3/payload/key_suggestion.hpp"
#include "repo2s3/payload/yaml_fields.hpp"
#include "repo2s3/util/regex.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

/// S3 and CloudFront carry header values as printable US-ASCII.
constexpr std::size_t kMaxHeaderValueBytes = 2048;

std::string to_lower_ascii(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

/// RFC 9110's token characters: what an HTTP header name (x-amz-meta-<name>) may hold.
bool is_token(std::string_view name) {
    constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               kSymbols.find(c) != std::string_view::npos;
    });
}

std::optional<std::string> header_value_problem(std::string_view value) {
    if (value.empty()) return "must not be empty; remove the field instead";
    if (value.size() > kMaxHeaderValueBytes) {
        return "is " + std::to_string(value.size()) + " bytes; a header value is at most " +
               std::to_string(kMaxHeaderValueBytes);
    }
    const bool printable = std::all_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20U && byte < 0x7FU;
    });
    if (!printable) {
        return "\"" + util::printable(value) +
               "\": a header value must be printable ASCII (no line breaks, control characters "
               "or non-ASCII text)";
    }
    if (value.front() == ' ' || value.back() == ' ') {
        return "\"" + std::string(value) + "\": a header value must not start or end with a space";
    }
    return std::nullopt;
}

std::optional<std::string> content_type_problem(std::string_view value) {
    std::string_view media = value.substr(0, value.find(';'));
    while (media.ends_with(' ')) media.remove_suffix(1);
    const auto slash = media.find('/');
    if (slash == std::string_view::npos || !is_token(media.substr(0, slash)) ||
        !is_token(media.substr(slash + 1))) {
        return "\"" + std::string(value) + "\": expected a media type such as \"text/html\"";
    }
    return std::nullopt;
}

std::optional<std::string> redirect_problem(std::string_view value) {
    if (value.starts_with('/') || value.starts_with("http://") || value.starts_with("https://")) {
        return std::nullopt;
    }
    return "\"" + std::string(value) +
           "\": S3 takes a redirect to a path starting with / or an "
           "http:// or https:// URL";
}

std::optional<std::string> rule_problem(const HeaderRule& rule) {
    if (auto compiled = util::Regex::compile(rule.match); !compiled) {
        return "Match: invalid regular expression \"" + util::printable(rule.match) +
               "\": " + compiled.error().message;
    }
    for (const auto& [name, value] : header_fields(rule)) {
        if (!*value) continue;
        if (auto problem = header_value_problem(**value))
            return std::string(name) + ": " + *problem;
    }
    if (rule.content_type) {
        if (auto problem = content_type_problem(*rule.content_type)) {
            return "ContentType: " + *problem;
        }
    }
    if (rule.website_redirect_location) {
        if (auto problem = redirect_problem(*rule.website_redirect_location)) {
            return "WebsiteRedirectLocation: " + *problem;
        }
    }
    for (const auto& [name, value] : rule.metadata) {
        const std::string where = "Metadata." + util::printable(name);
        if (!is_token(name)) {
            return where +
                   ": S3 cannot carry this metadata name (use letters, digits and - _ . only)";
        }
        if (name.starts_with(kReservedMetadataPrefix)) {
            return where + ": names starting with \"" + std::string(kReservedMetadataPrefix) +
                   "\" are repo2s3's own";
        }
        if (auto problem = header_value_problem(value)) return where + ": " + *problem;
    }
    return std::nullopt;
}

/// The most metadata one object can get: every name any rule sets, with its longest value, and
/// repo2s3's own entries.
std::size_t worst_case_metadata_bytes(const std::vector<HeaderRule>& rules) {
    std::map<std::string, std::size_t> longest;
    for (const auto& rule : rules) {
        for (const auto& [name, value] : rule.metadata) {
            auto& size = longest[name];
            size = std::max(size, value.size());
        }
    }
    std::size_t total = kOwnMetadataBytes;
    for (const auto& [name, size] : longest) total += name.size() + size;
    return total;
}

Result<HeaderRule> parse_rule(const YAML::Node& node, const std::string& where) {
    if (!node.IsMap()) {
        return fail(ErrorKind::Payload, where +
                                            ": expected a mapping with Match and header "
                                            "fields, got " +
                                            describe_yaml_kind(node));
    }
    YamlFields fields(node);
    HeaderRule rule;
    rule.match = fields.required_string("Match");
    rule.cache_control = fields.optional_string("CacheControl");
    rule.content_type = fields.optional_string("ContentType");
    rule.content_encoding = fields.optional_string("ContentEncoding");
    rule.content_language = fields.optional_string("ContentLanguage");
    rule.content_disposition = fields.optional_string("ContentDisposition");
    rule.website_redirect_location = fields.optional_string("WebsiteRedirectLocation");
    const auto metadata = fields.optional_string_map("Metadata");
    for (const auto& key : fields.unread_keys()) {
        std::string problem = where + ": unknown field \"" + util::printable(key) + "\"";
        if (const auto meant = near_miss_key(key, fields.requested_keys())) {
            problem += "; did you mean \"" + *meant + "\"?";
        } else {
            problem +=
                " (a rule has Match, CacheControl, ContentType, ContentEncoding, "
                "ContentLanguage, ContentDisposition, WebsiteRedirectLocation, Metadata)";
        }
        return fail(ErrorKind::Payload, std::move(problem));
    }
    if (fields.problem()) return fail(ErrorKind::Payload, where + "." + *fields.problem());
    for (const auto& [name, value] : metadata) {
        if (!rule.metadata.emplace(to_lower_ascii(name), value).second) {
            return fail(ErrorKind::Payload, where + ".Metadata." + util::printable(name) +
                                                ": names differ only in case (S3 lower-cases "
                                                "metadata names)");
        }
    }
    return rule;
}

}  // namespace

std::array<std::pair<const char*, const std::optional<std::string>*>, 6> header_fields(
    const HeaderRule& rule) {
    return {{{"CacheControl", &rule.cache_control},
             {"ContentType", &rule.content_type},
             {"ContentEncoding", &rule.content_encoding},
             {"ContentLanguage", &rule.content_language},
             {"ContentDisposition", &rule.content_disposition},
             {"WebsiteRedirectLocation", &rule.website_redirect_location}}};
}

Result<std::vector<HeaderRule>> parse_header_rules(const YAML::Node& node) {
    if (!node.IsSequence()) {
        return fail(ErrorKind::Payload,
                    "HeaderRules: expected a list of rules, got " + describe_yaml_kind(node));
    }
    std::vector<HeaderRule> rules;
    for (std::size_t index = 0; index < node.size(); ++index) {
        auto rule = parse_rule(node[index], "HeaderRules[" + std::to_string(index) + "]");
        if (!rule) return util::unexpected(std::move(rule.error()));
        rules.push_back(std::move(*rule));
    }
    return rules;
}

std::optional<std::string> header_rules_problem(const std::vector<HeaderRule>& rules) {
    for (std::size_t index = 0; index < rules.size(); ++index) {
        if (auto problem = rule_problem(rules[index])) {
            return "HeaderRules[" + std::to_string(index) + "]." + *problem;
        }
    }
    if (const auto bytes = worst_case_metadata_bytes(rules); bytes > kMaxMetadataBytes) {
        return "HeaderRules: an object matching every rule would carry " + std::to_string(bytes) +
               " bytes of metadata (with repo2s3's own " + std::to_string(kOwnMetadataBytes) +
               "); S3 allows " + std::to_string(kMaxMetadataBytes);
    }
    return std::nullopt;
}

std::optional<std::string> cloudfront_problem(const CloudFrontSettings& settings,
                                              std::string_view key_prefix) {
    const auto& id = settings.distribution_id;
    const bool id_ok =
        !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        });
    if (!id_ok) {
        return "CloudFrontDistributionId: \"" + util::printable(id) +
               "\" is not a distribution id (upper-case letters and digits, such as "
               "\"E2QWRUHAPOMQZL\")";
    }
    const auto& origin = settings.origin_path;
    if (origin.empty() || origin == "/") return std::nullopt;
    const std::string folder = origin.size() > 1 ? origin.substr(1) + "/" : "";
    if (!origin.starts_with('/') || origin.ends_with('/') ||
        origin.find("//") != std::string::npos) {
        return "CloudFrontOriginPath: \"" + util::printable(origin) +
               "\": expected the distribution's origin path, such as \"/site\" (a leading /, "
               "no trailing /)";
    }
    if (!key_prefix.starts_with(folder)) {
        return "CloudFrontOriginPath: \"" + util::printable(origin) +
               "\" does not hold the KeyPrefix \"" + util::printable(key_prefix) +
               "\", so the distribution would not serve what this template syncs";
    }
    return std::nullopt;
}

}  // namespace repo2s3::payload
