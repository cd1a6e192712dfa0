#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "repo2s3/archive/entry_name.hpp"
#include "repo2s3/archive/zip_extract.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "support/test_paths.hpp"
#include "support/zip_builder.hpp"

namespace repo2s3::archive {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::ZipBuilder;

constexpr const char* kTop = "acme-site-0123456/";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class ZipExtract : public ::testing::Test {
  protected:
    testing::TempDir dir_;
    fs::path zip_ = dir_.path() / "site.zip";
    fs::path dest_ = dir_.path() / "out";

    Result<ExtractedTree> extract(const ZipBuilder& builder, const ExtractLimits& limits = {}) {
        builder.write(zip_);
        return extract_zip(zip_.string(), dest_.string(), limits);
    }

    // The archive is refused as a whole: an Archive error naming `entry`, and nothing on disk.
    void expect_refused(const ZipBuilder& builder, const std::string& entry,
                        const std::string& why = {}) {
        auto tree = extract(builder);
        ASSERT_FALSE(tree) << "extracted although " << entry << " is unsafe";
        EXPECT_EQ(tree.error().kind, ErrorKind::Archive);
        EXPECT_TRUE(contains(tree.error().message, "\"" + entry + "\"")) << tree.error().message;
        EXPECT_TRUE(contains(tree.error().message, zip_.string())) << tree.error().message;
        if (!why.empty()) {
            EXPECT_TRUE(contains(tree.error().message, why)) << tree.error().message;
        }
        EXPECT_FALSE(fs::exists(dest_)) << "nothing may be written before every entry is checked";
        EXPECT_FALSE(fs::exists(dir_.path() / "evil.txt"));
    }

    static ZipBuilder site() {
        return ZipBuilder()
            .directory(kTop)
            .file(std::string(kTop) + "index.html", "<h1>hi</h1>")
            .directory(std::string(kTop) + "assets/")
            .file(std::string(kTop) + "assets/img/logo.bin", std::string("\x00\x01\xff\x00PNG", 7))
            .file(std::string(kTop) + "empty.txt", "")
            .file(std::string(kTop) + "dir with space/ünïcödé 🚀.md", "# unicode")
            .comment("0123456789abcdef0123456789abcdef01234567");
    }
};

TEST_F(ZipExtract, SingleTopFolderIsStripped) {
    auto tree = extract(site());
    ASSERT_TRUE(tree) << tree.error().message;
    EXPECT_EQ(tree->top_folder, "acme-site-0123456");
    EXPECT_EQ(tree->comment, "0123456789abcdef0123456789abcdef01234567");

    std::vector<std::string> paths;
    for (const auto& file : tree->files) paths.push_back(file.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"assets/img/logo.bin", "dir with space/ünïcödé 🚀.md",
                                               "empty.txt", "index.html"}));
    EXPECT_FALSE(fs::exists(dest_ / "acme-site-0123456"));
    EXPECT_EQ(read_file(dest_ / "index.html"), "<h1>hi</h1>");
    EXPECT_EQ(read_file(dest_ / "assets/img/logo.bin"), std::string("\x00\x01\xff\x00PNG", 7));
    EXPECT_EQ(read_file(dest_ / "dir with space/ünïcödé 🚀.md"), "# unicode");
    EXPECT_TRUE(fs::exists(dest_ / "empty.txt"));
    EXPECT_EQ(fs::file_size(dest_ / "empty.txt"), 0U);
    for (const auto& file : tree->files) {
        EXPECT_EQ(fs::path(file.local_path), dest_ / file.path);
        EXPECT_EQ(file.size, fs::file_size(file.local_path)) << file.path;
    }
}

TEST_F(ZipExtract, EveryFileComesWithTheMd5OfWhatWasWritten) {
    auto tree = extract(site());
    ASSERT_TRUE(tree) << tree.error().message;
    for (const auto& file : tree->files) {
        const auto on_disk = crypto::md5_file_hex(file.local_path);
        ASSERT_TRUE(on_disk);
        EXPECT_EQ(file.md5_hex, *on_disk) << file.path;
    }
}

