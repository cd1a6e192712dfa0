#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "repo2s3/source/directory_source.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::source {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> paths_of(const std::vector<SourceFile>& files) {
    std::vector<std::string> paths;
    for (const auto& file : files) paths.push_back(file.path);
    return paths;
}

TEST(ScanDirectory, ListsEveryFileRelativeSortedWithSizes) {
    testing::TempDir dir;
    dir.write("b.txt", "bb");
    dir.write("a/nested/deep.txt", "deep");
    dir.write("a/empty", "");
    dir.write("sp ace/uni文件 😀.txt", "x");
    auto files = scan_directory(dir.path().string());
    ASSERT_TRUE(files.has_value()) << files.error().message;
    EXPECT_EQ(paths_of(*files), (std::vector<std::string>{"a/empty", "a/nested/deep.txt", "b.txt",
                                                          "sp ace/uni文件 😀.txt"}));
    EXPECT_EQ((*files)[0].size, 0u);
    EXPECT_EQ((*files)[1].size, 4u);
    EXPECT_EQ(fs::path((*files)[2].local_path), dir.path() / "b.txt");
}

TEST(ScanDirectory, SkipsGitDirectoriesAndFiles) {
    testing::TempDir dir;
    dir.write(".git/HEAD", "ref");
    dir.write("sub/.git", "gitdir: ../.git/modules/sub");
    dir.write("sub/kept.txt", "k");
    dir.write(".gitignore", "x");
    auto files = scan_directory(dir.path().string());
    ASSERT_TRUE(files.has_value());
    EXPECT_EQ(paths_of(*files), (std::vector<std::string>{".gitignore", "sub/kept.txt"}));
}

TEST(ScanDirectory, FollowsSymlinksToFilesAndDirectories) {
    testing::TempDir dir;
    dir.write("real/file.txt", "r");
    fs::create_symlink("real/file.txt", dir.path() / "link.txt");
    fs::create_directory_symlink("real", dir.path() / "linkdir");
    auto files = scan_directory(dir.path().string());
    ASSERT_TRUE(files.has_value());
    EXPECT_EQ(paths_of(*files),
              (std::vector<std::string>{"link.txt", "linkdir/file.txt", "real/file.txt"}));
}

TEST(ScanDirectory, DanglingSymlinkIsAnErrorNamingIt) {
    testing::TempDir dir;
    dir.write("ok.txt", "o");
    fs::create_symlink("missing-target", dir.path() / "dangling");
    auto files = scan_directory(dir.path().string());
    ASSERT_FALSE(files.has_value());
    EXPECT_NE(files.error().message.find("dangling"), std::string::npos) << files.error().message;
}

TEST(ScanDirectory, SymlinkLoopIsAnError) {
    testing::TempDir dir;
    dir.write("a/file.txt", "f");
    fs::create_directory_symlink("..", dir.path() / "a" / "up");
    EXPECT_FALSE(scan_directory(dir.path().string()).has_value());
}

TEST(ScanDirectory, FifoIsAnError) {
    testing::TempDir dir;
    const auto fifo = dir.path() / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto files = scan_directory(dir.path().string());
    ASSERT_FALSE(files.has_value());
    EXPECT_NE(files.error().message.find("pipe"), std::string::npos);
}

TEST(ScanDirectory, InvalidUtf8NameIsAnError) {
    testing::TempDir dir;
    dir.write(std::string("bad\xff") + ".txt", "x");
    EXPECT_FALSE(scan_directory(dir.path().string()).has_value());
}

TEST(ScanDirectory, MissingRootOrFileRootIsAnIoError) {
    testing::TempDir dir;
    const auto missing = scan_directory((dir.path() / "nope").string());
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().kind, ErrorKind::Io);
    const auto file = dir.write("f.txt", "x");
    EXPECT_FALSE(scan_directory(file.string()).has_value());
}

}  // namespace
}  // namespace repo2s3::source
