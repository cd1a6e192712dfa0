#pragma once
// ISO 8601 / RFC 3339 timestamps as AWS services write them ("2024-05-01T12:00:00Z",
// "2024-05-01T12:00:00.123Z", "2024-05-01T14:00:00+02:00").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::util {

/// The instant `text` names: date 'T' time, optional fraction of a second (dropped), then 'Z' or
/// an offset ±HH:MM. Nothing for anything else (no date-only forms, no missing zone).
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

/// "2024-05-01T12:00:00Z" (whole seconds, UTC).
std::string format_iso8601(std::chrono::system_clock::time_point when);

}  // namespace repo2s3::util
