#pragma once
// Limits that stop a hostile or broken archive before it fills the disk.

#include <cstdint>

namespace repo2s3::archive {

struct ExtractLimits {
    std::uint64_t max_entries = 100'000;         // files and directories
    std::uint64_t max_total_bytes = 4ULL << 30;  // uncompressed, all files (4 GiB)
    std::uint64_t max_file_bytes = 4ULL << 30;   // uncompressed, one file (4 GiB)
    /// Declared uncompressed bytes over the archive's size on disk. Deflate cannot exceed about
    /// 1032:1, so an honest GitHub archive stays below it; "zip bombs" that point many entries at
    /// the same compressed data go far above it and are refused before anything is written.
    std::uint64_t max_expansion_ratio = 2000;
};

}  // namespace repo2s3::archive
