#pragma once

#include <string>

#include "repo2s3/util/error.hpp"

namespace repo2s3::cli {

/// Logs go to stderr with UTC timestamps; stdout is reserved for plans and JSON.
/// Levels: trace, debug, info, warn, error, off.
Result<void> configure_logging(const std::string& level);

}  // namespace repo2s3::cli
