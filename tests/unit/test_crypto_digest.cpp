#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "repo2s3/crypto/digest.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::crypto {
namespace {

// RFC 1321, appendix A.5.
TEST(Md5, Rfc1321TestSuite) {
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "d174ab98d277d9f5a5611c2c9f419d9f");
    EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890"
                      "1234567890123456789012345678901234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(Md5, RawDigestIsSixteenBytes) {
    const std::string raw = md5("abc");
    ASSERT_EQ(raw.size(), 16U);
    EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0x90);
    EXPECT_EQ(static_cast<unsigned char>(raw[15]), 0x72);
}

// FIPS 180-2 examples (and the empty message).
TEST(Sha256, FipsExamples) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256("abc").size(), 32U);
}

TEST(Sha256, MillionAsStreamedInPieces) {
    Hasher hasher(DigestAlgorithm::Sha256);
    const std::string thousand(1000, 'a');
    for (int i = 0; i < 1000; ++i) hasher.update(thousand);
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    EXPECT_EQ(hasher.finish(), sha256(std::string(1000000, 'a')));
}

TEST(Hasher, IncrementalEqualsOneShot) {
    Hasher hasher(DigestAlgorithm::Md5);
    hasher.update("message ");
    hasher.update("");
    hasher.update("digest");
    EXPECT_EQ(hasher.finish(), md5("message digest"));
}

TEST(Hasher, FinishResetsForTheNextMessage) {
    Hasher hasher(DigestAlgorithm::Sha256);
    hasher.update("first");
    (void)hasher.finish();
    hasher.update("abc");
    EXPECT_EQ(hasher.finish(), sha256("abc"));
    EXPECT_EQ(hasher.finish(), sha256(""));
}

TEST(Hasher, MovedHasherKeepsItsState) {
    Hasher original(DigestAlgorithm::Md5);
    original.update("ab");
    Hasher moved(std::move(original));
    moved.update("c");
    EXPECT_EQ(moved.finish(), md5("abc"));

    Hasher assigned(DigestAlgorithm::Sha256);
    assigned = std::move(moved);
    assigned.update("a");
    EXPECT_EQ(assigned.finish(), md5("a"));  // the algorithm moves with the state
}

TEST(Digest, DispatchesOnAlgorithm) {
    EXPECT_EQ(digest(DigestAlgorithm::Md5, "abc"), md5("abc"));
    EXPECT_EQ(digest(DigestAlgorithm::Sha256, "abc"), sha256("abc"));
}

TEST(FileDigest, Md5OfFileMatchesContent) {
    const testing::TempDir dir;
    const auto path = dir.write("a.txt", "message digest");
    auto result = md5_file_hex(path.string());
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(*result, "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(FileDigest, EmptyFile) {
    const testing::TempDir dir;
    const auto path = dir.write("empty", "");
    auto result = md5_file_hex(path.string());
    ASSERT_TRUE(result);
    EXPECT_EQ(*result, "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(FileDigest, FileSpanningSeveralChunks) {
    // 64 KiB chunks: exactly one chunk, one chunk plus a byte, and several chunks.
    const testing::TempDir dir;
    for (const std::size_t size : {std::size_t{65536}, std::size_t{65537}, std::size_t{200000}}) {
        std::string content(size, '\0');
        for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>(i * 31 % 251);
        const auto path = dir.write("blob" + std::to_string(size), content);
        auto md5_result = md5_file_hex(path.string());
        ASSERT_TRUE(md5_result);
        EXPECT_EQ(*md5_result, md5_hex(content)) << size;
        auto sha_result = file_digest(path.string(), DigestAlgorithm::Sha256);
        ASSERT_TRUE(sha_result);
        EXPECT_EQ(*sha_result, sha256(content)) << size;
    }
}

TEST(FileDigest, Md5AndSha256OfAByteRange) {
    const testing::TempDir dir;
    std::string content(300000, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 % 253);
    const auto path = dir.write("range", content).string();
    auto part = md5_and_sha256_file_range(path, 70000, 150000);
    ASSERT_TRUE(part) << part.error().message;
    EXPECT_EQ(part->md5, md5(content.substr(70000, 150000)));
    EXPECT_EQ(part->sha256, sha256(content.substr(70000, 150000)));
    EXPECT_EQ(part->size, 150000u);

    auto past_the_end = md5_and_sha256_file_range(path, 200000, 150000);
    ASSERT_FALSE(past_the_end);
    EXPECT_EQ(past_the_end.error().kind, ErrorKind::Io);
}

TEST(FileDigest, Md5AndSha256InOneRead) {
    const testing::TempDir dir;
    for (const std::size_t size : {std::size_t{0}, std::size_t{3}, std::size_t{200000}}) {
        std::string content(size, '\0');
        for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>(i * 7 % 253);
        const auto path = dir.write("both" + std::to_string(size), content);
        auto result = md5_and_sha256_file(path.string());
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->md5, md5(content)) << size;
        EXPECT_EQ(result->sha256, sha256(content)) << size;
        EXPECT_EQ(result->size, size);
    }
    auto missing = md5_and_sha256_file((dir.path() / "missing").string());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::Io);
}

TEST(FileDigest, MissingFileIsIoErrorNamingTheFile) {
    const testing::TempDir dir;
    const std::string path = (dir.path() / "no-such-file.bin").string();
    auto result = md5_file_hex(path);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Io);
    EXPECT_NE(result.error().message.find(path), std::string::npos) << result.error().message;
}

TEST(FileDigest, DirectoryIsIoError) {
    const testing::TempDir dir;
    auto result = md5_file_hex(dir.path().string());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Io);
    EXPECT_NE(result.error().message.find(dir.path().string()), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::crypto
