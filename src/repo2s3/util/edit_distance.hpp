#pragma once

#include <cstddef>
#include <string_view>

namespace repo2s3::util {

/// The number of single-byte insertions, deletions, substitutions and swaps of two adjacent
/// bytes that turn `a` into `b` (optimal string alignment distance). Bytes compare exactly.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace repo2s3::util
