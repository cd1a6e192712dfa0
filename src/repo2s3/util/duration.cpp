#include "repo2s3/util/duration.hpp"

#include <string>

namespace repo2s3::util {
namespace {

constexpr std::int64_t kMaxSeconds = std::int64_t{366} * 24 * 3600;

int unit_rank(char unit) {
    switch (unit) {
        case 'h':
            return 0;
        case 'm':
            return 1;
        case 's':
            return 2;
        default:
            return -1;
    }
}

std::int64_t unit_seconds(char unit) {
    return unit == 'h' ? 3600 : unit == 'm' ? 60 : 1;
}

}  // namespace

Result<std::chrono::seconds> parse_duration(std::string_view text, std::string_view flag) {
    const auto error = [&](const std::string& why) {
        return fail(ErrorKind::Usage,
                    std::string(flag) + ": \"" + std::string(text) + "\": " + why);
    };
    if (text.empty()) return error("empty duration (use e.g. 30s, 5m, 1h or 1h30m)");
    std::int64_t total = 0;
    int last_rank = -1;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t number = 0;
        const std::size_t digits_start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            number = number * 10 + (text[i] - '0');
            if (number > kMaxSeconds) return error("too long (at most 366 days)");
            ++i;
        }
        if (i == digits_start) return error("expected a number at position " + std::to_string(i));
        if (i == text.size())
            return error("missing unit after " + std::to_string(number) +
                         " (use h, m or s, as in 1h30m)");
        const char unit = text[i++];
        const int rank = unit_rank(unit);
        if (rank < 0) {
            return error(std::string("unknown unit '") + unit + "' (use h, m or s, as in 1h30m)");
        }
        if (rank <= last_rank) return error("units must each appear once, in the order h, m, s");
        last_rank = rank;
        total += number * unit_seconds(unit);
        if (total > kMaxSeconds) return error("too long (at most 366 days)");
    }
    if (total < 1) return error("must be at least 1s");
    return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds duration) {
    auto left = duration.count();
    std::string out;
    if (left >= 3600) {
        out += std::to_string(left / 3600) + "h";
        left %= 3600;
    }
    if (left >= 60) {
        out += std::to_string(left / 60) + "m";
        left %= 60;
    }
    if (left > 0 || out.empty()) out += std::to_string(left) + "s";
    return out;
}

}  // namespace repo2s3::util
