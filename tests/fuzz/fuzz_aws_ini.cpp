// aws::parse_ini (the AWS shared config and credentials files) on any bytes.
//   Text that is not UTF-8 is refused. A failure is one line of kind Usage that starts with
//   the source name.
//   A file that parses has unique, non-empty section names other than DEFAULT (find() finds
//   each); keys that are non-empty, lower-case, without a delimiter or surrounding blanks;
//   values that are UTF-8 and stripped (a value may start with a line break: botocore's
//   nested sections).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/aws/ini_file.hpp"
#include "repo2s3/util/utf8.hpp"

namespace {

constexpr const char* kSource = "/home/fuzz/.aws/config";

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view text = fuzz::as_text(data, size);
    const auto parsed = aws::parse_ini(text, kSource);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().kind == ErrorKind::Usage);
        fuzz::check_one_line_error(parsed.error());
        FUZZ_CHECK_MSG(parsed.error().message.starts_with(kSource), parsed.error().message);
        return 0;
    }
    FUZZ_CHECK(util::is_valid_utf8(text));

    std::set<std::string> names;
    for (const auto& section : parsed->sections) {
        FUZZ_CHECK(!section.name.empty());
        FUZZ_CHECK(section.name != "DEFAULT");
        FUZZ_CHECK(section.name.find_first_of("\r\n") == std::string::npos);
        FUZZ_CHECK(names.insert(section.name).second);
        FUZZ_CHECK(parsed->find(section.name) == &section);
        for (const auto& [key, value] : section.values) {
            FUZZ_CHECK(!key.empty());
            FUZZ_CHECK(!is_blank(key.front()) && !is_blank(key.back()));
            FUZZ_CHECK(key.find_first_of("=:\r\n") == std::string::npos);
            FUZZ_CHECK(
                std::none_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
            FUZZ_CHECK(util::is_valid_utf8(value));
            if (!value.empty()) {
                FUZZ_CHECK(value.front() == '\n' || !is_blank(value.front()));
                FUZZ_CHECK(!is_blank(value.back()));
            }
        }
    }
    return 0;
}
