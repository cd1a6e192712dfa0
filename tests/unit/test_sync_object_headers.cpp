#include <gtest/gtest.h>

#include "repo2s3/sync/object_headers.hpp"

namespace repo2s3::sync {
namespace {

HeaderRuleSet compile(const std::vector<payload::HeaderRule>& rules) {
    auto set = HeaderRuleSet::compile(rules);
    EXPECT_TRUE(set) << set.error().message;
    return set ? std::move(*set) : HeaderRuleSet{};
}

PathHeaders resolve(const HeaderRuleSet& set, std::string_view path) {
    auto headers = set.resolve(path);
    EXPECT_TRUE(headers) << headers.error().message;
    return headers ? *headers : PathHeaders{};
}

TEST(HeaderRuleSet, LaterRulesOverrideEarlierOnesFieldByField) {
    payload::HeaderRule html{.match = "\\.html$", .cache_control = "no-cache"};
    html.metadata = {{"team", "web"}, {"tier", "1"}};
    payload::HeaderRule docs{
        .match = "^docs/", .cache_control = "max-age=60", .content_language = "en"};
    docs.metadata = {{"tier", "2"}};
    const auto set = compile({html, docs});

    const auto page = resolve(set, "docs/index.html");
    EXPECT_EQ(page.headers.cache_control, "max-age=60");
    EXPECT_EQ(page.headers.content_language, "en");
    EXPECT_EQ(page.metadata, (std::map<std::string, std::string>{{"team", "web"}, {"tier", "2"}}));

    const auto other = resolve(set, "index.html");
    EXPECT_EQ(other.headers.cache_control, "no-cache");
    EXPECT_FALSE(other.headers.content_language);
}

TEST(HeaderRuleSet, APathNoRuleMatchesHasNoHeadersAndNoDigest) {
    const auto set = compile({{.match = "\\.html$", .cache_control = "no-cache"}});
    const auto plain = resolve(set, "style.css");
    EXPECT_EQ(plain, PathHeaders{});
    EXPECT_EQ(plain.digest, "");
    EXPECT_EQ(resolve(HeaderRuleSet{}, "a.html").digest, "");
}

TEST(HeaderRuleSet, TheDigestFollowsEveryHeaderAndValue) {
    const auto digest_of = [](payload::HeaderRule rule) {
        rule.match = ".";
        return resolve(compile({rule}), "a").digest;
    };
    const auto base = digest_of({.cache_control = "no-cache"});
    EXPECT_EQ(base.size(), 32u);
    EXPECT_EQ(base, digest_of({.cache_control = "no-cache"}));
    EXPECT_NE(base, digest_of({.cache_control = "no-store"}));
    EXPECT_NE(base, digest_of({.content_disposition = "no-cache"}));
    payload::HeaderRule with_metadata{.cache_control = "no-cache"};
    with_metadata.metadata = {{"cache-control", "x"}};
    EXPECT_NE(base, digest_of(with_metadata));
}

TEST(HeaderRuleSet, APathARuleCannotDecideForIsAnErrorNotANoMatch) {
    const auto set = compile({{.match = "\\.html$", .cache_control = "no-cache"}});
    const auto headers = set.resolve("caf\xE9.html");  // not UTF-8
    ASSERT_FALSE(headers);
    EXPECT_NE(headers.error().message.find("HeaderRules[0].Match cannot decide"), std::string::npos)
        << headers.error().message;
}

TEST(HeaderRuleSet, ACompileErrorNamesTheRule) {
    const auto set = HeaderRuleSet::compile({{.match = "ok"}, {.match = "(bad"}});
    ASSERT_FALSE(set);
    EXPECT_NE(set.error().message.find("HeaderRules[1].Match"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::sync
