#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::aws::sigv4 {
namespace {

using std::chrono::system_clock;

const system_clock::time_point k20150830T123600Z = system_clock::from_time_t(1440938160);
const system_clock::time_point k20130524T000000Z = system_clock::from_time_t(1369353600);
constexpr const char* kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

Credentials example_credentials(std::string token = "") {
    return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::move(token),
            std::nullopt};
}

TEST(SigV4Dates, FormatInUtc) {
    EXPECT_EQ(amz_date(k20150830T123600Z), "20150830T123600Z");
    EXPECT_EQ(date_stamp(k20150830T123600Z), "20150830");
    EXPECT_EQ(amz_date(k20150830T123600Z + std::chrono::milliseconds(999)), "20150830T123600Z");
    EXPECT_EQ(amz_date(system_clock::from_time_t(0)), "19700101T000000Z");
}

TEST(SigV4Scope, JoinsDateRegionServiceAndTerminator) {
    EXPECT_EQ(credential_scope("20150830", {"us-east-1", "service"}),
              "20150830/us-east-1/service/aws4_request");
}

// The derived-key example from the AWS SigV4 documentation.
TEST(SigV4SigningKey, MatchesDocumentedExample) {
    EXPECT_EQ(crypto::hex_encode(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830",
                                             {"us-east-1", "iam"})),
              "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(SigV4CanonicalUri, S3UsesThePathAsSent) {
    EXPECT_EQ(canonical_uri("", false), "/");
    EXPECT_EQ(canonical_uri("/", false), "/");
    EXPECT_EQ(canonical_uri("/my%20key/a%2Bb", false), "/my%20key/a%2Bb");
    EXPECT_EQ(canonical_uri("//a/./b/../c//", false), "//a/./b/../c//");
}

TEST(SigV4CanonicalUri, OtherServicesNormaliseAndEncodeAgain) {
    EXPECT_EQ(canonical_uri("", true), "/");
    EXPECT_EQ(canonical_uri("/my%20key", true), "/my%2520key");
    EXPECT_EQ(canonical_uri("/a/./b/../c//d/", true), "/a/c/d/");
    EXPECT_EQ(canonical_uri("/a/..", true), "/");
    EXPECT_EQ(canonical_uri("/../../x", true), "/x");
    EXPECT_EQ(canonical_uri("//", true), "/");
    EXPECT_EQ(canonical_uri("/model/id:0/converse", true), "/model/id%3A0/converse");
}

TEST(SigV4CanonicalQuery, SortsByNameThenValue) {
    EXPECT_EQ(canonical_query_string(""), "");
    EXPECT_EQ(canonical_query_string("b=2&a=1"), "a=1&b=2");
    EXPECT_EQ(canonical_query_string("a=2&a=1&A=3"), "A=3&a=1&a=2");
    // Sorting is on the encoded bytes: '%' (0x25) sorts before '-' (0x2D).
    EXPECT_EQ(canonical_query_string("a-b=1&a%20b=2"), "a%20b=2&a-b=1");
}

TEST(SigV4CanonicalQuery, GivesBareAndEmptyParametersAnEmptyValue) {
    EXPECT_EQ(canonical_query_string("delete"), "delete=");
    EXPECT_EQ(canonical_query_string("prefix=&list-type=2"), "list-type=2&prefix=");
    EXPECT_EQ(canonical_query_string("uploads&partNumber=1"), "partNumber=1&uploads=");
    EXPECT_EQ(canonical_query_string("&&a=1&"), "a=1");
}

TEST(SigV4CanonicalQuery, NormalisesEncoding) {
    EXPECT_EQ(canonical_query_string("prefix=a%2fb"), "prefix=a%2Fb");
    EXPECT_EQ(canonical_query_string("prefix=a/b c"), "prefix=a%2Fb%20c");
    EXPECT_EQ(canonical_query_string("v=%7E%2D"), "v=~-");
    EXPECT_EQ(canonical_query_string("v=a+b"), "v=a%2Bb");
    EXPECT_EQ(canonical_query_string("continuation-token=1%2F2%2B3%3D%3D"),
              "continuation-token=1%2F2%2B3%3D%3D");
    EXPECT_EQ(canonical_query_string("v=a=b"), "v=a%3Db");
    EXPECT_EQ(canonical_query_string("\xe1\x88\xb4=bar"), "%E1%88%B4=bar");
}

