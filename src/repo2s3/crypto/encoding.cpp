#include "repo2s3/crypto/encoding.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace repo2s3::crypto {
namespace {

bool is_base64_alphabet(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// EVP_DecodeBlock is lenient about whitespace and stray padding and returns the padding as
// zero bytes, so the shape is checked here first and the padding trimmed afterwards.
Result<std::string> decode_checked_base64(std::string_view text, std::string_view what) {
    const std::string invalid = "invalid " + std::string(what);
    if (text.size() % 4 != 0) {
        return fail(ErrorKind::Usage, invalid + ": length " + std::to_string(text.size()) +
                                          " is not a multiple of 4");
    }
    const std::size_t data_end = text.find_last_not_of('=') + 1;  // npos + 1 == 0
    const std::size_t padding = text.size() - data_end;
    if (padding > 2) return fail(ErrorKind::Usage, invalid + ": too much '=' padding");
    const std::string_view data = text.substr(0, data_end);
    const auto bad = std::find_if_not(data.begin(), data.end(), is_base64_alphabet);
    if (bad != data.end()) {
        return fail(ErrorKind::Usage,
                    invalid + ": unexpected character at offset " +
                        std::to_string(static_cast<std::size_t>(bad - data.begin())));
    }
    if (text.empty()) return std::string();

    std::string out(text.size() / 4 * 3, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(text.data()),
                                        static_cast<int>(text.size()));
    if (written < 0) return fail(ErrorKind::Usage, invalid);
    out.resize(static_cast<std::size_t>(written) - padding);
    return out;
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char byte : bytes) {
        const auto value = static_cast<unsigned char>(byte);
        out += kDigits[value >> 4];
        out += kDigits[value & 0x0f];
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    if (bytes.empty()) return {};
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');  // EVP_EncodeBlock writes a NUL
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()));
    if (written < 0) throw std::runtime_error("OpenSSL base64 encoding failed");
    out.resize(static_cast<std::size_t>(written));
    return out;
}

Result<std::string> base64_decode(std::string_view text) {
    return decode_checked_base64(text, "base64");
}

std::string base64url_encode(std::string_view bytes) {
    std::string out = base64_encode(bytes);
    out.erase(out.find_last_not_of('=') + 1);
    std::replace(out.begin(), out.end(), '+', '-');
    std::replace(out.begin(), out.end(), '/', '_');
    return out;
}

Result<std::string> base64url_decode(std::string_view text) {
    std::string standard(text);
    if (standard.find_first_of("+/") != std::string::npos) {
        return fail(ErrorKind::Usage, "invalid base64url: contains '+' or '/'");
    }
    std::replace(standard.begin(), standard.end(), '-', '+');
    std::replace(standard.begin(), standard.end(), '_', '/');
    const std::size_t unpadded = standard.find_last_not_of('=') + 1;
    if (unpadded == standard.size()) {
        if (standard.size() % 4 == 1) {
            return fail(ErrorKind::Usage, "invalid base64url: length " +
                                              std::to_string(standard.size()) + " is impossible");
        }
        standard.append((4 - standard.size() % 4) % 4, '=');
    }
    return decode_checked_base64(standard, "base64url");
}

}  // namespace repo2s3::crypto
