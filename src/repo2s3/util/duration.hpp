#pragma once
// Durations as written on the command line: "30s", "5m", "1h", "1h30m", "2h5m10s".

#include <chrono>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

/// Parses one or more <number><unit> parts, units h, m and s, each at most once and in that
/// order. The result must be at least one second. Errors (ErrorKind::Usage) start with `flag`,
/// e.g. `--every: "5x": unknown unit 'x' (use h, m or s, as in 1h30m)`.
Result<std::chrono::seconds> parse_duration(std::string_view text, std::string_view flag);

/// "1h30m", "5m", "45s": the shortest form parse_duration reads back.
std::string format_duration(std::chrono::seconds duration);

}  // namespace repo2s3::util
