#pragma once
// HeaderRules: per-path HTTP headers for uploaded objects (Cache-Control, Content-Type, ...),
// and the CloudFront settings of a static site. Parsing and validation only; applying them to
// paths is sync/object_headers.hpp.

#include <yaml-cpp/yaml.h>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::payload {

/// One entry of HeaderRules. Rules apply in order to every path their `Match` finds (Python
/// re.search semantics, as the path filters); a later matching rule overrides earlier ones
/// field by field, and metadata name by name.
struct HeaderRule {
    std::string match;
    std::optional<std::string> cache_control;
    std::optional<std::string> content_type;
    std::optional<std::string> content_encoding;
    std::optional<std::string> content_language;
    std::optional<std::string> content_disposition;
    std::optional<std::string> website_redirect_location;
    std::map<std::string, std::string> metadata;  // names lower-cased, as S3 keeps them

    bool operator==(const HeaderRule&) const = default;
};

/// A rule's optional header fields by their template names ("CacheControl", ...), in template
/// order: what validation, the normalised form and the run state's digest go through.
std::array<std::pair<const char*, const std::optional<std::string>*>, 6> header_fields(
    const HeaderRule& rule);

/// S3's limit on user-defined metadata per object: names and values, in bytes.
inline constexpr std::size_t kMaxMetadataBytes = 2048;
/// What repo2s3's own metadata takes of that limit (repo2s3-md5 and repo2s3-headers).
inline constexpr std::size_t kOwnMetadataBytes = 11 + 32 + 15 + 32;
/// Metadata names under this prefix are repo2s3's own.
inline constexpr std::string_view kReservedMetadataPrefix = "repo2s3-";

/// The rules of a HeaderRules value: a list of mappings. Errors name the rule by index and the
/// field, e.g. `HeaderRules[1].CacheControl: a header value must be printable ASCII`. A field
/// that is almost a known one is a typo; any other unknown field is refused too.
Result<std::vector<HeaderRule>> parse_header_rules(const YAML::Node& node);

/// The first problem of a set of rules (regular expressions, values, metadata size), already
/// prefixed with "HeaderRules[i]"; none when they are fine.
std::optional<std::string> header_rules_problem(const std::vector<HeaderRule>& rules);

/// CloudFrontDistributionId and its companions: the distribution in front of the bucket, whose
/// cache a committed run invalidates for what it changed.
struct CloudFrontSettings {
    std::string distribution_id;
    /// CloudFrontOriginPath: the distribution's origin path ("/site"), empty for the bucket's
    /// root. It is removed from keys to make URL paths.
    std::string origin_path;
    /// InvalidationWildcardThreshold: past this many paths, one wildcard for the prefix.
    unsigned wildcard_threshold = 500;

    bool operator==(const CloudFrontSettings&) const = default;
};

/// The first problem of the settings with the template's (normalised) key prefix.
std::optional<std::string> cloudfront_problem(const CloudFrontSettings& settings,
                                              std::string_view key_prefix);

}  // namespace repo2s3::payload
