#include <gtest/gtest.h>

#include <string>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/hmac.hpp"

namespace repo2s3::crypto {
namespace {

std::string hmac_hex(const std::string& key, const std::string& data) {
    return hex_encode(hmac_sha256(key, data));
}

std::string counting_bytes(int first, int last) {
    std::string out;
    for (int value = first; value <= last; ++value) out += static_cast<char>(value);
    return out;
}

// RFC 4231, section 4 (HMAC-SHA-256 results). Case 5 tests truncated output and is omitted.
TEST(HmacSha256, Rfc4231Case1) {
    EXPECT_EQ(hmac_hex(std::string(20, '\x0b'), "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, Rfc4231Case2KeyShorterThanOutput) {
    EXPECT_EQ(hmac_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231Case3) {
    EXPECT_EQ(hmac_hex(std::string(20, '\xaa'), std::string(50, '\xdd')),
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST(HmacSha256, Rfc4231Case4) {
    EXPECT_EQ(hmac_hex(counting_bytes(1, 25), std::string(50, '\xcd')),
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

TEST(HmacSha256, Rfc4231Case6KeyLargerThanBlock) {
    EXPECT_EQ(hmac_hex(std::string(131, '\xaa'),
                       "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, Rfc4231Case7KeyAndDataLargerThanBlock) {
    EXPECT_EQ(hmac_hex(std::string(131, '\xaa'),
                       "This is a test using a larger than block-size key and a larger than "
                       "block-size data. The key needs to be hashed before being used by the "
                       "HMAC algorithm."),
              "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256, EmptyKeyAndMessage) {
    EXPECT_EQ(hmac_hex("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_EQ(hmac_sha256("k", "m").size(), 32U);
}

}  // namespace
}  // namespace repo2s3::crypto
