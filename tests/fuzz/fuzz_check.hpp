#pragma once
// What the fuzz targets share: checks that abort (so libFuzzer, or the replay driver under the
// sanitizers, reports the input) and the invariants every error value must keep.
// Targets catch nothing: an exception escaping a parser is a crash too.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::fuzz {

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line,
                                      std::string_view detail) {
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, condition);
    if (!detail.empty()) {
        std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(detail.size()), detail.data());
    }
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace repo2s3::fuzz

/// Aborts with the condition's text when it is false.
#define FUZZ_CHECK(condition)                                                                \
    do {                                                                                     \
        if (!(condition)) ::repo2s3::fuzz::check_failed(#condition, __FILE__, __LINE__, {}); \
    } while (false)

/// The same, printing `detail` (a string) too.
#define FUZZ_CHECK_MSG(condition, detail)                                                        \
    do {                                                                                         \
        if (!(condition)) ::repo2s3::fuzz::check_failed(#condition, __FILE__, __LINE__, detail); \
    } while (false)

namespace repo2s3::fuzz {

/// An error a user sees: a message that is not empty and holds no line break (errors are
/// printed as one line, `repo2s3: error: <message>`).
inline void check_one_line_error(const Error& error) {
    FUZZ_CHECK(!error.message.empty());
    FUZZ_CHECK_MSG(error.message.find_first_of("\r\n") == std::string::npos, error.message);
}

/// check_one_line_error, and the message names its source first ("<source>: ...").
inline void check_error_names(const Error& error, std::string_view source) {
    check_one_line_error(error);
    FUZZ_CHECK_MSG(error.message.starts_with(std::string(source) + ": "), error.message);
}

}  // namespace repo2s3::fuzz
