#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "repo2s3/lease/file_lease.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::lease {
namespace {

using namespace std::chrono_literals;

LeaseSettings settings(const std::string& owner, std::chrono::milliseconds wait = 0ms) {
    return {.identity = {.owner = owner,
                         .host = "host-" + owner,
                         .pid = static_cast<std::int64_t>(getpid()),
                         .template_name = "site"},
            .expiry = 15min,
            .wait = wait};
}

TEST(FileLease, ASecondAcquisitionIsRefusedNamingTheHolder) {
    testing::TempDir dir;
    const auto path = (dir.path() / "lease").string();
    auto first = FileLease::acquire(path, settings("a"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(parse_lease(testing::read_file(path), path)->owner, "a");

    // Another open file description in this process conflicts as another process would.
    auto second = FileLease::acquire(path, settings("b"));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, ErrorKind::Busy);
    EXPECT_NE(second.error().message.find("host host-a, pid " + std::to_string(getpid()) +
                                          ", template site"),
              std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find(path), std::string::npos);

    ASSERT_TRUE((*first)->release());
    EXPECT_EQ(testing::read_file(path), "");
    auto third = FileLease::acquire(path, settings("c"));
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(parse_lease(testing::read_file(path), path)->owner, "c");
    EXPECT_FALSE((*third)->lost());
}

TEST(FileLease, WaitsForTheHolderToLetGo) {
    testing::TempDir dir;
    const auto path = (dir.path() / "lease").string();
    auto first = FileLease::acquire(path, settings("a"));
    ASSERT_TRUE(first);
    std::thread releaser([&] {
        std::this_thread::sleep_for(300ms);
        (void)(*first)->release();
    });
    auto second = FileLease::acquire(path, settings("b", 10s));
    releaser.join();
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(parse_lease(testing::read_file(path), path)->owner, "b");
}

TEST(FileLease, AnotherProcessIsRefusedWhileHeldAndServedAfter) {
    testing::TempDir dir;
    const auto path = (dir.path() / "lease").string();
    auto held = FileLease::acquire(path, settings("parent"));
    ASSERT_TRUE(held);

    const auto child_acquires = [&] {
        const pid_t child = fork();
        if (child == 0) {
            auto lease = FileLease::acquire(path, settings("child"));
            _exit(lease ? 0 : (lease.error().kind == ErrorKind::Busy ? 3 : 4));
        }
        int status = 0;
        waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    EXPECT_EQ(child_acquires(), 3);
    ASSERT_TRUE((*held)->release());
    EXPECT_EQ(child_acquires(), 0);
}

TEST(FileLease, MissingDirectoriesAreMadePrivate) {
    testing::TempDir dir;
    const auto path = dir.path() / "state" / "bucket" / "lease";
    auto lease = FileLease::acquire(path.string(), settings("a"));
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ(
        std::filesystem::status(path.parent_path()).permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_all);
}

TEST(FileLease, ADirectoryThatCannotBeMadeIsAnIoError) {
    testing::TempDir dir;
    dir.write("plain-file", "x");
    const auto path = (dir.path() / "plain-file" / "lease").string();
    auto lease = FileLease::acquire(path, settings("a"));
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().kind, ErrorKind::Io);
    EXPECT_NE(lease.error().message.find("plain-file"), std::string::npos) << lease.error().message;
}

}  // namespace
}  // namespace repo2s3::lease
