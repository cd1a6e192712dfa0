#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/github/app_jwt.hpp"
#include "repo2s3/github/private_key.hpp"
#include "support/rsa_keys.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::github {
namespace {

using secrets::StarfleetSecrets;

// Stand-in PEM texts that say where they came from; real keys are used where a key is signed
// with or must not leak.
std::string marked_pem(const std::string& origin) {
    return testing::pem_boundary("BEGIN", "RSA PRIVATE KEY") + "\n" + origin + "\n" +
           testing::pem_boundary("END", "RSA PRIVATE KEY") + "\n";
}

SecretsLoader no_secrets() {
    return [] { return Result<std::optional<StarfleetSecrets>>(std::nullopt); };
}

SecretsLoader secrets_document(const std::string& json, int* calls = nullptr) {
    return [json, calls]() -> Result<std::optional<StarfleetSecrets>> {
        if (calls != nullptr) ++*calls;
        auto parsed = StarfleetSecrets::parse(json, "secrets file /etc/starfleet.json");
        if (!parsed) return util::unexpected(std::move(parsed.error()));
        return std::optional(std::move(*parsed));
    };
}

std::string secrets_json(const std::map<std::string, std::string>& keys) {
    nlohmann::json worker = nlohmann::json::object();
    for (const auto& [organization, key] : keys) worker[organization] = key;
    return nlohmann::json{{"STARFLEET", {{"SlackToken", "xoxb-test"}}},
                          {"GitHubSyncWorker", worker}}
        .dump();
}

class PrivateKeySources : public ::testing::Test {
  protected:
    testing::TempDir dir_;
    std::string flag_file_ = dir_.write("flag.pem", marked_pem("FLAG")).string();
    std::string env_file_ = dir_.write("env.pem", marked_pem("ENVFILE")).string();
    std::string secrets_ = secrets_json({{"acme", marked_pem("SECRETS")}});
};

TEST_F(PrivateKeySources, FlagWinsOverEverything) {
    int loads = 0;
    const auto env = util::fixed_env({{"GITHUB_APP_PRIVATE_KEY_FILE", env_file_},
                                      {"GITHUB_APP_PRIVATE_KEY", marked_pem("ENV")}});
    auto key = resolve_private_key(flag_file_, env, "acme", secrets_document(secrets_, &loads));
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, marked_pem("FLAG"));
    EXPECT_FALSE(key->from_secrets);
    EXPECT_EQ(loads, 0) << "the secrets document must not be fetched when a key is given";
}

TEST_F(PrivateKeySources, KeyFileVariableWinsOverKeyTextAndSecrets) {
    int loads = 0;
    const auto env = util::fixed_env({{"GITHUB_APP_PRIVATE_KEY_FILE", env_file_},
                                      {"GITHUB_APP_PRIVATE_KEY", marked_pem("ENV")}});
    auto key = resolve_private_key(std::nullopt, env, "acme", secrets_document(secrets_, &loads));
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, marked_pem("ENVFILE"));
    EXPECT_EQ(loads, 0);
}

TEST_F(PrivateKeySources, KeyTextVariableWinsOverSecrets) {
    int loads = 0;
    const auto env = util::fixed_env({{"GITHUB_APP_PRIVATE_KEY", marked_pem("ENV")}});
    auto key = resolve_private_key(std::nullopt, env, "acme", secrets_document(secrets_, &loads));
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, marked_pem("ENV"));
    EXPECT_EQ(loads, 0);
}

TEST_F(PrivateKeySources, SecretsDocumentIsTheLastResort) {
    int loads = 0;
    auto key = resolve_private_key(std::nullopt, util::fixed_env({}), "acme",
                                   secrets_document(secrets_, &loads));
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, marked_pem("SECRETS"));
    EXPECT_TRUE(key->from_secrets);
    EXPECT_EQ(loads, 1);
}

TEST_F(PrivateKeySources, EmptyVariablesCountAsUnset) {
    const auto env =
        util::fixed_env({{"GITHUB_APP_PRIVATE_KEY_FILE", ""}, {"GITHUB_APP_PRIVATE_KEY", ""}});
    auto key = resolve_private_key(std::nullopt, env, "acme", secrets_document(secrets_));
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, marked_pem("SECRETS"));
}

TEST_F(PrivateKeySources, KeyTextWithLiteralBackslashNIsUnescapedAndSigns) {
    const auto pair = testing::make_rsa_key_pair();
    std::string escaped;
    for (const char c : pair.pkcs1) escaped += (c == '\n') ? std::string("\\n") : std::string(1, c);
    ASSERT_EQ(escaped.find('\n'), std::string::npos);

    auto key = resolve_private_key(
        std::nullopt, util::fixed_env({{"GITHUB_APP_PRIVATE_KEY", escaped}}), "acme", no_secrets());
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->pem, pair.pkcs1);
    auto jwt = make_app_jwt(key->pem, app_jwt_claims("1", std::chrono::system_clock::now()));
    EXPECT_TRUE(jwt) << jwt.error().message;
}

TEST(UnescapeNewlines, OnlyTheTwoCharacterSequenceChanges) {
    EXPECT_EQ(unescape_newlines("a\\nb"), "a\nb");
    EXPECT_EQ(unescape_newlines("a\nb"), "a\nb");
    EXPECT_EQ(unescape_newlines("trailing\\"), "trailing\\");
    EXPECT_EQ(unescape_newlines("\\t\\n"), "\\t\n");
    EXPECT_EQ(unescape_newlines(""), "");
}

