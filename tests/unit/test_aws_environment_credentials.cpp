#include <gtest/gtest.h>

#include "repo2s3/aws/environment_credentials.hpp"

namespace repo2s3::aws {
namespace {

constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

Result<Credentials> from_env(std::map<std::string, std::string> values) {
    EnvironmentCredentials provider(util::fixed_env(std::move(values)));
    return provider.credentials();
}

void expect_no_values(const Error& error) {
    EXPECT_EQ(error.message.find(kAccessKey), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find(kSecretKey), std::string::npos) << error.message;
}

TEST(EnvironmentCredentials, ReadsKeysAndSessionToken) {
    const auto found = from_env({{"AWS_ACCESS_KEY_ID", kAccessKey},
                                 {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                                 {"AWS_SESSION_TOKEN", "token"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, kAccessKey);
    EXPECT_EQ(found->secret_access_key, kSecretKey);
    EXPECT_EQ(found->session_token, "token");
    EXPECT_FALSE(found->expiration);
}

TEST(EnvironmentCredentials, SessionTokenIsOptional) {
    const auto found =
        from_env({{"AWS_ACCESS_KEY_ID", kAccessKey}, {"AWS_SECRET_ACCESS_KEY", kSecretKey}});
    ASSERT_TRUE(found);
    EXPECT_EQ(found->session_token, "");
}

TEST(EnvironmentCredentials, ReadsTheOlderSecurityTokenOnlyWithoutASessionToken) {
    auto found = from_env({{"AWS_ACCESS_KEY_ID", kAccessKey},
                           {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                           {"AWS_SECURITY_TOKEN", "older"}});
    ASSERT_TRUE(found);
    EXPECT_EQ(found->session_token, "older");
    found = from_env({{"AWS_ACCESS_KEY_ID", kAccessKey},
                      {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                      {"AWS_SECURITY_TOKEN", "older"},
                      {"AWS_SESSION_TOKEN", "newer"}});
    ASSERT_TRUE(found);
    EXPECT_EQ(found->session_token, "newer");
}

TEST(EnvironmentCredentials, NothingSetIsNotFound) {
    const auto found = from_env({});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(found.error().message, "AWS_ACCESS_KEY_ID is not set");
}

TEST(EnvironmentCredentials, EmptyValuesCountAsUnset) {
    const auto found = from_env({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
}

TEST(EnvironmentCredentials, ASecretWithoutAKeyIdIsNotFoundAndSaysSo) {
    const auto found = from_env({{"AWS_SECRET_ACCESS_KEY", kSecretKey}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::NotFound);
    EXPECT_NE(found.error().message.find("AWS_ACCESS_KEY_ID is not set"), std::string::npos);
    EXPECT_NE(found.error().message.find("AWS_SECRET_ACCESS_KEY is"), std::string::npos);
    expect_no_values(found.error());
}

// As in botocore: a key id without its secret is a broken setup, not an absent one.
TEST(EnvironmentCredentials, AKeyIdWithoutASecretIsAnAuthErrorNamingTheMissingVariable) {
    const auto found = from_env({{"AWS_ACCESS_KEY_ID", kAccessKey}, {"AWS_SESSION_TOKEN", "t"}});
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::Auth);
    EXPECT_NE(found.error().message.find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos);
    expect_no_values(found.error());
}

TEST(EnvironmentCredentials, ReadsTheEnvironmentOnEachCall) {
    std::map<std::string, std::string> values{{"AWS_ACCESS_KEY_ID", "first"},
                                              {"AWS_SECRET_ACCESS_KEY", kSecretKey}};
    EnvironmentCredentials provider(
        [&values](const std::string& name) -> std::optional<std::string> {
            const auto found = values.find(name);
            if (found == values.end()) return std::nullopt;
            return found->second;
        });
    EXPECT_EQ(provider.name(), "environment");
    EXPECT_EQ(provider.credentials()->access_key_id, "first");
    values["AWS_ACCESS_KEY_ID"] = "second";
    EXPECT_EQ(provider.credentials()->access_key_id, "second");
}

}  // namespace
}  // namespace repo2s3::aws
