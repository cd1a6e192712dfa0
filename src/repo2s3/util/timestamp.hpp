#pragma once
// ISO 8601 / RFC 3339 timestamps as AWS services write them ("2024-05-01T12:00:00Z",
// "2024-05-01T12:00:00.123Z", "2024-05-01T14:00:00+02:00").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::util {

/// The instant `text` names: date 'T' time, optional fraction of a second (dropped), then 'Z' or
/// an offset ±HH:MM. Nothing for anything else (no date-only forms, no missing zone), and for an
/// instant system_clock cannot hold (see time_point_from_seconds).
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

/// The instant `since_epoch` after 1970-01-01T00:00:00Z, or nothing when system_clock cannot
/// hold it (its nanoseconds span only 1677-09-21 to 2262-04-11).
std::optional<std::chrono::system_clock::time_point> time_point_from_seconds(
    std::chrono::seconds since_epoch);

/// "2024-05-01T12:00:00Z" (whole seconds, UTC).
std::string format_iso8601(std::chrono::system_clock::time_point when);

}  // namespace repo2s3::util