TEST_F(PrivateKeySources, KeyTextThatIsNotPemIsRefusedWithoutEchoingIt) {
    const std::string value = "MIIEowIBAAKCAQEAsecretsecretsecret";
    auto key =
        resolve_private_key(std::nullopt, util::fixed_env({{"GITHUB_APP_PRIVATE_KEY", value}}),
                            "acme", secrets_document(secrets_));
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().kind, ErrorKind::Auth);
    EXPECT_NE(key.error().message.find("GITHUB_APP_PRIVATE_KEY"), std::string::npos);
    EXPECT_EQ(key.error().message.find("secretsecret"), std::string::npos) << key.error().message;
}

TEST_F(PrivateKeySources, UnreadableFlagFileIsAnErrorNamingIt) {
    const std::string missing = (dir_.path() / "missing.pem").string();
    auto key = resolve_private_key(missing,
                                   util::fixed_env({{"GITHUB_APP_PRIVATE_KEY", marked_pem("ENV")}}),
                                   "acme", secrets_document(secrets_));
    ASSERT_FALSE(key) << "a broken explicit source must not fall through to the next one";
    EXPECT_NE(key.error().message.find(missing), std::string::npos) << key.error().message;
    EXPECT_NE(key.error().message.find("--private-key-file"), std::string::npos);
}

TEST_F(PrivateKeySources, UnreadableKeyFileVariableIsAnErrorNamingIt) {
    const std::string missing = (dir_.path() / "nope.pem").string();
    auto key = resolve_private_key(std::nullopt,
                                   util::fixed_env({{"GITHUB_APP_PRIVATE_KEY_FILE", missing}}),
                                   "acme", secrets_document(secrets_));
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().message.find("GITHUB_APP_PRIVATE_KEY_FILE"), std::string::npos);
    EXPECT_NE(key.error().message.find(missing), std::string::npos);
}

TEST_F(PrivateKeySources, DirectoryGivenAsKeyFileIsAnError) {
    const auto directory = dir_.path() / "keys";
    std::filesystem::create_directories(directory);
    auto key = resolve_private_key(directory.string(), util::fixed_env({}), "acme", no_secrets());
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().kind, ErrorKind::Auth);
    EXPECT_NE(key.error().message.find(directory.string()), std::string::npos)
        << key.error().message;
}

TEST_F(PrivateKeySources, FileThatIsNotAKeyIsRefusedWithoutEchoingIt) {
    const auto path =
        dir_.write("wrong.pem", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABsecretsecret user@host\n");
    auto key = resolve_private_key(path.string(), util::fixed_env({}), "acme", no_secrets());
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().message.find("not a PEM private key"), std::string::npos);
    EXPECT_EQ(key.error().message.find("secretsecret"), std::string::npos);
}

TEST_F(PrivateKeySources, NoSourceAtAllListsTheWaysToGiveOne) {
    auto key = resolve_private_key(std::nullopt, util::fixed_env({}), "acme", no_secrets());
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().kind, ErrorKind::Auth);
    for (const char* way :
         {"--private-key-file", "GITHUB_APP_PRIVATE_KEY_FILE", "GITHUB_APP_PRIVATE_KEY",
          "REPO2S3_SECRETS_FILE", "REPO2S3_SECRET_ID"}) {
        EXPECT_NE(key.error().message.find(way), std::string::npos) << way;
    }
}

TEST_F(PrivateKeySources, MissingOrganizationNamesItListsPresentOnesAndShowsNoKey) {
    const auto first = testing::make_rsa_key_pair();
    const auto second = testing::make_rsa_key_pair();
    const auto json = secrets_json({{"Beta-Org", first.pkcs1}, {"acme-labs", second.pkcs8}});
    auto key =
        resolve_private_key(std::nullopt, util::fixed_env({}), "Acme", secrets_document(json));
    ASSERT_FALSE(key);
    const std::string& message = key.error().message;
    EXPECT_NE(message.find("\"Acme\""), std::string::npos) << message;
    EXPECT_NE(message.find("Beta-Org"), std::string::npos) << message;
    EXPECT_NE(message.find("acme-labs"), std::string::npos) << message;
    EXPECT_NE(message.find("/etc/starfleet.json"), std::string::npos) << message;
    EXPECT_EQ(message.find("PRIVATE KEY"), std::string::npos) << message;
    EXPECT_TRUE(testing::holds_no_key_material(message, first.pkcs1));
    EXPECT_TRUE(testing::holds_no_key_material(message, second.pkcs8));
}

TEST_F(PrivateKeySources, OrganizationLookupIsCaseSensitive) {
    auto exact =
        resolve_private_key(std::nullopt, util::fixed_env({}), "acme", secrets_document(secrets_));
    EXPECT_TRUE(exact);
    auto other_case =
        resolve_private_key(std::nullopt, util::fixed_env({}), "ACME", secrets_document(secrets_));
    EXPECT_FALSE(other_case);
}

TEST_F(PrivateKeySources, SecretsLoadFailureIsPassedOn) {
    const SecretsLoader broken = []() -> Result<std::optional<StarfleetSecrets>> {
        return fail(ErrorKind::Network, "Secrets Manager secret starfleet: connection refused");
    };
    auto key = resolve_private_key(std::nullopt, util::fixed_env({}), "acme", broken);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().kind, ErrorKind::Network);
    EXPECT_NE(key.error().message.find("connection refused"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::github
