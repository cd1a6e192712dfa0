#include "repo2s3/alerts/priority.hpp"

#include <array>
#include <utility>

#include "repo2s3/util/ascii.hpp"

namespace repo2s3::alerts {
namespace {

constexpr std::array<std::pair<Priority, std::string_view>, 5> kNames{{
    {Priority::None, "NONE"},
    {Priority::Problem, "PROBLEM"},
    {Priority::Important, "IMPORTANT"},
    {Priority::Success, "SUCCESS"},
    {Priority::Informational, "INFORMATIONAL"},
}};

}  // namespace

std::optional<Priority> parse_priority(std::string_view text) {
    const std::string lower = util::ascii_lower(text);
    for (const auto& [priority, name] : kNames) {
        if (lower == util::ascii_lower(name)) return priority;
    }
    return std::nullopt;
}

std::string_view priority_name(Priority priority) {
    for (const auto& [candidate, name] : kNames) {
        if (candidate == priority) return name;
    }
    return "NONE";
}

std::string_view priority_emoji(Priority priority) {
    switch (priority) {
        case Priority::Problem:
            return "\U0001F6A8";  // 🚨
        case Priority::Important:
            return "\U0001F4E3";  // 📣
        case Priority::Success:
            return "\u2705";  // ✅
        case Priority::Informational:
            return "\u2139\uFE0F";  // ℹ️
        case Priority::None:
            break;
    }
    return "";
}

bool should_send(Priority level, Priority message_priority) {
    return message_priority != Priority::None &&
           static_cast<int>(message_priority) <= static_cast<int>(level);
}

std::string_view priority_names() {
    return "NONE, PROBLEM, IMPORTANT, SUCCESS, INFORMATIONAL";
}

}  // namespace repo2s3::alerts
