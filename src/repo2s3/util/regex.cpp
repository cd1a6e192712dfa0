#include "repo2s3/util/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <utility>

namespace repo2s3::util {
namespace {

std::string pcre2_message(int error_code) {
    std::array<PCRE2_UCHAR, 256> buffer{};
    const int length = pcre2_get_error_message(error_code, buffer.data(), buffer.size());
    if (length < 0) return "PCRE2 error " + std::to_string(error_code);
    return {reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(length)};
}

struct CompileContextDeleter {
    void operator()(pcre2_compile_context* context) const { pcre2_compile_context_free(context); }
};

struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

}  // namespace

Regex::Regex(std::shared_ptr<pcre2_real_code_8> code, std::string pattern)
    : code_(std::move(code)), pattern_(std::move(pattern)) {}

Result<Regex> Regex::compile(std::string_view pattern) {
    std::unique_ptr<pcre2_compile_context, CompileContextDeleter> context(
        pcre2_compile_context_create(nullptr));
    if (!context) return fail(ErrorKind::Internal, "out of memory compiling a regular expression");
    // Python's `$` and `.` treat only "\n" as a line break, whatever PCRE2 was built with.
    pcre2_set_newline(context.get(), PCRE2_NEWLINE_LF);

    int error_code = 0;
    PCRE2_SIZE error_offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &error_code,
                                     &error_offset, context.get());
    if (code == nullptr) {
        return fail(ErrorKind::Usage,
                    pcre2_message(error_code) + " at offset " + std::to_string(error_offset));
    }
    return Regex(std::shared_ptr<pcre2_real_code_8>(code, pcre2_code_free), std::string(pattern));
}

Result<bool> Regex::search(std::string_view subject) const {
    // Match data per call: pcre2_match writes into it, so sharing it would not be thread-safe.
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> match_data(
        pcre2_match_data_create_from_pattern(code_.get(), nullptr));
    if (!match_data)
        return fail(ErrorKind::Internal, "out of memory matching a regular expression");

    const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                               subject.size(), 0, 0, match_data.get(), nullptr);
    if (rc >= 0) return true;
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    return fail(ErrorKind::Usage, pcre2_message(rc));
}

}  // namespace repo2s3::util
