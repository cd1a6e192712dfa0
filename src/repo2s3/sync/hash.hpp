#pragma once

#include <vector>

#include "repo2s3/source/source_file.hpp"
#include "repo2s3/sync/plan.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::sync {

/// Computes the MD5 of every file whose MD5 is not known yet, reading up to `workers` files at
/// once. The first file that
/// cannot be read fails the whole step: a file we cannot hash must not look "missing".
Result<std::vector<LocalFile>> hash_files(const std::vector<source::SourceFile>& files,
                                          std::size_t workers);

}  // namespace repo2s3::sync
