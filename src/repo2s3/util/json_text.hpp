#pragma once
// The one way JSON is written. nlohmann's default dump() throws on a string that is not valid
// UTF-8, and much of what repo2s3 writes (error messages, S3 keys, server bodies) came from
// outside; here bad bytes become U+FFFD instead, so no document can fail for its content.

#include <nlohmann/json.hpp>
#include <string>

namespace repo2s3::util {

/// Compact JSON text of `value`, with invalid UTF-8 replaced.
inline std::string json_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace repo2s3::util
