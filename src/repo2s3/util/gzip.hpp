#pragma once
// gzip (RFC 1952) in memory, through zlib.

#include <cstddef>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

std::string gzip_compress(std::string_view data);

/// The data of a gzip stream. Refuses (ErrorKind::Io) a stream that is not gzip, is truncated,
/// or inflates past `max_bytes`.
Result<std::string> gzip_decompress(std::string_view compressed, std::size_t max_bytes);

}  // namespace repo2s3::util
