#include "repo2s3/util/timestamp.hpp"

#include <ctime>

namespace repo2s3::util {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (!is_digit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += count;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, std::string_view any_of) {
    if (pos >= text.size() || any_of.find(text[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
    std::size_t pos = 0;
    const auto year = digits(text, pos, 4);
    if (!year || !expect(text, pos, "-")) return std::nullopt;
    const auto month = digits(text, pos, 2);
    if (!month || !expect(text, pos, "-")) return std::nullopt;
    const auto day = digits(text, pos, 2);
    if (!day || !expect(text, pos, "Tt")) return std::nullopt;
    const auto hour = digits(text, pos, 2);
    if (!hour || !expect(text, pos, ":")) return std::nullopt;
    const auto minute = digits(text, pos, 2);
    if (!minute || !expect(text, pos, ":")) return std::nullopt;
    const auto second = digits(text, pos, 2);
    if (!second) return std::nullopt;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        if (pos == start) return std::nullopt;
    }
    int offset_minutes = 0;
    if (expect(text, pos, "Zz")) {
        // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos++] == '-' ? -1 : 1;
        const auto offset_hours = digits(text, pos, 2);
        if (!offset_hours || !expect(text, pos, ":")) return std::nullopt;
        const auto offset_mins = digits(text, pos, 2);
        if (!offset_mins || *offset_hours > 23 || *offset_mins > 59) return std::nullopt;
        offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
        *second > 60) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    const auto instant = std::chrono::sys_days(date) + std::chrono::hours(*hour) +
                         std::chrono::minutes(*minute - offset_minutes) +
                         std::chrono::seconds(*second);
    return time_point_from_seconds(instant.time_since_epoch());
}

std::optional<std::chrono::system_clock::time_point> time_point_from_seconds(
    std::chrono::seconds since_epoch) {
    using Duration = std::chrono::system_clock::duration;
    // Truncation toward zero keeps both bounds inside the clock's range.
    constexpr auto kEarliest = std::chrono::duration_cast<std::chrono::seconds>(Duration::min());
    constexpr auto kLatest = std::chrono::duration_cast<std::chrono::seconds>(Duration::max());
    if (since_epoch < kEarliest || since_epoch > kLatest) return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<Duration>(since_epoch));
}

std::string format_iso8601(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace repo2s3::util
