#pragma once
// ASCII case mapping that ignores the C locale: protocol names (HTTP headers, URL schemes and
// hosts, INI keys) compare in ASCII whatever the user's locale is.

#include <string>
#include <string_view>

namespace repo2s3::util {

/// `text` with A-Z mapped to a-z; every other byte unchanged.
inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace repo2s3::util
