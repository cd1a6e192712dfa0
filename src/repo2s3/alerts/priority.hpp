#pragma once
// Alert priorities as Starfleet ranks them. A configured level L sends every message whose
// rank is at most L, and never a message of rank NONE: NONE sends nothing, PROBLEM only
// failures, INFORMATIONAL everything.

#include <optional>
#include <string>
#include <string_view>

namespace repo2s3::alerts {

enum class Priority {
    None = 0,
    Problem = 1,
    Important = 2,
    Success = 3,
    Informational = 4,
};

/// "NONE", "PROBLEM", "IMPORTANT", "SUCCESS" or "INFORMATIONAL", in any letter case.
std::optional<Priority> parse_priority(std::string_view text);

/// The upper-case name, as Starfleet writes it.
std::string_view priority_name(Priority priority);

/// The emoji the header of a message of this priority starts with (empty for NONE).
std::string_view priority_emoji(Priority priority);

/// True when a message of `message_priority` goes out at the configured `level`.
bool should_send(Priority level, Priority message_priority);

/// "NONE, PROBLEM, IMPORTANT, SUCCESS, INFORMATIONAL", for error messages.
std::string_view priority_names();

}  // namespace repo2s3::alerts
