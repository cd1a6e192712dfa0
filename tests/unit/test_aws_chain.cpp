#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>

#include "repo2s3/aws/credentials_chain.hpp"
#include "repo2s3/aws/static_credentials.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "support/scripted_http_client.hpp"
#include "support/sts_responses.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::minutes;
using std::chrono::system_clock;

const system_clock::time_point kStart = system_clock::from_time_t(1'700'000'000);

Credentials keys(std::string id,
                 std::optional<system_clock::time_point> expiration = std::nullopt) {
    return {std::move(id), "secret", "", expiration};
}

// Answers from a script (the last answer repeats) and counts calls.
class ScriptedProvider final : public CredentialsProvider {
  public:
    ScriptedProvider(std::string name, std::deque<Result<Credentials>> answers,
                     std::atomic<int>& calls)
        : name_(std::move(name)), answers_(std::move(answers)), calls_(calls) {}

    std::string name() const override { return name_; }
    Result<Credentials> credentials() override {
        ++calls_;
        auto answer = answers_.front();
        if (answers_.size() > 1) answers_.pop_front();
        return answer;
    }

  private:
    std::string name_;
    std::deque<Result<Credentials>> answers_;
    std::atomic<int>& calls_;
};

Result<Credentials> not_found(std::string why) {
    return fail(ErrorKind::NotFound, std::move(why));
}

class ChainTest : public ::testing::Test {
  protected:
    void add(std::string name, std::deque<Result<Credentials>> answers) {
        calls_.push_back(std::make_unique<std::atomic<int>>(0));
        providers_.push_back(std::make_unique<ScriptedProvider>(std::move(name), std::move(answers),
                                                                *calls_.back()));
    }
    ChainProvider chain() {
        return ChainProvider(std::move(providers_), [this] { return now_; });
    }
    int calls(std::size_t provider) const { return *calls_[provider]; }

    system_clock::time_point now_ = kStart;
    std::vector<std::unique_ptr<CredentialsProvider>> providers_;
    std::vector<std::unique_ptr<std::atomic<int>>> calls_;
};

TEST_F(ChainTest, TheFirstProviderThatAnswersWins) {
    add("first", {not_found("nothing here")});
    add("second", {keys("SECOND")});
    add("third", {keys("THIRD")});
    auto provider = chain();
    const auto found = provider.credentials();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "SECOND");
    EXPECT_EQ(calls(0), 1);
    EXPECT_EQ(calls(1), 1);
    EXPECT_EQ(calls(2), 0);
    EXPECT_EQ(provider.name(), "chain (first, second, third)");
}

TEST_F(ChainTest, CredentialsWithoutExpirationAreCachedForGood) {
    add("first", {not_found("no")});
    add("second", {keys("SECOND")});
    auto provider = chain();
    for (int i = 0; i < 5; ++i) ASSERT_EQ(provider.credentials()->access_key_id, "SECOND");
    now_ += std::chrono::hours(24 * 365);
    EXPECT_EQ(provider.credentials()->access_key_id, "SECOND");
    EXPECT_EQ(calls(0), 1);
    EXPECT_EQ(calls(1), 1);
}

TEST_F(ChainTest, RenewsFromTheChosenProviderWithinFiveMinutesOfExpiry) {
    add("first", {not_found("no"), keys("FIRST-LATER")});
    add("second", {keys("ONE", kStart + minutes(20)), keys("TWO", kStart + minutes(60))});
    auto provider = chain();
    EXPECT_EQ(provider.credentials()->access_key_id, "ONE");
    now_ = kStart + minutes(14);  // 6 minutes left: still cached
    EXPECT_EQ(provider.credentials()->access_key_id, "ONE");
    EXPECT_EQ(calls(1), 1);
    now_ = kStart + minutes(15);  // exactly 5 minutes left: renew
    EXPECT_EQ(provider.credentials()->access_key_id, "TWO");
    EXPECT_EQ(calls(1), 2);
    // The remembered provider is asked again, never the ones before it.
    EXPECT_EQ(calls(0), 1);
    EXPECT_EQ(provider.credentials()->access_key_id, "TWO");
    EXPECT_EQ(calls(1), 2);
}

