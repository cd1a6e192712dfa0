#include "repo2s3/util/utf8.hpp"

#include <cstddef>
#include <cstdint>

namespace repo2s3::util {
namespace {

/// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 when there is none.
std::size_t sequence_length(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[pos + i]); };
    const auto continuation = [&](std::size_t i) {
        return pos + i < text.size() && (byte(i) & 0xC0U) == 0x80U;
    };
    const std::uint8_t lead = byte(0);
    if (lead < 0x80U) return 1;
    if (lead >= 0xC2U && lead <= 0xDFU) return continuation(1) ? 2 : 0;
    if (lead >= 0xE0U && lead <= 0xEFU) {
        if (!continuation(1) || !continuation(2)) return 0;
        if (lead == 0xE0U && byte(1) < 0xA0U) return 0;   // overlong
        if (lead == 0xEDU && byte(1) >= 0xA0U) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (lead >= 0xF0U && lead <= 0xF4U) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (lead == 0xF0U && byte(1) < 0x90U) return 0;   // overlong
        if (lead == 0xF4U && byte(1) >= 0x90U) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;  // continuation byte, C0/C1 overlong lead, or F5..FF
}

void append_hex_escape(std::string& out, std::uint8_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += "\\x";
    out += kDigits[value >> 4U];
    out += kDigits[value & 0x0FU];
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t length = sequence_length(text, pos);
        if (length == 0) return false;
        pos += length;
    }
    return true;
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t length = sequence_length(text, pos);
        const auto lead = static_cast<std::uint8_t>(text[pos]);
        if (length == 0 || (length == 1 && (lead < 0x20U || lead == 0x7FU))) {
            append_hex_escape(out, lead);
            ++pos;
        } else {
            out.append(text.substr(pos, length));
            pos += length;
        }
    }
    return out;
}

std::string single_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        const auto byte = static_cast<std::uint8_t>(c);
        if (byte <= 0x20U || byte == 0x7FU) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string sanitize_utf8(std::string_view text) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t length = sequence_length(text, pos);
        if (length == 0) {
            out += kReplacement;
            ++pos;
        } else {
            out.append(text.substr(pos, length));
            pos += length;
        }
    }
    return out;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    // Step back over continuation bytes to the lead byte of the sequence the cut falls in...
    std::size_t lead = cut;
    while (lead > 0 && lead + 4 > cut && (static_cast<std::uint8_t>(text[lead]) & 0xC0U) == 0x80U) {
        --lead;
    }
    // ...and keep that sequence only when it ends at or before the cut.
    const std::size_t length = sequence_length(text, lead);
    if (length != 0 && lead + length > cut) cut = lead;
    return text.substr(0, cut);
}

}  // namespace repo2s3::util
