// util/utf8: the sanitiser, the prefix cut and printable() keep their promises on any bytes.
//   sanitize_utf8(x) is valid UTF-8, and is x itself when x is valid;
//   utf8_prefix(x, n) is a prefix of x, at most n bytes, at most 3 bytes shorter than
//     min(n, |x|), and valid whenever x is;
//   printable(x) is valid UTF-8 without ASCII control characters, and is x when x is valid
//     and has none.
// The first input byte picks n (0..255, scaled to the input), the rest is x.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/util/utf8.hpp"

namespace {

bool has_ascii_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20U || byte == 0x7FU;
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    if (size == 0) return 0;
    const std::size_t n = data[0];
    const std::string text(fuzz::as_text(data + 1, size - 1));
    const bool valid = util::is_valid_utf8(text);

    const std::string sanitized = util::sanitize_utf8(text);
    FUZZ_CHECK(util::is_valid_utf8(sanitized));
    if (valid) FUZZ_CHECK(sanitized == text);
    FUZZ_CHECK(sanitized.size() >= text.size());  // one U+FFFD (3 bytes) per bad byte
    FUZZ_CHECK(util::sanitize_utf8(sanitized) == sanitized);

    for (const std::size_t max_bytes : {n, n % 8, text.size(), text.size() / 2}) {
        const std::string_view prefix = util::utf8_prefix(text, max_bytes);
        const std::size_t limit = std::min(max_bytes, text.size());
        FUZZ_CHECK(prefix.size() <= limit);
        FUZZ_CHECK(prefix.size() + 3 >= limit);
        FUZZ_CHECK(std::string_view(text).starts_with(prefix));
        if (valid) FUZZ_CHECK(util::is_valid_utf8(prefix));
        // Cutting the sanitised text never splits a replacement character.
        FUZZ_CHECK(util::is_valid_utf8(util::utf8_prefix(sanitized, max_bytes)));
    }

    const std::string shown = util::printable(text);
    FUZZ_CHECK(util::is_valid_utf8(shown));
    FUZZ_CHECK(!has_ascii_control(shown));
    if (valid && !has_ascii_control(text)) FUZZ_CHECK(shown == text);
    return 0;
}
