#include <gtest/gtest.h>

#include "repo2s3/aws/ini_file.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

IniFile parse_ok(std::string_view text) {
    auto parsed = parse_ini(text, "config");
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed ? *parsed : IniFile{};
}

Error parse_error(std::string_view text) {
    auto parsed = parse_ini(text, "/home/u/.aws/config");
    EXPECT_FALSE(parsed);
    return parsed ? Error{} : parsed.error();
}

std::map<std::string, std::string> values(const IniFile& file, std::string_view section) {
    const auto* found = file.find(section);
    EXPECT_NE(found, nullptr) << section;
    return found ? found->values : std::map<std::string, std::string>{};
}

using Values = std::map<std::string, std::string>;

TEST(IniFile, ReadsSectionsKeysAndValues) {
    const auto file = parse_ok(
        "[default]\n"
        "aws_access_key_id = AKID\n"
        "region=eu-west-1\n"
        "\n"
        "[profile dev]\n"
        "output: json\n");
    ASSERT_EQ(file.sections.size(), 2u);
    EXPECT_EQ(file.sections[0].name, "default");
    EXPECT_EQ(file.sections[1].name, "profile dev");
    EXPECT_EQ(values(file, "default"),
              (Values{{"aws_access_key_id", "AKID"}, {"region", "eu-west-1"}}));
    EXPECT_EQ(values(file, "profile dev"), (Values{{"output", "json"}}));
    EXPECT_EQ(file.find("missing"), nullptr);
}

TEST(IniFile, KeysAreLowerCasedSectionNamesAreNot) {
    const auto file = parse_ok("[Default]\nAWS_Access_Key_ID = AKID\n");
    EXPECT_EQ(file.find("default"), nullptr);
    EXPECT_EQ(values(file, "Default"), (Values{{"aws_access_key_id", "AKID"}}));
}

TEST(IniFile, TheFirstEqualsOrColonSplitsKeyFromValue) {
    const auto file = parse_ok(
        "[s]\n"
        "a = b = c\n"
        "url: http://host:80/x\n"
        "endpoint_url = http://127.0.0.1:5000\n"
        "empty =\n"
        "spaced key   =   spaced value  \n");
    EXPECT_EQ(values(file, "s"), (Values{{"a", "b = c"},
                                         {"url", "http://host:80/x"},
                                         {"endpoint_url", "http://127.0.0.1:5000"},
                                         {"empty", ""},
                                         {"spaced key", "spaced value"}}));
}

TEST(IniFile, OnlyWholeLinesAreComments) {
    const auto file = parse_ok(
        "# leading comment\n"
        "; another\n"
        "[s]\n"
        "   # indented comment\n"
        "key = value # not a comment\n"
        "other = x ; nor this\n");
    EXPECT_EQ(values(file, "s"),
              (Values{{"key", "value # not a comment"}, {"other", "x ; nor this"}}));
}

TEST(IniFile, IndentedLinesContinueAValue) {
    const auto file = parse_ok(
        "[s]\n"
        "key = first\n"
        "  second\n"
        "\n"
        "    third\n"
        "  # a comment inside is dropped\n"
        "\n"
        "\n"
        "next = x\n");
    EXPECT_EQ(values(file, "s"), (Values{{"key", "first\nsecond\n\nthird"}, {"next", "x"}}));
}

TEST(IniFile, AnIndentedHeaderAfterAKeyIsPartOfItsValue) {
    const auto file = parse_ok("[s]\nkey = a\n  [t]\n");
    EXPECT_EQ(file.sections.size(), 1u);
    EXPECT_EQ(values(file, "s"), (Values{{"key", "a\n[t]"}}));
}

TEST(IniFile, IndentedKeysRightAfterAHeaderAreKeys) {
    const auto file = parse_ok("[s]\n   key = a\n   other = b\n");
    EXPECT_EQ(values(file, "s"), (Values{{"key", "a"}, {"other", "b"}}));
}

TEST(IniFile, NestedValuesAreKept) {
    const auto file =
        parse_ok("[profile p]\ns3 =\n  addressing_style = path\n  max_concurrent_requests=20\n");
    EXPECT_EQ(values(file, "profile p"),
              (Values{{"s3", "\naddressing_style = path\nmax_concurrent_requests=20"}}));
}

