#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/rsa.hpp"
#include "repo2s3/github/app_jwt.hpp"
#include "support/rsa_keys.hpp"

namespace repo2s3::github {
namespace {

using Clock = std::chrono::system_clock;

struct DecodedJwt {
    nlohmann::json header;
    nlohmann::json claims;
    std::string signing_input;  // "<header>.<claims>" as sent
    std::string signature;      // raw bytes
};

std::vector<std::string> split_dots(const std::string& jwt) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto dot = jwt.find('.'); dot != std::string::npos; dot = jwt.find('.', start)) {
        parts.push_back(jwt.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(jwt.substr(start));
    return parts;
}

DecodedJwt decode(const std::string& jwt) {
    const auto parts = split_dots(jwt);
    EXPECT_EQ(parts.size(), 3U) << jwt;
    if (parts.size() != 3) return {};
    auto header = crypto::base64url_decode(parts[0]);
    auto claims = crypto::base64url_decode(parts[1]);
    auto signature = crypto::base64url_decode(parts[2]);
    EXPECT_TRUE(header && claims && signature);
    if (!header || !claims || !signature) return {};
    return {nlohmann::json::parse(*header), nlohmann::json::parse(*claims),
            parts[0] + "." + parts[1], *signature};
}

class AppJwt : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        keys_ = new testing::RsaKeyPair(testing::make_rsa_key_pair());
        other_ = new testing::RsaKeyPair(testing::make_rsa_key_pair());
    }
    static void TearDownTestSuite() {
        delete keys_;
        delete other_;
        keys_ = other_ = nullptr;
    }
    static testing::RsaKeyPair* keys_;
    static testing::RsaKeyPair* other_;

    // 2024-05-01T12:00:00Z
    const Clock::time_point now_ = Clock::from_time_t(1714564800);
};
testing::RsaKeyPair* AppJwt::keys_ = nullptr;
testing::RsaKeyPair* AppJwt::other_ = nullptr;

TEST_F(AppJwt, ClaimsAreIssuedAMinuteAgoAndExpireWithinTenMinutes) {
    const auto claims = app_jwt_claims("1234567", now_);
    EXPECT_EQ(claims.issuer, "1234567");
    EXPECT_EQ(claims.issued_at, 1714564800 - 60);
    EXPECT_GT(claims.expires_at, 1714564800);  // still valid when it reaches GitHub
    EXPECT_LE(claims.expires_at - claims.issued_at, 600);
}

TEST_F(AppJwt, HeaderAndClaimsDecodeAsGitHubExpects) {
    auto jwt = make_app_jwt(keys_->pkcs1, app_jwt_claims("1234567", now_));
    ASSERT_TRUE(jwt) << jwt.error().message;
    const auto decoded = decode(*jwt);

    EXPECT_EQ(decoded.header["alg"], "RS256");
    EXPECT_EQ(decoded.header["typ"], "JWT");

    ASSERT_TRUE(decoded.claims["iss"].is_string()) << decoded.claims.dump();
    EXPECT_EQ(decoded.claims["iss"], "1234567");
    ASSERT_TRUE(decoded.claims["iat"].is_number_integer());
    ASSERT_TRUE(decoded.claims["exp"].is_number_integer());
    const auto iat = decoded.claims["iat"].get<std::int64_t>();
    const auto exp = decoded.claims["exp"].get<std::int64_t>();
    EXPECT_EQ(iat, 1714564800 - 60);
    EXPECT_LE(exp, iat + 600);
    EXPECT_GT(exp, 1714564800);
}

TEST_F(AppJwt, NoPaddingOrUnsafeCharactersInTheToken) {
    auto jwt = make_app_jwt(keys_->pkcs1, app_jwt_claims("42", now_));
    ASSERT_TRUE(jwt);
    EXPECT_EQ(jwt->find_first_of("=+/ \n"), std::string::npos) << *jwt;
}

TEST_F(AppJwt, SignatureVerifiesWithTheAppPublicKey) {
    auto jwt = make_app_jwt(keys_->pkcs1, app_jwt_claims("1234567", now_));
    ASSERT_TRUE(jwt);
    const auto decoded = decode(*jwt);
    EXPECT_EQ(decoded.signature.size(), 256U);
    EXPECT_TRUE(crypto::rs256_verify(keys_->public_pem, decoded.signing_input, decoded.signature));
    EXPECT_FALSE(
        crypto::rs256_verify(other_->public_pem, decoded.signing_input, decoded.signature));
}

TEST_F(AppJwt, TamperedClaimsNoLongerVerify) {
    auto jwt = make_app_jwt(keys_->pkcs1, app_jwt_claims("1234567", now_));
    ASSERT_TRUE(jwt);
    const auto decoded = decode(*jwt);
    auto forged_claims = decoded.claims;
    forged_claims["iss"] = "7654321";
    const std::string forged_input =
        split_dots(*jwt)[0] + "." + crypto::base64url_encode(forged_claims.dump());
    EXPECT_FALSE(crypto::rs256_verify(keys_->public_pem, forged_input, decoded.signature));
}

TEST_F(AppJwt, Pkcs8KeyGivesTheSameVerifiableToken) {
    const auto claims = app_jwt_claims("99", now_);
    auto from_pkcs8 = make_app_jwt(keys_->pkcs8, claims);
    auto from_pkcs1 = make_app_jwt(keys_->pkcs1, claims);
    ASSERT_TRUE(from_pkcs8) << from_pkcs8.error().message;
    ASSERT_TRUE(from_pkcs1);
    const auto decoded = decode(*from_pkcs8);
    EXPECT_TRUE(crypto::rs256_verify(keys_->public_pem, decoded.signing_input, decoded.signature));
    EXPECT_EQ(*from_pkcs8, *from_pkcs1);  // RS256 is deterministic
}

TEST_F(AppJwt, IssuerIsAStringEvenForNumericLookingIds) {
    auto jwt = make_app_jwt(keys_->pkcs1, app_jwt_claims("0012", now_));
    ASSERT_TRUE(jwt);
    EXPECT_EQ(decode(*jwt).claims["iss"], "0012");
}

TEST_F(AppJwt, GarbageKeyIsAnAuthErrorWithoutKeyMaterial) {
    std::string damaged = keys_->pkcs1;
    damaged.replace(damaged.size() / 2, 12, "************");
    for (const std::string& key :
         {damaged, std::string("not a key at all"), std::string(), keys_->public_pem}) {
        auto jwt = make_app_jwt(key, app_jwt_claims("1", now_));
        ASSERT_FALSE(jwt);
        EXPECT_TRUE(jwt.error().kind == ErrorKind::Auth || jwt.error().kind == ErrorKind::Usage);
        EXPECT_NE(jwt.error().message.find("GitHub App JWT"), std::string::npos)
            << jwt.error().message;
        EXPECT_TRUE(testing::holds_no_key_material(jwt.error().message, keys_->pkcs1));
        EXPECT_TRUE(testing::holds_no_key_material(jwt.error().message, keys_->public_pem));
    }
}

}  // namespace
}  // namespace repo2s3::github
