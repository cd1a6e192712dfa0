#pragma once

#include <cstddef>
#include <string>

namespace repo2s3::util {

/// The number with a comma between each group of three digits: 1204 → "1,204".
inline std::string with_thousands(std::size_t value) {
    const std::string digits = std::to_string(value);
    std::string grouped;
    grouped.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return grouped;
}

}  // namespace repo2s3::util
