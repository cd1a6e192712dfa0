#include <gtest/gtest.h>

#include <string>

#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/payload/template_writer.hpp"

namespace repo2s3::payload {
namespace {

const std::string kBase =
    "TemplateName: site\n"
    "TemplateDescription: a static site\n"
    "Organization: octo-org\n"
    "Repository: site\n"
    "BranchName: main\n"
    "GitHubAppId: '1'\n"
    "GitHubInstallationId: '2'\n"
    "BucketName: site-bucket\n"
    "BucketRegion: us-east-1\n"
    "ExtractZipContents: true\n"
    "KeyPrefix: site\n";

Result<SyncTemplate> parse(const std::string& extra) {
    return parse_template(kBase + extra, "site.yaml");
}

/// The error message of a template that must be refused.
std::string refusal(const std::string& extra) {
    const auto parsed = parse(extra);
    if (parsed) return "(accepted)";
    EXPECT_EQ(parsed.error().kind, ErrorKind::Payload);
    return parsed.error().message;
}

TEST(HeaderRules, ParseInOrderWithEveryField) {
    const auto parsed = parse(
        "HeaderRules:\n"
        "  - Match: '\\.html$'\n"
        "    CacheControl: no-cache\n"
        "  - Match: '\\.wasm\\.gz$'\n"
        "    ContentType: application/wasm\n"
        "    ContentEncoding: gzip\n"
        "    ContentLanguage: en\n"
        "    ContentDisposition: 'attachment; filename=\"a.wasm\"'\n"
        "    WebsiteRedirectLocation: /other.html\n"
        "    Metadata: {Team: Web, x-owner: ops}\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->header_rules.size(), 2u);
    EXPECT_EQ(parsed->header_rules[0].match, "\\.html$");
    EXPECT_EQ(parsed->header_rules[0].cache_control, "no-cache");
    EXPECT_FALSE(parsed->header_rules[0].content_type);
    const auto& wasm = parsed->header_rules[1];
    EXPECT_EQ(wasm.content_type, "application/wasm");
    EXPECT_EQ(wasm.content_encoding, "gzip");
    EXPECT_EQ(wasm.content_language, "en");
    EXPECT_EQ(wasm.content_disposition, "attachment; filename=\"a.wasm\"");
    EXPECT_EQ(wasm.website_redirect_location, "/other.html");
    // S3 keeps metadata names lower-case.
    EXPECT_EQ(wasm.metadata,
              (std::map<std::string, std::string>{{"team", "Web"}, {"x-owner", "ops"}}));
}

TEST(HeaderRules, RoundTripThroughTheNormalisedForm) {
    const auto parsed = parse(
        "HeaderRules:\n"
        "  - Match: '^assets/'\n"
        "    CacheControl: 'public, max-age=31536000, immutable'\n"
        "    Metadata: {owner: web}\n"
        "CloudFrontDistributionId: E2QWRUHAPOMQZL\n"
        "CloudFrontOriginPath: /site\n"
        "InvalidationWildcardThreshold: 20\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto again = parse_template(to_yaml(*parsed), "normalised.yaml");
    ASSERT_TRUE(again) << again.error().message << "\n" << to_yaml(*parsed);
    EXPECT_EQ(again->header_rules, parsed->header_rules);
    ASSERT_TRUE(again->cloudfront);
    EXPECT_EQ(*again->cloudfront, *parsed->cloudfront);
    EXPECT_EQ(parsed->cloudfront->wildcard_threshold, 20u);
}

TEST(HeaderRules, AMisspelledFieldIsATypoWithASuggestion) {
    const auto message = refusal("HeaderRules:\n  - Match: x\n    CacheControll: no-cache\n");
    EXPECT_NE(message.find("HeaderRules[0]: unknown field \"CacheControll\"; did you mean "
                           "\"CacheControl\"?"),
              std::string::npos)
        << message;
}

TEST(HeaderRules, AnyOtherUnknownFieldIsRefusedToo) {
    const auto message = refusal("HeaderRules:\n  - Match: x\n    Expires: tomorrow\n");
    EXPECT_NE(message.find("HeaderRules[0]: unknown field \"Expires\""), std::string::npos)
        << message;
}

TEST(HeaderRules, BadRulesNameTheRuleAndTheProblem) {
    const std::pair<std::string, std::string> cases[] = {
        {"HeaderRules:\n  - Match: ok\n  - Match: '(unclosed'\n",
         "HeaderRules[1].Match: invalid "
         "regular expression"},
        {"HeaderRules:\n  - CacheControl: no-cache\n", "HeaderRules[0].missing required key Match"},
        {"HeaderRules:\n  - Match: x\n    CacheControl: \"no-cache\\r\\nX-Evil: 1\"\n",
         "HeaderRules[0].CacheControl: \"no-cache\\x0d\\x0aX-Evil: 1\": a header value must be "
         "printable ASCII"},
        {"HeaderRules:\n  - Match: x\n    ContentLanguage: \"fran\xC3\xA7"
         "ais\"\n",
         "HeaderRules[0].ContentLanguage:"},
        {"HeaderRules:\n  - Match: x\n    ContentType: html\n",
         "HeaderRules[0].ContentType: \"html\": expected a media type"},
        {"HeaderRules:\n  - Match: x\n    WebsiteRedirectLocation: other.html\n",
         "HeaderRules[0].WebsiteRedirectLocation:"},
        {"HeaderRules:\n  - Match: x\n    Metadata: {'my key': v}\n",
         "HeaderRules[0].Metadata.my key: S3 cannot carry this metadata name"},
        {"HeaderRules:\n  - Match: x\n    Metadata: {'a:b': v}\n",
         "HeaderRules[0].Metadata.a:b: S3 cannot carry this metadata name"},
        {"HeaderRules:\n  - Match: x\n    Metadata: {repo2s3-md5: v}\n", "are repo2s3's own"},
        {"HeaderRules:\n  - Match: x\n    Metadata: {Owner: a, owner: b}\n",
         "names differ only in case"},
        {"HeaderRules:\n  - Match: x\n    CacheControl: ''\n", "must not be empty"},
        {"HeaderRules: '\\.html$'\n", "HeaderRules: expected a list of rules"},
        {"HeaderRules:\n  - '\\.html$'\n", "HeaderRules[0]: expected a mapping"},
    };
    for (const auto& [extra, expected] : cases) {
        const auto message = refusal(extra);
        EXPECT_NE(message.find(expected), std::string::npos) << extra << "\n→ " << message;
        EXPECT_TRUE(message.starts_with("site.yaml: ")) << message;
    }
}

TEST(HeaderRules, MetadataBeyondS3sTwoKilobytesIsRefused) {
    const std::string value(1000, 'v');
    const auto two_rules = "HeaderRules:\n  - Match: a\n    Metadata: {one: " + value +
                           "}\n  - Match: b\n    Metadata: {two: " + value + "}\n";
    const auto message = refusal(two_rules);
    EXPECT_NE(message.find("would carry 2096 bytes of metadata"), std::string::npos) << message;
    // The same name in two rules counts once: a path gets one value of it.
    const auto same_name = "HeaderRules:\n  - Match: a\n    Metadata: {one: " + value +
                           "}\n  - Match: b\n    Metadata: {one: " + value + "}\n";
    EXPECT_TRUE(parse(same_name));
}

TEST(CloudFrontSettings, AreChecked) {
    EXPECT_NE(refusal("CloudFrontDistributionId: '../../etc'\n")
                  .find("CloudFrontDistributionId: \"../../etc\" is not a distribution id"),
              std::string::npos);
    EXPECT_NE(refusal("CloudFrontOriginPath: /site\n")
                  .find("CloudFrontOriginPath: needs CloudFrontDistributionId"),
              std::string::npos);
    EXPECT_NE(refusal("CloudFrontDistributionId: E1\nCloudFrontOriginPath: site\n")
                  .find("expected the distribution's origin path"),
              std::string::npos);
    EXPECT_NE(refusal("CloudFrontDistributionId: E1\nCloudFrontOriginPath: /other\n")
                  .find("does not hold the KeyPrefix"),
              std::string::npos);
    EXPECT_NE(refusal("CloudFrontDistributionId: E1\nInvalidationWildcardThreshold: 0\n")
                  .find("InvalidationWildcardThreshold: expected a whole number from 1 to 3000"),
              std::string::npos);
    const auto fine = parse("CloudFrontDistributionId: E1\n");
    ASSERT_TRUE(fine) << fine.error().message;
    EXPECT_EQ(fine->cloudfront->wildcard_threshold, 500u);
    EXPECT_EQ(fine->cloudfront->origin_path, "");
    EXPECT_TRUE(parse("CloudFrontDistributionId: E1\nCloudFrontOriginPath: /site\n"));
    EXPECT_TRUE(parse("CloudFrontDistributionId: E1\nCloudFrontOriginPath: /\n"));
}

}  // namespace
}  // namespace repo2s3::payload
