#include <gtest/gtest.h>

#include "repo2s3/cdn/invalidation_paths.hpp"

namespace repo2s3::cdn {
namespace {

using Paths = std::vector<std::string>;

TEST(UrlPath, EncodesWhatCloudFrontAsksAndNothingElse) {
    EXPECT_EQ(url_path("site/a b.html", ""), "/site/a%20b.html");
    EXPECT_EQ(url_path("caf\xC3\xA9.html", ""), "/caf%C3%A9.html");
    EXPECT_EQ(url_path("a*b?c#d%e~f", ""), "/a%2Ab%3Fc%23d%25e%7Ef");
    EXPECT_EQ(url_path("a-b_c.d/e+f=g&h", ""), "/a-b_c.d/e+f=g&h");
}

TEST(UrlPath, TheOriginPathIsRemoved) {
    EXPECT_EQ(url_path("site/css/a.css", "/site"), "/css/a.css");
    EXPECT_EQ(url_path("site/v2/a.css", "/site/v2"), "/a.css");
    EXPECT_EQ(url_path("site/a.css", "/"), "/site/a.css");
    EXPECT_EQ(url_path("sitemap.xml", "/site"), "/sitemap.xml");  // not under the folder
}

TEST(InvalidationPaths, AnIndexDocumentAlsoInvalidatesItsFolder) {
    const payload::CloudFrontSettings settings{.distribution_id = "E1"};
    EXPECT_EQ(invalidation_paths({"site/docs/index.html", "site/index.html", "site/a.css"},
                                 settings, "site/"),
              (Paths{"/site", "/site/", "/site/a.css", "/site/docs", "/site/docs/",
                     "/site/docs/index.html", "/site/index.html"}));
    const payload::CloudFrontSettings at_root{.distribution_id = "E1", .origin_path = "/site"};
    EXPECT_EQ(invalidation_paths({"site/index.html"}, at_root, "site/"),
              (Paths{"/", "/index.html"}));
}

TEST(InvalidationPaths, PastTheThresholdOneWildcardForThePrefix) {
    payload::CloudFrontSettings settings{.distribution_id = "E1", .wildcard_threshold = 2};
    EXPECT_EQ(invalidation_paths({"site/a", "site/b"}, settings, "site/"),
              (Paths{"/site/a", "/site/b"}));
    EXPECT_EQ(invalidation_paths({"site/a", "site/b", "site/c"}, settings, "site/"),
              Paths{"/site/*"});
    settings.origin_path = "/site";
    EXPECT_EQ(invalidation_paths({"site/a", "site/b", "site/c"}, settings, "site/"), Paths{"/*"});
    EXPECT_EQ(invalidation_paths({"a", "b", "c"}, settings, ""), Paths{"/*"});
}

TEST(InvalidationPaths, PendingPathsJoinSortedAndUnique) {
    const payload::CloudFrontSettings settings{.distribution_id = "E1"};
    EXPECT_EQ(invalidation_paths({"b"}, settings, "", {"/a", "/b"}), (Paths{"/a", "/b"}));
    EXPECT_EQ(invalidation_paths({}, settings, "", {"/z"}), Paths{"/z"});
}

TEST(CallerReference, TheSameRunGivesTheSameReference) {
    const Paths changes = {"site/a - e1", "site/b e0 e2"};
    const auto reference = caller_reference("s3://b/site/", "abc123", {"/a", "/b"}, changes);
    EXPECT_TRUE(reference.starts_with("repo2s3-"));
    EXPECT_LE(reference.size(), 128u);
    EXPECT_EQ(reference, caller_reference("s3://b/site/", "abc123", {"/a", "/b"}, changes));
    EXPECT_NE(reference, caller_reference("s3://b/site/", "abc124", {"/a", "/b"}, changes));
    EXPECT_NE(reference, caller_reference("s3://b/site/", "abc123", {"/a"}, changes));
    EXPECT_NE(reference, caller_reference("s3://b/other/", "abc123", {"/a", "/b"}, changes));
}

TEST(CallerReference, ChangingTheSameKeysAgainGivesANewReference) {
    // The same bytes written back over a vandalised object: same paths, same commit, but the
    // object went from another ETag.
    const auto first = caller_reference("s3://b/", "c", {"/a"}, {"a - e1"});
    EXPECT_NE(first, caller_reference("s3://b/", "c", {"/a"}, {"a e9 e1"}));
    // Fields cannot run into each other.
    EXPECT_NE(caller_reference("s3://b/", "c", {"/a", "/b"}, {}),
              caller_reference("s3://b/", "c", {"/a"}, {"/b"}));
}

}  // namespace
}  // namespace repo2s3::cdn
