#include <gtest/gtest.h>

#include <string>

#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::crypto {
namespace {

TEST(HexEncode, LowerCaseTwoDigitsPerByte) {
    EXPECT_EQ(hex_encode(""), "");
    EXPECT_EQ(hex_encode(std::string("\x00\x01\x7f\x80\xab\xff", 6)), "00017f80abff");
}

// RFC 4648, section 10.
TEST(Base64, Rfc4648EncodeVectors) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, Rfc4648DecodeVectors) {
    for (const std::string plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        auto decoded = base64_decode(base64_encode(plain));
        ASSERT_TRUE(decoded) << plain;
        EXPECT_EQ(*decoded, plain);
    }
}

TEST(Base64, RoundTripsEveryByteValue) {
    std::string all;
    for (int value = 0; value < 256; ++value) all += static_cast<char>(value);
    const std::string encoded = base64_encode(all);
    EXPECT_NE(encoded.find('+'), std::string::npos);
    EXPECT_NE(encoded.find('/'), std::string::npos);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, all);
}

TEST(Base64, ContentMd5StyleDigest) {
    // The base64 of the MD5 of "" as S3's Content-MD5 header carries it.
    EXPECT_EQ(base64_encode(std::string("\xd4\x1d\x8c\xd9\x8f\x00\xb2\x04\xe9\x80\x09\x98\xec\xf8"
                                        "\x42\x7e",
                                        16)),
              "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST(Base64, RejectsMalformedInput) {
    for (const std::string bad : {"Zg=", "Zm9", "Zg===", "Z===", "====", "Zm9v\n", "Zm 9", "Zm\n9",
                                  "Zm9-", "Zm9_", "Z=g=", "=Zm9"}) {
        auto decoded = base64_decode(bad);
        ASSERT_FALSE(decoded) << bad;
        EXPECT_EQ(decoded.error().kind, ErrorKind::Usage);
        EXPECT_EQ(decoded.error().message.find(bad), std::string::npos)
            << "error repeats the input: " << decoded.error().message;
    }
}

TEST(Base64Url, UsesUrlAlphabetWithoutPadding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
    EXPECT_EQ(base64_encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
    // A JWT header, as RFC 7515 appendix A.1 encodes it.
    EXPECT_EQ(base64url_encode("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"),
              "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

TEST(Base64Url, DecodesWithOrWithoutPadding) {
    for (const std::string text : {"Zg", "Zg=="}) {
        auto decoded = base64url_decode(text);
        ASSERT_TRUE(decoded) << text;
        EXPECT_EQ(*decoded, "f");
    }
    auto decoded = base64url_decode("-_-_");
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, std::string("\xfb\xff\xbf", 3));
    auto empty = base64url_decode("");
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, "");
}

TEST(Base64Url, RejectsStandardAlphabetAndImpossibleLengths) {
    for (const std::string bad : {"+/+/", "Z", "Zm9vY", "Zg=", "Z$9v"}) {
        auto decoded = base64url_decode(bad);
        ASSERT_FALSE(decoded) << bad;
        EXPECT_EQ(decoded.error().kind, ErrorKind::Usage);
        EXPECT_NE(decoded.error().message.find("base64url"), std::string::npos);
    }
}

}  // namespace
}  // namespace repo2s3::crypto
