#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "repo2s3/secrets/secrets_cache.hpp"

namespace repo2s3::secrets {
namespace {

using namespace std::chrono_literals;

class SecretsCacheTest : public ::testing::Test {
  protected:
    SecretsCache cache() {
        return SecretsCache(
            SecretsLocation{.secret_id = "starfleet", .region = "us-east-1"},
            [this](const std::string&, const std::string&) -> Result<std::string> {
                ++fetches;
                if (failing) return fail(ErrorKind::Network, "Secrets Manager: connection reset");
                return R"({"STARFLEET": {"SlackToken": "xoxb-)" + std::to_string(fetches) +
                       R"("}})";
            },
            15min, [this] { return now; });
    }
    int fetches = 0;
    bool failing = false;
    std::chrono::steady_clock::time_point now{};
};

TEST_F(SecretsCacheTest, OneFetchServesEveryCallerWithinFifteenMinutes) {
    auto secrets = cache();
    EXPECT_EQ((*secrets.get())->slack_token(), "xoxb-1");
    now += 14min;
    EXPECT_EQ((*secrets.get())->slack_token(), "xoxb-1");
    EXPECT_EQ(fetches, 1);
}

TEST_F(SecretsCacheTest, AnOlderDocumentIsFetchedAgain) {
    auto secrets = cache();
    ASSERT_TRUE(secrets.get());
    now += 15min;
    EXPECT_EQ((*secrets.get())->slack_token(), "xoxb-2");
    EXPECT_EQ(fetches, 2);
}

TEST_F(SecretsCacheTest, ForgetFetchesAtOnce) {
    auto secrets = cache();
    ASSERT_TRUE(secrets.get());
    secrets.forget();
    EXPECT_EQ((*secrets.get())->slack_token(), "xoxb-2");
}

TEST_F(SecretsCacheTest, AFailureIsNotKept) {
    auto secrets = cache();
    failing = true;
    EXPECT_FALSE(secrets.get());
    failing = false;
    EXPECT_TRUE(secrets.get());
    EXPECT_EQ(fetches, 2);
}

TEST(SecretsCacheWithoutLocation, HoldsNothingAndFetchesNothing) {
    int fetches = 0;
    SecretsCache secrets({}, [&](const std::string&, const std::string&) -> Result<std::string> {
        ++fetches;
        return std::string("{}");
    });
    const auto document = secrets.get();
    ASSERT_TRUE(document);
    EXPECT_FALSE(*document);
    EXPECT_EQ(fetches, 0);
}

}  // namespace
}  // namespace repo2s3::secrets
