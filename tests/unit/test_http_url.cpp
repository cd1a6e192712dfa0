#include <gtest/gtest.h>

#include "repo2s3/http/url.hpp"

namespace repo2s3::http {
namespace {

TEST(ParseUrl, SplitsSchemeHostPortAndTarget) {
    const auto url = parse_url("HTTP://Example.COM:8080/a/b?x=1");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->scheme, "http");
    EXPECT_EQ(url->host, "example.com");
    EXPECT_EQ(url->port, "8080");
    EXPECT_EQ(url->target, "/a/b?x=1");
}

TEST(ParseUrl, DefaultPortsMakeOriginsEqual) {
    EXPECT_EQ(parse_url("https://api.github.com/x")->origin(),
              parse_url("https://api.github.com:443/y")->origin());
    EXPECT_NE(parse_url("http://127.0.0.1:1000/")->origin(), parse_url("http://127.0.0.1:1001/")->origin());
}

TEST(ParseUrl, UserInfoIsNotPartOfTheHost) {
    EXPECT_EQ(parse_url("https://user:pw@evil.example/x")->host, "evil.example");
}

TEST(ParseUrl, RejectsNonHttp) {
    EXPECT_FALSE(parse_url("file:///etc/passwd"));
    EXPECT_FALSE(parse_url("not a url"));
}

TEST(ResolveLocation, AbsoluteAndRootRelative) {
    EXPECT_EQ(resolve_location("http://a:1/x", "http://b:2/y"), "http://b:2/y");
    EXPECT_EQ(resolve_location("http://a:1/x?q", "/z?t=1"), "http://a:1/z?t=1");
    EXPECT_FALSE(resolve_location("http://a:1/x", "//b/y"));
    EXPECT_FALSE(resolve_location("http://a:1/x", "relative"));
}

TEST(PercentEncode, KeepsUnreservedAndOptionallySlash) {
    EXPECT_EQ(percent_encode("a b/c~é", true), "a%20b/c~%C3%A9");
    EXPECT_EQ(percent_encode("a/b", false), "a%2Fb");
}

}  // namespace
}  // namespace repo2s3::http
