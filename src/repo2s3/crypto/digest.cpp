#include "repo2s3/crypto/digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>

#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::crypto {
namespace {

constexpr std::size_t kFileChunkSize = 64 * 1024;

const EVP_MD* evp_md(DigestAlgorithm algorithm) {
    switch (algorithm) {
        case DigestAlgorithm::Md5:
            return EVP_md5();
        case DigestAlgorithm::Sha256:
            return EVP_sha256();
    }
    throw std::logic_error("unknown digest algorithm");
}

void init_or_throw(EVP_MD_CTX* context, DigestAlgorithm algorithm) {
    // Failure here means OpenSSL itself is unusable (e.g. MD5 disabled by a FIPS policy):
    // a deployment error, not an input error.
    if (EVP_DigestInit_ex(context, evp_md(algorithm), nullptr) != 1) {
        throw std::runtime_error("OpenSSL digest initialisation failed");
    }
}

}  // namespace

void Hasher::ContextDeleter::operator()(evp_md_ctx_st* context) const noexcept {
    EVP_MD_CTX_free(context);
}

Hasher::Hasher(DigestAlgorithm algorithm) : algorithm_(algorithm), context_(EVP_MD_CTX_new()) {
    if (!context_) throw std::bad_alloc();
    init_or_throw(context_.get(), algorithm_);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::string_view bytes) {
    if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) {
        throw std::runtime_error("OpenSSL digest update failed");
    }
}

std::string Hasher::finish() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> buffer{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_.get(), buffer.data(), &length) != 1) {
        throw std::runtime_error("OpenSSL digest finalisation failed");
    }
    init_or_throw(context_.get(), algorithm_);
    return {reinterpret_cast<const char*>(buffer.data()), length};
}

std::string digest(DigestAlgorithm algorithm, std::string_view bytes) {
    Hasher hasher(algorithm);
    hasher.update(bytes);
    return hasher.finish();
}

std::string md5(std::string_view bytes) {
    return digest(DigestAlgorithm::Md5, bytes);
}

std::string md5_hex(std::string_view bytes) {
    return hex_encode(md5(bytes));
}

std::string sha256(std::string_view bytes) {
    return digest(DigestAlgorithm::Sha256, bytes);
}

std::string sha256_hex(std::string_view bytes) {
    return hex_encode(sha256(bytes));
}

namespace {

// Feeds every chunk of a file to `consume`, in order. stdio rather than iostreams: it reports
// why a read failed (EISDIR, EIO) through errno.
// With a `length`, only bytes [offset, offset + length) are read, and a file that ends first is
// an error.
template <class Consume>
Result<void> read_file_chunks(const std::string& path, Consume&& consume, std::uint64_t offset = 0,
                              std::optional<std::uint64_t> length = std::nullopt) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                               &std::fclose);
    if (!file) {
        return fail(ErrorKind::Io, "cannot open " + path + " for hashing: " + std::strerror(errno));
    }
    if (offset > 0 && fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
        return fail(ErrorKind::Io,
                    "cannot seek in " + path + " for hashing: " + std::strerror(errno));
    }
    std::uint64_t left = length.value_or(std::numeric_limits<std::uint64_t>::max());
    std::string chunk(kFileChunkSize, '\0');
    while (left > 0) {
        const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), left));
        const std::size_t got = std::fread(chunk.data(), 1, wanted, file.get());
        if (got > 0) consume(std::string_view(chunk.data(), got));
        left -= got;
        if (got < wanted) break;
    }
    if (std::ferror(file.get()) != 0) {
        return fail(ErrorKind::Io, "cannot read " + path + " for hashing: " + std::strerror(errno));
    }
    if (length && left > 0) {
        return fail(ErrorKind::Io, path + " ended " + std::to_string(left) +
                                       " bytes before the range to hash (it changed after it "
                                       "was planned; run again)");
    }
    return {};
}

Result<FileDigests> md5_and_sha256_of(const std::string& path, std::uint64_t offset,
                                      std::optional<std::uint64_t> length) {
    Hasher md5_hasher(DigestAlgorithm::Md5);
    Hasher sha256_hasher(DigestAlgorithm::Sha256);
    FileDigests digests;
    auto read = read_file_chunks(
        path,
        [&](std::string_view chunk) {
            md5_hasher.update(chunk);
            sha256_hasher.update(chunk);
            digests.size += chunk.size();
        },
        offset, length);
    if (!read) return util::unexpected(std::move(read).error());
    digests.md5 = md5_hasher.finish();
    digests.sha256 = sha256_hasher.finish();
    return digests;
}

}  // namespace

Result<std::string> file_digest(const std::string& path, DigestAlgorithm algorithm) {
    Hasher hasher(algorithm);
    auto read = read_file_chunks(path, [&](std::string_view chunk) { hasher.update(chunk); });
    if (!read) return util::unexpected(std::move(read).error());
    return hasher.finish();
}

Result<FileDigests> md5_and_sha256_file(const std::string& path) {
    return md5_and_sha256_of(path, 0, std::nullopt);
}

Result<FileDigests> md5_and_sha256_file_range(const std::string& path, std::uint64_t offset,
                                              std::uint64_t length) {
    return md5_and_sha256_of(path, offset, length);
}

Result<std::string> md5_file_hex(const std::string& path) {
    auto raw = file_digest(path, DigestAlgorithm::Md5);
    if (!raw) return util::unexpected(std::move(raw).error());
    return hex_encode(*raw);
}

}  // namespace repo2s3::crypto
