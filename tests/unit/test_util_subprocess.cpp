#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "repo2s3/util/subprocess.hpp"

namespace repo2s3::util {
namespace {

using namespace std::chrono_literals;

void expect_no_child_left() {
    int status = 0;
    EXPECT_EQ(::waitpid(-1, &status, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(RunProcess, CollectsOutputErrorAndExitCode) {
    const auto ran = run_process({"/bin/sh", "-c", "printf out; printf err >&2; exit 3"});
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_EQ(ran->exit_code, 3);
    EXPECT_FALSE(ran->signalled);
    EXPECT_EQ(ran->out, "out");
    EXPECT_EQ(ran->err, "err");
    expect_no_child_left();
}

TEST(RunProcess, LooksTheProgramUpInPathAndPassesArgumentsUntouched) {
    const auto ran = run_process({"printf", "%s|", "a b", "$HOME", "*", "'q'"});
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_EQ(ran->out, "a b|$HOME|*|'q'|");
}

TEST(RunProcess, AProgramThatCannotStartIsAnError) {
    const auto ran = run_process({"/nonexistent/credential-helper", "x"});
    ASSERT_FALSE(ran);
    EXPECT_EQ(ran.error().kind, ErrorKind::Io);
    EXPECT_NE(ran.error().message.find("/nonexistent/credential-helper"), std::string::npos);
    EXPECT_FALSE(run_process({}));
    EXPECT_FALSE(run_process({"printf", std::string("a\0b", 3)}));
    expect_no_child_left();
}

TEST(RunProcess, AHangingProgramIsKilledAtTheTimeout) {
    const auto start = std::chrono::steady_clock::now();
    const auto ran = run_process({"/bin/sh", "-c", "exec sleep 30"}, {.timeout = 300ms});
    ASSERT_FALSE(ran);
    EXPECT_EQ(ran.error().kind, ErrorKind::Timeout);
    EXPECT_NE(ran.error().message.find("300 ms"), std::string::npos) << ran.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    expect_no_child_left();
}

TEST(RunProcess, AProgramThatClosesItsStreamsButKeepsRunningIsKilled) {
    const auto ran = run_process({"/bin/sh", "-c", "exec >&- 2>&-; sleep 30"}, {.timeout = 300ms});
    ASSERT_FALSE(ran);
    EXPECT_EQ(ran.error().kind, ErrorKind::Timeout);
    expect_no_child_left();
}

TEST(RunProcess, ReportsASignal) {
    const auto ran = run_process({"/bin/sh", "-c", "kill -9 $$"});
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_TRUE(ran->signalled);
    EXPECT_EQ(ran->exit_code, 128 + 9);
}

TEST(RunProcess, OutputBeyondTheLimitIsReadAndDropped) {
    const auto ran = run_process({"/bin/sh", "-c", "head -c 100000 /dev/zero; echo done >&2"},
                                 {.max_stdout_bytes = 1000});
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_EQ(ran->exit_code, 0);
    EXPECT_EQ(ran->out.size(), 1000U);
    EXPECT_TRUE(ran->out_truncated);
    EXPECT_EQ(ran->err, "done\n");
}

TEST(RunProcess, NoDescriptorOfThisProcessIsOpenInTheChild) {
    const int leaked = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
    ASSERT_GE(leaked, 3);
    const std::string path = "/proc/$$/fd/" + std::to_string(leaked);
    const auto ran = run_process(
        {"/bin/sh", "-c", "if [ -e " + path + " ]; then echo open; else echo closed; fi"});
    ::close(leaked);
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_EQ(ran->out, "closed\n");
}

}  // namespace
}  // namespace repo2s3::util
