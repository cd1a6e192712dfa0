// When a bare `repo2s3` runs the Lambda loop.
#include <gtest/gtest.h>

#include "repo2s3/cli/lambda_command.hpp"

namespace repo2s3::cli {
namespace {

bool by_default(std::vector<const char*> argv, std::map<std::string, std::string> env = {}) {
    return lambda_by_default(static_cast<int>(argv.size()), argv.data(),
                             util::fixed_env(std::move(env)));
}

TEST(CliLambdaEntry, RuntimeApiVariableWithoutArgumentsRunsTheLoop) {
    EXPECT_TRUE(by_default({"repo2s3"}, {{"AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"}}));
    EXPECT_TRUE(by_default({"/usr/bin/repo2s3"}, {{"AWS_LAMBDA_RUNTIME_API", "h:1"}}));
}

TEST(CliLambdaEntry, TheNameBootstrapRunsTheLoop) {
    EXPECT_TRUE(by_default({"bootstrap"}));
    EXPECT_TRUE(by_default({"/var/task/bootstrap"}));
    EXPECT_TRUE(by_default({"./bootstrap"}));
    EXPECT_FALSE(by_default({"/var/task/bootstrap2"}));
    EXPECT_FALSE(by_default({"/bootstrap/repo2s3"}));
}

TEST(CliLambdaEntry, ArgumentsAlwaysWin) {
    EXPECT_FALSE(by_default({"repo2s3", "validate", "--payload", "p.yaml"},
                            {{"AWS_LAMBDA_RUNTIME_API", "h:1"}}));
    EXPECT_FALSE(by_default({"bootstrap", "--version"}));
}

TEST(CliLambdaEntry, OtherwiseTheUsualCommandLine) {
    EXPECT_FALSE(by_default({"repo2s3"}));
    EXPECT_FALSE(by_default({"repo2s3"}, {{"AWS_LAMBDA_RUNTIME_API", ""}}));
}

}  // namespace
}  // namespace repo2s3::cli
