#include <gtest/gtest.h>

#include "repo2s3/util/mime_types.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::util {
namespace {

struct Expected {
    const char* path;
    const char* type;
};

class WebTypes : public ::testing::TestWithParam<Expected> {};

// The types issue reports and browsers care about, whatever /etc/mime.types says.
TEST_P(WebTypes, CorrectFromSystemTableAndBuiltinAlone) {
    const auto& [path, type] = GetParam();
    EXPECT_EQ(MimeTypes::load().content_type(path), type) << path;
    EXPECT_EQ(MimeTypes::builtin_only().content_type(path), type) << path;
}

INSTANTIATE_TEST_SUITE_P(
    Common, WebTypes,
    ::testing::Values(Expected{"img/a.webp", "image/webp"}, Expected{"fonts/a.woff2", "font/woff2"},
                      Expected{"logo.svg", "image/svg+xml"},
                      Expected{"app.js", "text/javascript; charset=utf-8"},
                      Expected{"mod.mjs", "text/javascript; charset=utf-8"},
                      Expected{"data.json", "application/json"},
                      Expected{"c.yaml", "application/yaml"}, Expected{"c.yml", "application/yaml"},
                      Expected{"index.html", "text/html; charset=utf-8"},
                      Expected{"site.css", "text/css; charset=utf-8"},
                      Expected{"m.wasm", "application/wasm"}, Expected{"photo.JPG", "image/jpeg"},
                      Expected{"photo.jpeg", "image/jpeg"}, Expected{"a.png", "image/png"}));

TEST(MimeTypes, UnknownOrMissingExtensionIsOctetStream) {
    const auto types = MimeTypes::load();
    EXPECT_EQ(types.content_type("Makefile"), kOctetStream);
    EXPECT_EQ(types.content_type("a.zzunknownzz"), kOctetStream);
    EXPECT_EQ(types.content_type(".gitignore"), kOctetStream);
    EXPECT_EQ(types.content_type("dir.d/noext"), kOctetStream);
}

TEST(MimeTypes, SystemFileAddsTypesTheBuiltinTableLacks) {
    testing::TempDir dir;
    const auto file = dir.write("mime.types", "# comment\napplication/x-repo2s3-test r2s foo\n");
    const auto types = MimeTypes::load(file.string());
    EXPECT_EQ(types.content_type("a.r2s"), "application/x-repo2s3-test");
    EXPECT_EQ(types.content_type("a.FOO"), "application/x-repo2s3-test");
    EXPECT_EQ(MimeTypes::builtin_only().content_type("a.r2s"), kOctetStream);
}

TEST(MimeTypes, BuiltinWinsOverAStaleSystemEntry) {
    testing::TempDir dir;
    const auto file = dir.write("mime.types", "application/x-javascript js\n");
    EXPECT_EQ(MimeTypes::load(file.string()).content_type("a.js"),
              "text/javascript; charset=utf-8");
}

TEST(MimeTypes, MissingSystemFileFallsBackToBuiltin) {
    const auto types = MimeTypes::load("/nonexistent/mime.types");
    EXPECT_EQ(types.content_type("a.webp"), "image/webp");
    EXPECT_GT(types.size(), 10u);
}

TEST(ParseMimeTypes, LastLineWinsAndCommentsAreIgnored) {
    const auto table = parse_mime_types("a/b x y # trailing\n# c/d x\nc/e X\n\n  \n");
    EXPECT_EQ(table.at("x"), "c/e");
    EXPECT_EQ(table.at("y"), "a/b");
}

TEST(FileExtension, LastComponentLowerCasedWithoutDot) {
    EXPECT_EQ(file_extension("a/b.c/D.TXT"), "txt");
    EXPECT_EQ(file_extension("a/b.c/noext"), "");
    EXPECT_EQ(file_extension(".hidden"), "");
    EXPECT_EQ(file_extension("archive.tar.gz"), "gz");
}

}  // namespace
}  // namespace repo2s3::util