TEST(SigV4SignedHeaders, LowerCasedSortedUniqueAndFiltered) {
    http::Headers headers;
    headers.add("X-Amz-Date", "d");
    headers.add("Host", "h");
    headers.add("Content-Type", "text/plain");
    headers.add("content-md5", "m");
    headers.add("My-Header", "1");
    headers.add("my-header", "2");
    headers.add("Authorization", "old");
    headers.add("User-Agent", "repo2s3");
    headers.add("Content-Length", "10");
    headers.add("Expect", "100-continue");
    headers.add("Transfer-Encoding", "chunked");
    headers.add("Connection", "keep-alive");
    EXPECT_EQ(signed_header_names(headers), "content-md5;content-type;host;my-header;x-amz-date");
}

TEST(SigV4SignedHeaders, PolicyIsExplicit) {
    EXPECT_TRUE(is_signed_header("host"));
    EXPECT_TRUE(is_signed_header("x-amz-security-token"));
    EXPECT_TRUE(is_signed_header("range"));
    EXPECT_FALSE(is_signed_header("authorization"));
    EXPECT_FALSE(is_signed_header("user-agent"));
    EXPECT_FALSE(is_signed_header("content-length"));
    EXPECT_FALSE(is_signed_header("expect"));
}

TEST(SigV4CanonicalHeaders, TrimsCollapsesAndJoinsRepeats) {
    http::Headers headers;
    headers.add("Host", "example.com");
    headers.add("My-Header", "  a   b \t c  ");
    headers.add("MY-HEADER", "second");
    headers.add("Other", "");
    EXPECT_EQ(canonical_headers(headers, "host;my-header;other"),
              "host:example.com\nmy-header:a b c,second\nother:\n");
}

TEST(SigV4StringToSign, HashesTheCanonicalRequest) {
    EXPECT_EQ(string_to_sign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", "x"),
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                  crypto::sha256_hex("x"));
}

TEST(SigV4Authorization, FormatsTheHeader) {
    EXPECT_EQ(authorization_header("AK", "20150830/r/s/aws4_request", "host;x-amz-date", "ab"),
              "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, "
              "SignedHeaders=host;x-amz-date, Signature=ab");
}

