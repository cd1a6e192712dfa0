#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "repo2s3/util/private_files.hpp"
#include "repo2s3/util/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::util {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::perms mode_of(const fs::path& path) {
    return fs::status(path).permissions() & fs::perms::all;
}

TEST(TempDir, IsPrivateAndGoneWithItsOwner) {
    fs::path path;
    {
        auto dir = TempDir::create(TempPurpose::Download);
        ASSERT_TRUE(dir) << dir.error().message;
        path = dir->path();
        EXPECT_TRUE(path.filename().string().starts_with("repo2s3-download-"));
        EXPECT_EQ(mode_of(path), fs::perms::owner_all);
        std::ofstream(path / "file") << "x";
    }
    EXPECT_FALSE(fs::exists(path));
}

TEST(PrivateDirectories, EveryLevelMadeIs0700AndExistingOnesAreLeft) {
    testing::TempDir base;
    fs::permissions(base.path(),
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    const auto deep = base.path() / "a" / "b" / "c";
    ASSERT_TRUE(make_private_directories(deep));
    EXPECT_EQ(mode_of(base.path() / "a"), fs::perms::owner_all);
    EXPECT_EQ(mode_of(deep), fs::perms::owner_all);
    EXPECT_EQ(mode_of(base.path()),
              fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    EXPECT_TRUE(make_private_directories(deep));  // again: nothing to do
    base.write("file", "x");
    EXPECT_FALSE(make_private_directories(base.path() / "file"));
}

TEST(StaleTempDirs, OnlyOldDirectoriesNamedAsOursGo) {
    testing::TempDir base;
    const auto old_time = fs::file_time_type::clock::now() - 2h;
    for (const char* name :
         {"repo2s3-download-Ab12Cd", "repo2s3-extract-zzzzzz", "repo2s3-test.Ab12Cd",
          "repo2s3-home-abcdef", "repo2s3-download-abc", "other-dir"}) {
        fs::create_directory(base.path() / name);
        fs::last_write_time(base.path() / name, old_time);
    }
    fs::create_directory(base.path() / "repo2s3-download-fresh1");  // changed just now
    EXPECT_EQ(remove_stale_temp_dirs(1h, base.path()), 2U);
    EXPECT_FALSE(fs::exists(base.path() / "repo2s3-download-Ab12Cd"));
    EXPECT_FALSE(fs::exists(base.path() / "repo2s3-extract-zzzzzz"));
    EXPECT_TRUE(fs::exists(base.path() / "repo2s3-test.Ab12Cd"));
    EXPECT_TRUE(fs::exists(base.path() / "repo2s3-home-abcdef"));
    EXPECT_TRUE(fs::exists(base.path() / "repo2s3-download-abc"));
    EXPECT_TRUE(fs::exists(base.path() / "other-dir"));
    EXPECT_TRUE(fs::exists(base.path() / "repo2s3-download-fresh1"));
}

// Last: it closes the registry for the rest of this process.
TEST(TempDirRegistry, RemoveAllTakesEveryLiveDirectoryAndRefusesNewOnes) {
    auto first = TempDir::create(TempPurpose::Download);
    auto second = TempDir::create(TempPurpose::Extract);
    ASSERT_TRUE(first && second);
    const auto first_path = first->path();
    EXPECT_EQ(remove_all_temp_dirs(), 2U);
    EXPECT_FALSE(fs::exists(first_path));
    EXPECT_FALSE(fs::exists(second->path()));
    EXPECT_FALSE(TempDir::create(TempPurpose::Download));
}

}  // namespace
}  // namespace repo2s3::util