TEST_F(ZipExtract, TopFolderWithoutItsOwnDirectoryEntryIsStripped) {
    auto tree = extract(ZipBuilder().file("top/a/b.txt", "b").file("top/c.txt", "c"));
    ASSERT_TRUE(tree) << tree.error().message;
    EXPECT_EQ(tree->top_folder, "top");
    ASSERT_EQ(tree->files.size(), 2U);
    EXPECT_EQ(tree->files[0].path, "a/b.txt");
    EXPECT_EQ(read_file(dest_ / "c.txt"), "c");
}

TEST_F(ZipExtract, SymlinkEntryBecomesAFileHoldingTheLinkTarget) {
    auto tree = extract(ZipBuilder()
                            .file(std::string(kTop) + "target.txt", "real")
                            .symlink(std::string(kTop) + "link.txt", "target.txt")
                            .symlink(std::string(kTop) + "escape", "../../../../etc/passwd"));
    ASSERT_TRUE(tree) << tree.error().message;
    ASSERT_EQ(tree->files.size(), 3U);
    EXPECT_FALSE(fs::is_symlink(dest_ / "link.txt"));
    EXPECT_TRUE(fs::is_regular_file(dest_ / "link.txt"));
    EXPECT_EQ(read_file(dest_ / "link.txt"), "target.txt");
    EXPECT_FALSE(fs::is_symlink(dest_ / "escape"));
    EXPECT_EQ(read_file(dest_ / "escape"), "../../../../etc/passwd");
}

TEST_F(ZipExtract, ParentDirectoryComponentIsRefused) {
    expect_refused(ZipBuilder()
                       .file(std::string(kTop) + "ok.txt", "ok")
                       .file(std::string(kTop) + "../evil.txt", "x"),
                   std::string(kTop) + "../evil.txt", "\"..\"");
}

TEST_F(ZipExtract, LeadingParentDirectoryIsRefused) {
    expect_refused(ZipBuilder().file("../evil.txt", "x"), "../evil.txt");
}

TEST_F(ZipExtract, ParentDirectoryDeepInsideIsRefused) {
    expect_refused(ZipBuilder().file(std::string(kTop) + "a/b/../../../evil.txt", "x"),
                   std::string(kTop) + "a/b/../../../evil.txt");
}

TEST_F(ZipExtract, AbsolutePathIsRefused) {
    expect_refused(ZipBuilder().file(std::string(kTop) + "ok.txt", "ok").file("/tmp/evil.txt", "x"),
                   "/tmp/evil.txt", "absolute");
}

TEST_F(ZipExtract, BackslashAbsolutePathIsRefused) {
    expect_refused(ZipBuilder().file("\\evil.txt", "x"), "\\evil.txt", "absolute");
}

TEST_F(ZipExtract, DriveLetterIsRefused) {
    expect_refused(ZipBuilder().file("C:/evil.txt", "x"), "C:/evil.txt", "drive");
    expect_refused(ZipBuilder().file("c:evil.txt", "x"), "c:evil.txt", "drive");
}

