#pragma once
// The headers HeaderRules give each path, and the digest of them that every object carries
// (x-amz-meta-repo2s3-headers) and the run state records, so a rule change is found without
// reading objects and applied without sending their bytes again.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/payload/header_rules.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/regex.hpp"

namespace repo2s3::sync {

/// Metadata entry that holds the digest of the headers rules gave an object.
inline constexpr std::string_view kHeadersMetadata = "repo2s3-headers";

/// What the rules give one path. `digest` is empty when they give it nothing, which is also
/// what an object without x-amz-meta-repo2s3-headers has.
struct PathHeaders {
    std::optional<std::string> content_type;  // replaces the MIME type when set
    s3::ContentHeaders headers;
    std::map<std::string, std::string> metadata;
    std::string digest;

    bool operator==(const PathHeaders&) const = default;
};

class HeaderRuleSet {
  public:
    HeaderRuleSet() = default;
    /// Compiles each rule's Match. Errors name the rule by index.
    static Result<HeaderRuleSet> compile(const std::vector<payload::HeaderRule>& rules);

    bool empty() const { return rules_.empty(); }

    /// The rules applied to `path` in order, later ones overriding earlier ones field by field.
    /// Fails when a regular expression cannot decide (PCRE2 gave up): a rule must never be
    /// skipped silently.
    Result<PathHeaders> resolve(std::string_view path) const;

  private:
    std::vector<std::pair<util::Regex, payload::HeaderRule>> rules_;
};

/// The digest of what `headers` sets: empty when nothing.
std::string header_digest(const PathHeaders& headers);

}  // namespace repo2s3::sync
