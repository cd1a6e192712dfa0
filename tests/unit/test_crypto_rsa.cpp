#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <string>

#include "repo2s3/crypto/rsa.hpp"
#include "support/rsa_keys.hpp"

// Keys are generated here at test time with OpenSSL's API: no private key is ever committed.
namespace repo2s3::crypto {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct BioFree {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

using testing::make_rsa_key_pair;
using testing::pem_body_line;
using testing::pem_of;
using testing::PemForm;
using KeyPair = testing::RsaKeyPair;

class Rs256 : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        first_ = new KeyPair(make_rsa_key_pair());
        second_ = new KeyPair(make_rsa_key_pair());
    }
    static void TearDownTestSuite() {
        delete first_;
        delete second_;
        first_ = second_ = nullptr;
    }
    static KeyPair* first_;
    static KeyPair* second_;
};
KeyPair* Rs256::first_ = nullptr;
KeyPair* Rs256::second_ = nullptr;

void expect_auth_error_without_key_material(const Result<std::string>& result,
                                            const std::string& pem) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Auth);
    const std::string& message = result.error().message;
    EXPECT_FALSE(message.empty());
    EXPECT_TRUE(testing::holds_no_key_material(message, pem));
}

TEST_F(Rs256, GeneratedKeysHaveTheExpectedPemHeaders) {
    EXPECT_EQ(first_->pkcs1.rfind(testing::pem_boundary("BEGIN", "RSA PRIVATE KEY"), 0), 0U);
    EXPECT_EQ(first_->pkcs8.rfind(testing::pem_boundary("BEGIN", "PRIVATE KEY"), 0), 0U);
    EXPECT_EQ(first_->public_pem.rfind(testing::pem_boundary("BEGIN", "PUBLIC KEY"), 0), 0U);
}

TEST_F(Rs256, Pkcs1KeySignsVerifiably) {
    auto signature = rs256_sign(first_->pkcs1, "header.payload");
    ASSERT_TRUE(signature) << signature.error().message;
    EXPECT_EQ(signature->size(), 256U);
    EXPECT_TRUE(rs256_verify(first_->public_pem, "header.payload", *signature));
}

TEST_F(Rs256, Pkcs8KeySignsVerifiablyAndIdenticallyToPkcs1) {
    auto from_pkcs8 = rs256_sign(first_->pkcs8, "header.payload");
    auto from_pkcs1 = rs256_sign(first_->pkcs1, "header.payload");
    ASSERT_TRUE(from_pkcs8) << from_pkcs8.error().message;
    ASSERT_TRUE(from_pkcs1);
    EXPECT_TRUE(rs256_verify(first_->public_pem, "header.payload", *from_pkcs8));
    // PKCS#1 v1.5 signatures are deterministic: same key, same message, same bytes.
    EXPECT_EQ(*from_pkcs8, *from_pkcs1);
}

TEST_F(Rs256, VerifyRejectsTamperedMessageSignatureOrKey) {
    auto signature = rs256_sign(first_->pkcs1, "header.payload");
    ASSERT_TRUE(signature);
    EXPECT_FALSE(rs256_verify(first_->public_pem, "header.payloaD", *signature));
    std::string flipped = *signature;
    flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
    EXPECT_FALSE(rs256_verify(first_->public_pem, "header.payload", flipped));
    EXPECT_FALSE(rs256_verify(second_->public_pem, "header.payload", *signature));
    EXPECT_FALSE(rs256_verify("not a key", "header.payload", *signature));
    EXPECT_FALSE(rs256_verify(first_->public_pem, "header.payload", ""));
}

TEST_F(Rs256, SignsEmptyMessage) {
    auto signature = rs256_sign(first_->pkcs8, "");
    ASSERT_TRUE(signature);
    EXPECT_TRUE(rs256_verify(first_->public_pem, "", *signature));
}

TEST_F(Rs256, CorruptKeyIsAuthErrorThatDoesNotEchoTheKey) {
    std::string corrupt = first_->pkcs1;
    const auto middle = corrupt.size() / 2;
    corrupt.replace(middle, 8, "!!!!!!!!");
    expect_auth_error_without_key_material(rs256_sign(corrupt, "m"), first_->pkcs1);

    std::string truncated = first_->pkcs8.substr(0, first_->pkcs8.size() / 2);
    expect_auth_error_without_key_material(rs256_sign(truncated, "m"), first_->pkcs8);
}

TEST_F(Rs256, KeyWithoutPemHeaderIsAuthError) {
    const std::string body_only = pem_body_line(first_->pkcs1);
    const auto result = rs256_sign(body_only, "m");
    expect_auth_error_without_key_material(result, first_->pkcs1);
    EXPECT_NE(result.error().message.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
}

TEST_F(Rs256, KeyWithEscapedNewlinesGetsAHint) {
    std::string escaped;
    for (const char c : first_->pkcs1) {
        if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    // A common way to break a key: storing it in JSON or an env file with escaped newlines.
    const auto result = rs256_sign(escaped, "m");
    expect_auth_error_without_key_material(result, first_->pkcs1);
    EXPECT_NE(result.error().message.find("escaped"), std::string::npos);
}

TEST_F(Rs256, PublicKeyGivenAsPrivateKeyIsAuthError) {
    expect_auth_error_without_key_material(rs256_sign(first_->public_pem, "m"), first_->public_pem);
}

TEST_F(Rs256, EncryptedKeyIsRefusedWithoutPrompting) {
    const BioPtr in(BIO_new_mem_buf(first_->pkcs1.data(), static_cast<int>(first_->pkcs1.size())));
    const PkeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
    ASSERT_TRUE(key);
    const BioPtr out(BIO_new(BIO_s_mem()));
    char passphrase[] = "secret-passphrase";
    ASSERT_EQ(
        PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), passphrase,
                                      static_cast<int>(sizeof(passphrase) - 1), nullptr, nullptr),
        1);
    char* data = nullptr;
    const long length = BIO_get_mem_data(out.get(), &data);
    const std::string encrypted(data, static_cast<std::size_t>(length));
    ASSERT_NE(encrypted.find("ENCRYPTED"), std::string::npos);

    const auto result = rs256_sign(encrypted, "m");
    expect_auth_error_without_key_material(result, encrypted);
    EXPECT_NE(result.error().message.find("encrypted"), std::string::npos);
}

TEST_F(Rs256, NonRsaKeyIsAuthError) {
    const PkeyPtr ec_key(EVP_EC_gen("P-256"));
    ASSERT_TRUE(ec_key);
    const std::string pem = pem_of(ec_key.get(), PemForm::Pkcs8);
    const auto result = rs256_sign(pem, "m");
    expect_auth_error_without_key_material(result, pem);
    EXPECT_NE(result.error().message.find("not an RSA key"), std::string::npos);
}

TEST(Rs256Plain, EmptyKeyIsAuthError) {
    const auto result = rs256_sign("", "m");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Auth);
}

}  // namespace
}  // namespace repo2s3::crypto
