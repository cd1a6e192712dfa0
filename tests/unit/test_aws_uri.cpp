#include <gtest/gtest.h>

#include <string>

#include "repo2s3/aws/uri.hpp"

namespace repo2s3::aws {
namespace {

TEST(UriEncode, KeepsUnreservedCharacters) {
    const std::string unreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    EXPECT_EQ(uri_encode(unreserved, true), unreserved);
}

TEST(UriEncode, EncodesEverythingElseWithUpperCaseHex) {
    EXPECT_EQ(uri_encode(" +=&%()'*!$,;:@?#[]", true),
              "%20%2B%3D%26%25%28%29%27%2A%21%24%2C%3B%3A%40%3F%23%5B%5D");
    EXPECT_EQ(uri_encode("\xe1\x88\xb4", true), "%E1%88%B4");         // U+1234
    EXPECT_EQ(uri_encode("\xf0\x9f\x98\x80", true), "%F0%9F%98%80");  // emoji
    EXPECT_EQ(uri_encode(std::string("a\0b", 3), true), "a%00b");
}

TEST(UriEncode, SlashDependsOnMode) {
    EXPECT_EQ(uri_encode("dir/sub dir//file.txt", false), "dir/sub%20dir//file.txt");
    EXPECT_EQ(uri_encode("dir/sub dir//file.txt", true), "dir%2Fsub%20dir%2F%2Ffile.txt");
}

TEST(UriDecode, DecodesEitherHexCase) {
    EXPECT_EQ(uri_decode("a%2Fb%2fc%20d"), "a/b/c d");
    EXPECT_EQ(uri_decode("%E1%88%b4"), "\xe1\x88\xb4");
}

TEST(UriDecode, KeepsPlusAndMalformedEscapes) {
    EXPECT_EQ(uri_decode("a+b"), "a+b");
    EXPECT_EQ(uri_decode("100%"), "100%");
    EXPECT_EQ(uri_decode("%2"), "%2");
    EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
    EXPECT_EQ(uri_decode("%%41"), "%A");
}

TEST(UriDecode, InvertsEncode) {
    const std::string awkward = "photos/2024 summer/+=&~%()'\xf0\x9f\x98\x80//x";
    EXPECT_EQ(uri_decode(uri_encode(awkward, true)), awkward);
    EXPECT_EQ(uri_decode(uri_encode(awkward, false)), awkward);
}

TEST(SplitUrl, SplitsAllParts) {
    const UrlParts parts = split_url("HTTPS://Bucket.S3.Example.com:8443/a%20b/c?x=1&y#frag");
    EXPECT_EQ(parts.scheme, "https");
    EXPECT_EQ(parts.host, "bucket.s3.example.com");
    EXPECT_EQ(parts.port, "8443");
    EXPECT_EQ(parts.path, "/a%20b/c");
    EXPECT_EQ(parts.query, "x=1&y");
}

TEST(SplitUrl, HandlesMissingPartsUserinfoAndIpv6) {
    UrlParts parts = split_url("http://example.com");
    EXPECT_EQ(parts.host, "example.com");
    EXPECT_EQ(parts.port, "");
    EXPECT_EQ(parts.path, "");
    EXPECT_EQ(parts.query, "");

    parts = split_url("http://example.com?list-type=2");
    EXPECT_EQ(parts.path, "");
    EXPECT_EQ(parts.query, "list-type=2");

    parts = split_url("http://user:pw@host:9000/k");
    EXPECT_EQ(parts.host, "host");
    EXPECT_EQ(parts.port, "9000");

    parts = split_url("http://[::1]:9000/b/k");
    EXPECT_EQ(parts.host, "[::1]");
    EXPECT_EQ(parts.port, "9000");
    EXPECT_EQ(parts.path, "/b/k");

    parts = split_url("http://[::1]/b");
    EXPECT_EQ(parts.host, "[::1]");
    EXPECT_EQ(parts.port, "");
}

TEST(SplitUrl, KeepsQuestionMarksAfterTheFirstInTheQuery) {
    const UrlParts parts = split_url("https://h/k?a=b?c");
    EXPECT_EQ(parts.path, "/k");
    EXPECT_EQ(parts.query, "a=b?c");
}

TEST(HostHeaderValue, OmitsDefaultPortsOnly) {
    EXPECT_EQ(host_header_value(split_url("https://h.example.com/x")), "h.example.com");
    EXPECT_EQ(host_header_value(split_url("https://h.example.com:443/x")), "h.example.com");
    EXPECT_EQ(host_header_value(split_url("http://h.example.com:80/x")), "h.example.com");
    EXPECT_EQ(host_header_value(split_url("http://127.0.0.1:9000/x")), "127.0.0.1:9000");
    EXPECT_EQ(host_header_value(split_url("http://h:443/x")), "h:443");
    EXPECT_EQ(host_header_value(split_url("https://h:80/x")), "h:80");
}

}  // namespace
}  // namespace repo2s3::aws