TEST_F(ChainTest, AFailedRenewalKeepsUsingCredentialsUntilTheyExpire) {
    add("temporary", {keys("ONE", kStart + minutes(10)),
                      fail(ErrorKind::Network, "metadata service unreachable")});
    auto provider = chain();
    EXPECT_EQ(provider.credentials()->access_key_id, "ONE");
    now_ = kStart + minutes(7);
    EXPECT_EQ(provider.credentials()->access_key_id, "ONE");
    EXPECT_EQ(calls(0), 2);
    now_ = kStart + minutes(10);
    const auto expired = provider.credentials();
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().kind, ErrorKind::Network);
    EXPECT_EQ(expired.error().message,
              "AWS credentials from temporary could not be renewed: metadata service unreachable");
}

TEST_F(ChainTest, WhenNoneAnswersOneAuthErrorListsEachProvider) {
    add("environment", {not_found("AWS_ACCESS_KEY_ID is not set")});
    add("profile default", {not_found("no profile default in /c or /f")});
    auto provider = chain();
    const auto found = provider.credentials();
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_TRUE(found.error().message.starts_with(
        "no AWS credentials found (environment: AWS_ACCESS_KEY_ID is not set; profile default: "
        "no profile default in /c or /f)."))
        << found.error().message;
    // Nothing is remembered: a later call searches again.
    EXPECT_FALSE(provider.credentials());
    EXPECT_EQ(calls(0), 2);
    EXPECT_EQ(calls(1), 2);
}

TEST_F(ChainTest, ABrokenSourceStopsTheChain) {
    add("environment", {fail(ErrorKind::Auth, "AWS_SECRET_ACCESS_KEY is not set")});
    add("profile default", {keys("PROFILE")});
    auto provider = chain();
    const auto found = provider.credentials();
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_EQ(found.error().message,
              "AWS credentials (environment): AWS_SECRET_ACCESS_KEY is not set");
    EXPECT_EQ(calls(1), 0);
}

TEST_F(ChainTest, AnEmptyChainSaysSo) {
    auto provider = chain();
    const auto found = provider.credentials();
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_NE(found.error().message.find("no sources"), std::string::npos);
}

class SlowCountingProvider final : public CredentialsProvider {
  public:
    std::string name() const override { return "slow"; }
    Result<Credentials> credentials() override {
        ++calls;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return keys("SLOW");
    }
    std::atomic<int> calls{0};
};

TEST(ChainThreads, ConcurrentCallersShareOneLookup) {
    auto slow = std::make_unique<SlowCountingProvider>();
    auto* counter = slow.get();
    std::vector<std::unique_ptr<CredentialsProvider>> providers;
    providers.push_back(std::move(slow));
    ChainProvider chain(std::move(providers));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                const auto found = chain.credentials();
                if (!found || found->access_key_id != "SLOW") ++wrong;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(counter->calls, 1);
}

TEST(StaticProviderTest, AnswersItsCredentials) {
    StaticProvider provider(keys("STATIC"));
    EXPECT_EQ(provider.name(), "static");
    EXPECT_EQ(provider.credentials()->access_key_id, "STATIC");
    EXPECT_EQ(StaticProvider(keys("X"), "test keys").name(), "test keys");
}

// The default chain over a scripted network: STS, a container endpoint and an IMDS, each
// issuing keys named after it, with a fake clock.
class DefaultChainTest : public ::testing::Test {
  protected:
    DefaultChainTest()
        : http_([this](const http::Request& request) -> Result<http::Response> {
              const std::string& url = request.url;
              if (url.starts_with("http://sts.test")) {
                  return testing::make_response(
                      200, testing::sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEB",
                                                        now_ + minutes(60)));
              }
              if (url.starts_with("http://127.0.0.1:7070")) {
                  ++container_calls_;
                  return testing::make_response(
                      200, R"({"AccessKeyId":"ASIACONTAINER)" + std::to_string(container_calls_) +
                               R"(","SecretAccessKey":"cs","Token":"t","Expiration":")" +
                               util::format_iso8601(now_ + container_lifetime_) + "\"}");
              }
              if (url.starts_with("http://169.254.169.254")) {
                  if (!imds_up_) return fail(ErrorKind::Timeout, "timed out");
                  if (request.method == "PUT") return testing::make_response(200, "tok");
                  if (url.ends_with("/security-credentials/")) {
                      return testing::make_response(200, "role");
                  }
                  return testing::make_response(
                      200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s",)"
                           R"("Token":"t","Expiration":")" +
                               util::format_iso8601(now_ + minutes(360)) + "\"}");
              }
              return fail(ErrorKind::Network, "unexpected request to " + url);
          }) {}

    std::shared_ptr<ChainProvider> chain(std::map<std::string, std::string> env) {
        env.emplace("HOME", dir_.path().string());
        env.emplace("AWS_ENDPOINT_URL_STS", "http://sts.test");
        return default_credentials_chain(util::fixed_env(std::move(env)), http_,
                                         [this] { return now_; });
    }

    testing::TempDir dir_;
    system_clock::time_point now_ = kStart;
    minutes container_lifetime_{10};
    bool imds_up_ = true;
    int container_calls_ = 0;
    testing::ScriptedHttpClient http_;
};