// The "GET Object" example of the S3 SigV4 documentation (header-based authentication).
TEST(SigV4S3Example, GetObjectWithRange) {
    http::Request request;
    request.url = "https://examplebucket.s3.amazonaws.com/test.txt";
    request.headers.set("Range", "bytes=0-9");
    const Credentials credentials{"AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", std::nullopt};
    sign_request(request, credentials, {"us-east-1", "s3"}, kEmptySha256, k20130524T000000Z);

    EXPECT_EQ(request.headers.get("Host"), "examplebucket.s3.amazonaws.com");
    EXPECT_EQ(request.headers.get("x-amz-content-sha256"), kEmptySha256);
    EXPECT_EQ(request.headers.get("x-amz-date"), "20130524T000000Z");
    EXPECT_EQ(request.headers.get("Authorization"),
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
              "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
              "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    const std::string names = signed_header_names(request.headers);
    EXPECT_EQ(canonical_request(request, names, kEmptySha256, false),
              std::string("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\n"
                          "range:bytes=0-9\nx-amz-content-sha256:") +
                  kEmptySha256 +
                  "\nx-amz-date:20130524T000000Z\n\n"
                  "host;range;x-amz-content-sha256;x-amz-date\n" +
                  kEmptySha256);
}

TEST(SigV4SignRequest, AddsHostWithNonDefaultPort) {
    http::Request request;
    request.url = "http://127.0.0.1:9000/bucket/key";
    sign_request(request, example_credentials(), {"us-east-1", "s3"}, kEmptySha256,
                 k20150830T123600Z);
    EXPECT_EQ(request.headers.get("Host"), "127.0.0.1:9000");
}

TEST(SigV4SignRequest, KeepsAnExplicitHost) {
    http::Request request;
    request.url = "http://127.0.0.1:9000/bucket/key";
    request.headers.set("Host", "bucket.example.com");
    sign_request(request, example_credentials(), {"us-east-1", "s3"}, kEmptySha256,
                 k20150830T123600Z);
    EXPECT_EQ(request.headers.get("Host"), "bucket.example.com");
}

TEST(SigV4SignRequest, ResigningReplacesEarlierSignatureHeaders) {
    http::Request first;
    first.url = "https://example.amazonaws.com/";
    sign_request(first, example_credentials("token-one"), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z - std::chrono::hours(1));

    http::Request again = first;
    sign_request(again, example_credentials(), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);
    http::Request fresh;
    fresh.url = "https://example.amazonaws.com/";
    sign_request(fresh, example_credentials(), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);

    EXPECT_EQ(again.headers.get("Authorization"), fresh.headers.get("Authorization"));
    EXPECT_FALSE(again.headers.contains("X-Amz-Security-Token"));
    EXPECT_EQ(again.headers.entries().size(), fresh.headers.entries().size());
}

TEST(SigV4SignRequest, SessionTokenIsSentAndSigned) {
    http::Request request;
    request.url = "https://example.amazonaws.com/";
    sign_request(request, example_credentials("the-token"), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);
    EXPECT_EQ(request.headers.get("X-Amz-Security-Token"), "the-token");
    EXPECT_NE(request.headers.get("Authorization")
                  ->find("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
              std::string::npos);
}

TEST(SigV4SignRequest, UserAgentAndContentLengthAreNotSigned) {
    http::Request plain;
    plain.url = "https://example.amazonaws.com/";
    http::Request extra = plain;
    extra.headers.set("User-Agent", "repo2s3/0.1");
    extra.headers.set("Content-Length", "0");
    sign_request(plain, example_credentials(), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);
    sign_request(extra, example_credentials(), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);
    EXPECT_EQ(plain.headers.get("Authorization"), extra.headers.get("Authorization"));
}

TEST(SigV4SignRequest, OnlyS3SendsThePayloadHashHeader) {
    http::Request s3;
    s3.url = "https://b.s3.us-east-1.amazonaws.com/k";
    sign_request(s3, example_credentials(), {"us-east-1", "s3"}, kUnsignedPayload,
                 k20150830T123600Z);
    EXPECT_EQ(s3.headers.get("X-Amz-Content-SHA256"), "UNSIGNED-PAYLOAD");
    EXPECT_NE(s3.headers.get("Authorization")->find("x-amz-content-sha256"), std::string::npos);

    http::Request other;
    other.url = "https://secretsmanager.us-east-1.amazonaws.com/";
    sign_request(other, example_credentials(), {"us-east-1", "secretsmanager"}, kEmptySha256,
                 k20150830T123600Z);
    EXPECT_FALSE(other.headers.contains("X-Amz-Content-SHA256"));
}

TEST(SigV4SignRequest, S3DoesNotDoubleEncodeThePath) {
    http::Request s3;
    s3.url = "https://b.s3.us-east-1.amazonaws.com/a%20b";
    sign_request(s3, example_credentials(), {"us-east-1", "s3"}, kEmptySha256, k20150830T123600Z);
    http::Request double_encoded = s3;
    const std::string names = signed_header_names(s3.headers);
    EXPECT_NE(canonical_request(s3, names, kEmptySha256, false).find("\n/a%20b\n"),
              std::string::npos);
    EXPECT_NE(canonical_request(double_encoded, names, kEmptySha256, true).find("\n/a%2520b\n"),
              std::string::npos);
}

TEST(SigV4SignRequest, NeverPutsTheSecretInHeaders) {
    http::Request request;
    request.url = "https://example.amazonaws.com/";
    sign_request(request, example_credentials(), {"us-east-1", "service"}, kEmptySha256,
                 k20150830T123600Z);
    for (const auto& [name, value] : request.headers.entries()) {
        EXPECT_EQ(value.find("wJalrXUtnFEMI"), std::string::npos) << name;
    }
}

}  // namespace
}  // namespace repo2s3::aws::sigv4
