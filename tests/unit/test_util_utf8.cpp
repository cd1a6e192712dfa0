#include <gtest/gtest.h>

#include <string>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::util {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Utf8Validity, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\xA8"));  // é € 🚨
}

TEST(Utf8Validity, RefusesMalformedSequences) {
    EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8Sanitize, KeepsValidTextUnchanged) {
    const std::string text = "r\xC3\xA9sum\xC3\xA9 \xF0\x9F\x93\xA3 line\nbreak";
    EXPECT_EQ(sanitize_utf8(text), text);
}

TEST(Utf8Sanitize, ReplacesEachBadByte) {
    EXPECT_EQ(sanitize_utf8("a\xFF"
                            "b"),
              "a" + kReplacement + "b");
    EXPECT_EQ(sanitize_utf8("\xC3"), kReplacement);
    EXPECT_EQ(sanitize_utf8("\xE2\x82"), kReplacement + kReplacement);
    EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);
    EXPECT_EQ(sanitize_utf8(std::string("nul\0ok", 6)), std::string("nul\0ok", 6));
}

TEST(Utf8Sanitize, OutputIsAlwaysValid) {
    std::string every_byte;
    for (int byte = 0; byte < 256; ++byte) every_byte += static_cast<char>(byte);
    EXPECT_TRUE(is_valid_utf8(sanitize_utf8(every_byte)));
    EXPECT_TRUE(is_valid_utf8(sanitize_utf8(every_byte + every_byte.substr(0x80))));
}

TEST(Utf8Prefix, ShortTextIsWhole) {
    EXPECT_EQ(utf8_prefix("abc", 3), "abc");
    EXPECT_EQ(utf8_prefix("abc", 10), "abc");
    EXPECT_EQ(utf8_prefix("", 0), "");
}

TEST(Utf8Prefix, NeverSplitsACodePoint) {
    const std::string euro = "\xE2\x82\xAC";  // three bytes
    const std::string text = "ab" + euro + "cd";
    EXPECT_EQ(utf8_prefix(text, 2), "ab");
    EXPECT_EQ(utf8_prefix(text, 3), "ab");
    EXPECT_EQ(utf8_prefix(text, 4), "ab");
    EXPECT_EQ(utf8_prefix(text, 5), "ab" + euro);
    EXPECT_EQ(utf8_prefix(text, 6), "ab" + euro + "c");
}

TEST(Utf8Prefix, CutsEveryPositionOfA200ByteErrorPage) {
    // The shape of a proxy's error page: multi-byte characters around byte 200.
    std::string page(198, 'x');
    for (int i = 0; i < 20; ++i) page += "\xE2\x80\x94\xF0\x9F\x98\x80";  // — 😀
    for (std::size_t limit = 0; limit <= page.size(); ++limit) {
        const auto prefix = utf8_prefix(page, limit);
        EXPECT_LE(prefix.size(), limit);
        EXPECT_GE(prefix.size() + 3, limit) << limit;
        EXPECT_TRUE(is_valid_utf8(prefix)) << limit;
    }
}

TEST(Utf8Prefix, KeepsBadBytesBeforeTheCut) {
    EXPECT_EQ(utf8_prefix("\xFF\xFF\xFFxyz", 4), "\xFF\xFF\xFFx");
    EXPECT_EQ(utf8_prefix("\x80\x80\x80\x80\x80", 3), "\x80\x80\x80");
}

TEST(SingleLine, CollapsesWhitespaceAndControlCharacters) {
    EXPECT_EQ(single_line("<html>\n  <body>\r\n\tBad Gateway\n</body>\n</html>\n"),
              "<html> <body> Bad Gateway </body> </html>");
    EXPECT_EQ(single_line("  one   line  "), "one line");
    EXPECT_EQ(single_line(std::string("a\0b\x1b[31mc", 9)), "a b [31mc");
    EXPECT_EQ(single_line("caf\xC3\xA9 \xE2\x80\x94 ok"), "caf\xC3\xA9 \xE2\x80\x94 ok");
    EXPECT_EQ(single_line("\n\n"), "");
}

TEST(Utf8Printable, EscapesControlAndBadBytes) {
    EXPECT_EQ(printable("a\nb\xFF"), "a\\x0ab\\xff");
    EXPECT_EQ(printable("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace repo2s3::util
