#pragma once
// A read-only zip archive over libzip: entry metadata and streamed reading of one entry.
// Owns the zip_t (closed with zip_discard, never rewritten). Not thread-safe: one thread at a
// time per ZipArchive.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "repo2s3/util/error.hpp"

struct zip;

namespace repo2s3::archive {

struct ZipEntryInfo {
    std::string name;                   // raw bytes as stored (no encoding conversion)
    std::uint64_t size = 0;             // uncompressed, as declared
    std::uint64_t compressed_size = 0;  // as declared
    bool encrypted = false;
    bool is_symlink = false;  // Unix mode S_IFLNK in the external attributes (git archive)
};

class ZipArchive {
  public:
    /// Opens `path` with libzip's consistency checks. A missing file fails with ErrorKind::Io;
    /// a file that is not a zip, or a damaged one, with ErrorKind::Archive.
    static Result<ZipArchive> open(const std::string& path);

    std::uint64_t entry_count() const;
    /// Failures of entry() and read_entry() (ErrorKind::Archive) carry only libzip's message;
    /// the caller names the archive and the entry.
    Result<ZipEntryInfo> entry(std::uint64_t index) const;
    /// The archive comment (GitHub stores the commit SHA there); empty if none.
    std::string comment() const;

    /// Decompresses entry `index` in fixed-size chunks, handing each to `sink`; stops at the
    /// first failure from the sink or from libzip (CRC mismatch, corrupt data).
    using ChunkSink = std::function<Result<void>(std::span<const char>)>;
    Result<void> read_entry(std::uint64_t index, const ChunkSink& sink) const;

    const std::string& path() const { return path_; }

  private:
    struct Closer {
        void operator()(zip* archive) const;
    };
    ZipArchive(std::unique_ptr<zip, Closer> archive, std::string path);

    std::unique_ptr<zip, Closer> archive_;
    std::string path_;
};

}  // namespace repo2s3::archive
