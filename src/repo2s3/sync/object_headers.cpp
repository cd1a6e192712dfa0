#include "repo2s3/sync/object_headers.hpp"

#include "repo2s3/crypto/digest.hpp"

namespace repo2s3::sync {
namespace {

void override_with(std::optional<std::string>& field, const std::optional<std::string>& rule) {
    if (rule) field = rule;
}

}  // namespace

Result<HeaderRuleSet> HeaderRuleSet::compile(const std::vector<payload::HeaderRule>& rules) {
    HeaderRuleSet set;
    for (std::size_t index = 0; index < rules.size(); ++index) {
        auto regex = util::Regex::compile(rules[index].match);
        if (!regex) {
            return fail(ErrorKind::Payload, "HeaderRules[" + std::to_string(index) +
                                                "].Match: " + regex.error().message);
        }
        set.rules_.emplace_back(std::move(*regex), rules[index]);
    }
    return set;
}

Result<PathHeaders> HeaderRuleSet::resolve(std::string_view path) const {
    PathHeaders out;
    for (std::size_t index = 0; index < rules_.size(); ++index) {
        const auto& [regex, rule] = rules_[index];
        auto matched = regex.search(path);
        if (!matched) {
            return fail(ErrorKind::Payload, "HeaderRules[" + std::to_string(index) +
                                                "].Match cannot decide for " + std::string(path) +
                                                ": " + matched.error().message);
        }
        if (!*matched) continue;
        override_with(out.content_type, rule.content_type);
        override_with(out.headers.cache_control, rule.cache_control);
        override_with(out.headers.content_encoding, rule.content_encoding);
        override_with(out.headers.content_language, rule.content_language);
        override_with(out.headers.content_disposition, rule.content_disposition);
        override_with(out.headers.website_redirect_location, rule.website_redirect_location);
        for (const auto& [name, value] : rule.metadata) out.metadata[name] = value;
    }
    out.digest = header_digest(out);
    return out;
}

std::string header_digest(const PathHeaders& headers) {
    std::string canonical;
    const auto add = [&](std::string_view name, const std::optional<std::string>& value) {
        if (!value) return;
        canonical.append(name).append(":").append(*value).append("\n");
    };
    add("content-type", headers.content_type);
    add("cache-control", headers.headers.cache_control);
    add("content-encoding", headers.headers.content_encoding);
    add("content-language", headers.headers.content_language);
    add("content-disposition", headers.headers.content_disposition);
    add("x-amz-website-redirect-location", headers.headers.website_redirect_location);
    for (const auto& [name, value] : headers.metadata) add("x-amz-meta-" + name, value);
    if (canonical.empty()) return {};
    return crypto::sha256_hex(canonical).substr(0, 32);
}

}  // namespace repo2s3::sync