TEST_F(DefaultChainTest, ListsTheSourcesInTheAwsOrder) {
    EXPECT_EQ(chain({})->name(),
              "chain (environment, web identity, profile default, container, instance metadata)");
}

TEST_F(DefaultChainTest, UsesTheEnvironmentFirst) {
    dir_.write(".aws/credentials",
               "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = s\n");
    const auto provider = chain({{"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
    EXPECT_EQ(provider->source_name(), "");
    EXPECT_EQ(provider->credentials()->access_key_id, "ENV");
    EXPECT_EQ(provider->source_name(), "environment");
    EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(DefaultChainTest, WebIdentityComesBeforeTheProfile) {
    dir_.write(".aws/credentials",
               "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = s\n");
    const auto token = dir_.write("token", "jwt");
    const auto provider = chain({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                                 {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIAWEB");
    EXPECT_EQ(provider->source_name(), "web identity");
}

TEST_F(DefaultChainTest, FallsBackToTheProfile) {
    dir_.write(".aws/credentials",
               "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = s\n");
    const auto provider =
        chain({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7070/c"}});
    const auto found = provider->credentials();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "PROFILE");
    EXPECT_EQ(provider->source_name(), "profile default");
}

TEST_F(DefaultChainTest, TheContainerComesBeforeInstanceMetadata) {
    const auto provider =
        chain({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7070/c"}});
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER1");
    EXPECT_EQ(provider->source_name(), "container");
}

TEST_F(DefaultChainTest, InstanceMetadataIsTheLastResort) {
    const auto provider = chain({});
    const auto found = provider->credentials();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAIMDS");
    EXPECT_EQ(provider->source_name(), "instance metadata");
}

TEST_F(DefaultChainTest, ReportsEverySourceWhenNothingIsConfigured) {
    imds_up_ = false;
    const auto found = chain({})->credentials();
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    const std::string& message = found.error().message;
    for (const std::string& part :
         {std::string("environment: AWS_ACCESS_KEY_ID is not set"),
          std::string("web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set"),
          "profile default: no profile default in " + dir_.path().string() + "/.aws/credentials",
          std::string("container: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
          std::string("instance metadata: no instance metadata service at "
                      "http://169.254.169.254")}) {
        EXPECT_NE(message.find(part), std::string::npos) << part << "\nin: " << message;
    }
    const auto disabled = chain({{"AWS_EC2_METADATA_DISABLED", "true"}})->credentials();
    ASSERT_FALSE(disabled);
    EXPECT_NE(disabled.error().message.find("instance metadata: AWS_EC2_METADATA_DISABLED is true"),
              std::string::npos);
}

TEST_F(DefaultChainTest, TemporaryCredentialsAreRenewedBeforeTheyExpire) {
    const auto provider =
        chain({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7070/c"}});
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER1");
    now_ = kStart + minutes(4);  // 6 minutes left: cached
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER1");
    EXPECT_EQ(container_calls_, 1);
    now_ = kStart + minutes(5);  // 5 minutes left: renewed from the same source
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER2");
    EXPECT_EQ(container_calls_, 2);
    now_ = kStart + minutes(9);  // 6 minutes left of the renewed keys
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER2");
    EXPECT_EQ(container_calls_, 2);
}

TEST_F(DefaultChainTest, ShortLivedCredentialsAreFetchedOnEveryUse) {
    container_lifetime_ = minutes(1);  // inside the renewal window from the start
    const auto provider =
        chain({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7070/c"}});
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER1");
    EXPECT_EQ(provider->credentials()->access_key_id, "ASIACONTAINER2");
    EXPECT_EQ(container_calls_, 2);
}

}  // namespace
}  // namespace repo2s3::aws