TEST(IniFile, NestedValueLinesMustHaveAnEqualsSign) {
    const auto error = parse_error("[profile p]\n\ns3 =\n  addressing_style path\n");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_NE(error.message.find("/home/u/.aws/config line 3"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("'s3'"), std::string::npos);
}

TEST(IniFile, SectionNamesRunToTheLastBracketAndKeepTheirSpaces) {
    const auto file = parse_ok("[ spaced ]\na=1\n[x]y] trailing\nb=2\n[profile \"q w\"]\nc=3\n");
    ASSERT_EQ(file.sections.size(), 3u);
    EXPECT_EQ(file.sections[0].name, " spaced ");
    EXPECT_EQ(file.sections[1].name, "x]y");
    EXPECT_EQ(file.sections[2].name, "profile \"q w\"");
}

TEST(IniFile, DefaultSectionValuesApplyToEverySection) {
    const auto file =
        parse_ok("[DEFAULT]\nregion = us-east-1\noutput = text\n[a]\noutput = json\n[b]\n");
    ASSERT_EQ(file.sections.size(), 2u);
    EXPECT_EQ(values(file, "a"), (Values{{"output", "json"}, {"region", "us-east-1"}}));
    EXPECT_EQ(values(file, "b"), (Values{{"output", "text"}, {"region", "us-east-1"}}));
}

TEST(IniFile, AcceptsEveryLineEnding) {
    const auto file = parse_ok("[a]\r\nk = 1\r\n[b]\rk = 2\r[c]\nk = 3");
    EXPECT_EQ(values(file, "a"), (Values{{"k", "1"}}));
    EXPECT_EQ(values(file, "b"), (Values{{"k", "2"}}));
    EXPECT_EQ(values(file, "c"), (Values{{"k", "3"}}));
}

TEST(IniFile, TrimsAndIndentsWithUnicodeWhitespaceAsPythonDoes) {
    // U+00A0 and U+2003 are trimmed; U+3000 is an indent, so the line continues the value.
    auto file = parse_ok("[s]\nkey =\xC2\xA0value\xE2\x80\x83\n\xE3\x80\x80other = x\n");
    EXPECT_EQ(values(file, "s"), (Values{{"key", "value\nother = x"}}));
    file = parse_ok("[s]\n\xE3\x80\x80other = x\n");
    EXPECT_EQ(values(file, "s"), (Values{{"other", "x"}}));
}

TEST(IniFile, EmptyTextHasNoSections) {
    EXPECT_TRUE(parse_ok("").sections.empty());
}

TEST(IniFile, AKeyBeforeAnySectionIsAnError) {
    const auto error = parse_error("\n# comment\nkey = value\n[s]\n");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_EQ(error.message, "/home/u/.aws/config line 3: a key before the first [section] header");
}

TEST(IniFile, AByteOrderMarkIsNamed) {
    const auto error = parse_error("\xEF\xBB\xBF[default]\nk = v\n");
    EXPECT_NE(error.message.find("line 1"), std::string::npos);
    EXPECT_NE(error.message.find("byte-order mark"), std::string::npos);
}

TEST(IniFile, ARepeatedSectionIsAnError) {
    const auto error = parse_error("[a]\nk = 1\n[b]\n[a]\nj = 2\n");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_EQ(error.message, "/home/u/.aws/config line 4: section [a] appears a second time");
}

TEST(IniFile, ARepeatedKeyIsAnErrorWhateverItsCase) {
    const auto error = parse_error("[a]\nKey = 1\nkey = 2\n");
    EXPECT_EQ(error.message, "/home/u/.aws/config line 3: key 'key' appears a second time in [a]");
    EXPECT_FALSE(parse_ini("[DEFAULT]\nk = 1\n[DEFAULT]\nk = 2\n", "f"));
    EXPECT_TRUE(parse_ini("[DEFAULT]\nk = 1\n[DEFAULT]\nj = 2\n[a]\nk = 3\n", "f"));
}

TEST(IniFile, ALineThatIsNeitherIsAnErrorThatDoesNotQuoteIt) {
    const auto error = parse_error("[default]\naws_secret_access_key wJalrXUtnFEMI\nok = 1\n");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_NE(error.message.find("line 2"), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find("wJalr"), std::string::npos) << error.message;
}

TEST(IniFile, AnEmptyKeyIsAnError) {
    EXPECT_NE(parse_error("[a]\n= value\n").message.find("line 2"), std::string::npos);
    EXPECT_NE(parse_error("[a]\n: value\n").message.find("line 2"), std::string::npos);
}

TEST(IniFile, TextThatIsNotUtf8IsAnError) {
    const auto error = parse_error("[a]\nk = \xFF\n");
    EXPECT_EQ(error.message, "/home/u/.aws/config: not UTF-8 text");
}

TEST(IniFile, ReadsFilesAndTreatsMissingOnesAsAbsent) {
    const testing::TempDir dir;
    const auto path = dir.write("config", "[default]\nregion = eu-west-1\n").string();
    auto read = read_ini_file(path);
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_TRUE(*read);
    EXPECT_EQ((*read)->find("default")->values.at("region"), "eu-west-1");

    read = read_ini_file((dir.path() / "missing").string());
    ASSERT_TRUE(read);
    EXPECT_FALSE(*read);
    read = read_ini_file(dir.path().string());  // a directory, as botocore sees it: absent
    ASSERT_TRUE(read);
    EXPECT_FALSE(*read);

    const auto bad = dir.write("bad", "k = v\n").string();
    read = read_ini_file(bad);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().message, bad + " line 1: a key before the first [section] header");
}

}  // namespace
}  // namespace repo2s3::aws
