#pragma once
// Message digests (MD5, SHA-256): one-shot over bytes, incremental for streams, and over files.
// Digests are returned as raw bytes unless the name says hex (lower-case).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

// OpenSSL's context type, declared here so that callers need no OpenSSL headers.
struct evp_md_ctx_st;

namespace repo2s3::crypto {

enum class DigestAlgorithm { Md5, Sha256 };

/// Incremental digest over EVP_MD_CTX. Move-only; a moved-from hasher may only be destroyed or
/// assigned to. finish() returns the raw digest and resets the hasher for a new message.
class Hasher {
  public:
    explicit Hasher(DigestAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    void update(std::string_view bytes);
    std::string finish();

  private:
    struct ContextDeleter {
        void operator()(evp_md_ctx_st* context) const noexcept;
    };
    DigestAlgorithm algorithm_;
    std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

std::string digest(DigestAlgorithm algorithm, std::string_view bytes);  // raw
std::string md5(std::string_view bytes);                                // raw, 16 bytes
std::string md5_hex(std::string_view bytes);
std::string sha256(std::string_view bytes);  // raw, 32 bytes
std::string sha256_hex(std::string_view bytes);

/// Raw digest of a file's contents, read in 64 KiB chunks.
/// Errors: ErrorKind::Io naming the file when it cannot be opened or read.
Result<std::string> file_digest(const std::string& path, DigestAlgorithm algorithm);
/// Raw MD5 and SHA-256 of a file and its size, from one read (an S3 upload needs both digests).
struct FileDigests {
    std::string md5;
    std::string sha256;
    std::uint64_t size = 0;
};
/// Errors: as file_digest.
Result<FileDigests> md5_and_sha256_file(const std::string& path);
/// The same over bytes [offset, offset + length) of a file (a part of a multipart upload).
/// Errors: as file_digest, and ErrorKind::Io when the file ends before the range does.
Result<FileDigests> md5_and_sha256_file_range(const std::string& path, std::uint64_t offset,
                                              std::uint64_t length);
/// Lower-case hex MD5 of a file (the ETag of a single-part S3 upload).
Result<std::string> md5_file_hex(const std::string& path);

}  // namespace repo2s3::crypto
