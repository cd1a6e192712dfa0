#pragma once

#include <cstddef>
#include <string>

namespace repo2s3::util {

/// The number with a comma between each group of three digits: 1204 → "1,204".
inline std::string with_thousands(std::size_t value) {
    std::string digits = std::to_string(value);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

}  // namespace repo2s3::util