TEST_F(ZipExtract, EmptyArchiveIsAnErrorAndTouchesNothing) {
    auto tree = extract(ZipBuilder());
    ASSERT_FALSE(tree);
    EXPECT_EQ(tree.error().kind, ErrorKind::Archive);
    EXPECT_TRUE(contains(tree.error().message, "empty")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(ZipExtract, ArchiveWithOnlyFoldersIsEmpty) {
    auto tree = extract(ZipBuilder().directory(kTop).directory(std::string(kTop) + "sub/"));
    ASSERT_FALSE(tree);
    EXPECT_TRUE(contains(tree.error().message, "empty")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(ZipExtract, SecondTopFolderIsRefused) {
    expect_refused(ZipBuilder().file("one/a.txt", "a").file("two/b.txt", "b"), "two/b.txt", "one/");
}

TEST_F(ZipExtract, FileBesideTheTopFolderIsRefused) {
    expect_refused(ZipBuilder().file("top/a.txt", "a").file("README", "b"), "README");
}

TEST_F(ZipExtract, FileAndDirectoryOfTheSameNameAreRefused) {
    expect_refused(ZipBuilder().file("top/a", "file").file("top/a/b.txt", "b"), "top/a/b.txt");
}

TEST_F(ZipExtract, NonEmptyDestinationIsRefused) {
    fs::create_directories(dest_);
    std::ofstream(dest_ / "stale.txt") << "stale";
    site().write(zip_);
    auto tree = extract_zip(zip_.string(), dest_.string());
    ASSERT_FALSE(tree);
    EXPECT_EQ(tree.error().kind, ErrorKind::Io);
    EXPECT_FALSE(fs::exists(dest_ / "index.html"));
}

TEST_F(ZipExtract, EmptyExistingDestinationIsUsed) {
    fs::create_directories(dest_);
    EXPECT_TRUE(extract(site()));
}

TEST_F(ZipExtract, NotAZipIsAnArchiveError) {
    std::ofstream(zip_) << "<html>not a zip</html>";
    auto tree = extract_zip(zip_.string(), dest_.string());
    ASSERT_FALSE(tree);
    EXPECT_EQ(tree.error().kind, ErrorKind::Archive);
    EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(ZipExtract, MissingArchiveIsAnIoError) {
    auto tree = extract_zip((dir_.path() / "none.zip").string(), dest_.string());
    ASSERT_FALSE(tree);
    EXPECT_EQ(tree.error().kind, ErrorKind::Io);
}

TEST_F(ZipExtract, LimitsAreCheckedBeforeWriting) {
    ExtractLimits few_entries;
    few_entries.max_entries = 3;
    auto tree = extract(site(), few_entries);
    ASSERT_FALSE(tree);
    EXPECT_TRUE(contains(tree.error().message, "limit")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));

    ExtractLimits small_files;
    small_files.max_file_bytes = 8;
    tree = extract(site(), small_files);
    ASSERT_FALSE(tree);
    EXPECT_TRUE(contains(tree.error().message, "index.html")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));

    ExtractLimits small_total;
    small_total.max_total_bytes = 20;
    tree = extract(site(), small_total);
    ASSERT_FALSE(tree);
    EXPECT_TRUE(contains(tree.error().message, "20")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));
}

TEST_F(ZipExtract, HighlyCompressibleBombIsRefused) {
    ExtractLimits limits;
    limits.max_expansion_ratio = 50;
    auto tree = extract(ZipBuilder().file("top/zeros.bin", std::string(1 << 20, '\0')), limits);
    ASSERT_FALSE(tree);
    EXPECT_TRUE(contains(tree.error().message, "zip bomb")) << tree.error().message;
    EXPECT_FALSE(fs::exists(dest_));
}

// --- entry names, one rule at a time ---

TEST(EntryName, SafeNamesPass) {
    for (const char* name : {"top/", "top/a.txt", "top/dir/", "top/ünï cödé/🚀.md", "top/a\\b.txt",
                             "top/..hidden", "top/x..y", "top/.github/workflows/ci.yml"}) {
        EXPECT_FALSE(entry_name_problem(name))
            << name << ": " << entry_name_problem(name).value_or("");
    }
}

TEST(EntryName, UnsafeNamesAreRefused) {
    for (const char* name : {"", "/abs", "\\abs", "C:/x", "c:x", "../x", "top/../x", "top/..",
                             "top/./x", "./x", "top//x",
                             "top/a\x01"
                             "b",
                             "top/\xff\xfe"}) {
        EXPECT_TRUE(entry_name_problem(name)) << name;
    }
}

TEST(EntryName, SplitAtTheTopFolder) {
    const auto file = split_top_folder("top/a/b.txt");
    EXPECT_EQ(file.top, "top");
    EXPECT_EQ(file.rest, "a/b.txt");
    EXPECT_FALSE(file.is_directory);
    const auto folder = split_top_folder("top/dir/");
    EXPECT_EQ(folder.rest, "dir");
    EXPECT_TRUE(folder.is_directory);
    const auto top = split_top_folder("top/");
    EXPECT_EQ(top.rest, "");
    EXPECT_TRUE(top.is_directory);
}

}  // namespace
}  // namespace repo2s3::archive
