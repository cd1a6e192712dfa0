#include <gtest/gtest.h>

#include "repo2s3/aws/profile_credentials.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class ProfileCredentialsTest : public ::testing::Test {
  protected:
    std::string credentials_path() const { return (dir_.path() / "credentials").string(); }
    std::string config_path() const { return (dir_.path() / "config").string(); }
    void write_credentials(const std::string& text) const { dir_.write("credentials", text); }
    void write_config(const std::string& text) const { dir_.write("config", text); }

    Result<Credentials> lookup(std::map<std::string, std::string> env = {}) const {
        env.emplace("AWS_SHARED_CREDENTIALS_FILE", credentials_path());
        env.emplace("AWS_CONFIG_FILE", config_path());
        ProfileCredentials provider(util::fixed_env(std::move(env)));
        return provider.credentials();
    }

    Error lookup_error(std::map<std::string, std::string> env = {}) const {
        auto found = lookup(std::move(env));
        EXPECT_FALSE(found) << "found " << found->access_key_id;
        if (found) return {};
        EXPECT_EQ(found.error().message.find(kSecret), std::string::npos) << found.error().message;
        return found.error();
    }

    testing::TempDir dir_;
};

TEST_F(ProfileCredentialsTest, ReadsTheDefaultProfileOfTheCredentialsFile) {
    write_credentials("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = " +
                      std::string(kSecret) + "\n[other]\naws_access_key_id = AKIDOTHER\n");
    const auto found = lookup();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "AKIDDEFAULT");
    EXPECT_EQ(found->secret_access_key, kSecret);
    EXPECT_EQ(found->session_token, "");
    EXPECT_FALSE(found->expiration);
}

TEST_F(ProfileCredentialsTest, KeysAreCaseInsensitiveAndTokensAreRead) {
    write_credentials(
        "[default]\nAWS_Access_Key_Id = AKID\naws_secret_access_key=s\n"
        "aws_session_token = tok\n[old]\naws_access_key_id = A\n"
        "aws_secret_access_key = s\naws_security_token = older\n");
    auto found = lookup();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "AKID");
    EXPECT_EQ(found->session_token, "tok");
    found = lookup({{"AWS_PROFILE", "old"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->session_token, "older");
}

TEST_F(ProfileCredentialsTest, AwsProfileThenAwsDefaultProfileSelect) {
    write_credentials(
        "[a]\naws_access_key_id = A\naws_secret_access_key = s\n"
        "[b]\naws_access_key_id = B\naws_secret_access_key = s\n");
    EXPECT_EQ(lookup({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}})->access_key_id, "A");
    EXPECT_EQ(lookup({{"AWS_DEFAULT_PROFILE", "b"}})->access_key_id, "B");
    ProfileCredentials provider(util::fixed_env({{"AWS_PROFILE", "a"}}));
    EXPECT_EQ(provider.name(), "profile a");
}

TEST_F(ProfileCredentialsTest, ReadsProfileSectionsOfTheConfigFile) {
    write_config(
        "[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = s\n"
        "[default]\naws_access_key_id = DEFAULTCONFIG\naws_secret_access_key = s\n");
    EXPECT_EQ(lookup({{"AWS_PROFILE", "dev"}})->access_key_id, "FROMCONFIG");
    EXPECT_EQ(lookup()->access_key_id, "DEFAULTCONFIG");
}

TEST_F(ProfileCredentialsTest, TheCredentialsFileWinsOverTheConfigFile) {
    write_credentials("[dev]\naws_access_key_id = FROMCREDENTIALS\naws_secret_access_key = s1\n");
    write_config(
        "[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = s2\n"
        "region = eu-west-1\n");
    const auto found = lookup({{"AWS_PROFILE", "dev"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "FROMCREDENTIALS");
    EXPECT_EQ(found->secret_access_key, "s1");
}

TEST_F(ProfileCredentialsTest, KeysAreNotMixedAcrossFiles) {
    // botocore takes both keys from the file that has aws_access_key_id.
    write_credentials("[dev]\naws_access_key_id = FROMCREDENTIALS\n");
    write_config("[profile dev]\naws_secret_access_key = s2\n");
    const auto error = lookup_error({{"AWS_PROFILE", "dev"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_EQ(error.message, "profile dev in " + credentials_path() +
                                 " has aws_access_key_id but no aws_secret_access_key");
}

TEST_F(ProfileCredentialsTest, SectionsAreNamedPerFile) {
    write_credentials("[profile dev]\naws_access_key_id = A\naws_secret_access_key = s\n");
    write_config("[dev]\naws_access_key_id = B\naws_secret_access_key = s\n");
    const auto error = lookup_error({{"AWS_PROFILE", "dev"}});
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_EQ(lookup({{"AWS_PROFILE", "profile dev"}})->access_key_id, "A");
}

TEST_F(ProfileCredentialsTest, RoleArnIsReportedAsUnsupported) {
    write_config(
        "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n"
        "source_profile = default\n");
    const auto error = lookup_error({{"AWS_PROFILE", "ops"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_TRUE(error.message.starts_with("profile ops uses role_arn, which is not supported yet"))
        << error.message;
}

TEST_F(ProfileCredentialsTest, RoleArnWinsOverStaticKeysAsInBotocore) {
    write_credentials("[ops]\naws_access_key_id = A\naws_secret_access_key = s\n");
    write_config("[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n");
    EXPECT_EQ(lookup_error({{"AWS_PROFILE", "ops"}}).kind, ErrorKind::Auth);
}

TEST_F(ProfileCredentialsTest, OtherUnsupportedSourcesAreNamed) {
    write_config(
        "[profile sso]\nsso_session = corp\n[profile proc]\ncredential_process = /bin/x\n"
        "[profile both]\ncredential_process = /bin/x\n");
    write_credentials("[both]\naws_access_key_id = A\naws_secret_access_key = s\n");
    EXPECT_NE(lookup_error({{"AWS_PROFILE", "sso"}}).message.find("IAM Identity Center"),
              std::string::npos);
    EXPECT_NE(lookup_error({{"AWS_PROFILE", "proc"}}).message.find("credential_process"),
              std::string::npos);
    // Static keys in the credentials file come before credential_process.
    EXPECT_EQ(lookup({{"AWS_PROFILE", "both"}})->access_key_id, "A");
}

TEST_F(ProfileCredentialsTest, EmptyAndMultiLineKeysAreErrors) {
    write_credentials(
        "[empty]\naws_access_key_id =\naws_secret_access_key = s\n"
        "[nosecret]\naws_access_key_id = A\naws_secret_access_key =\n"
        "[multi]\naws_access_key_id = A\naws_secret_access_key = first\n  second\n");
    auto error = lookup_error({{"AWS_PROFILE", "empty"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_NE(error.message.find("aws_access_key_id is empty"), std::string::npos);
    error = lookup_error({{"AWS_PROFILE", "nosecret"}});
    EXPECT_NE(error.message.find("aws_secret_access_key is empty"), std::string::npos);
    error = lookup_error({{"AWS_PROFILE", "multi"}});
    EXPECT_NE(error.message.find("aws_secret_access_key spans several lines"), std::string::npos);
    EXPECT_EQ(error.message.find("second"), std::string::npos);
}

TEST_F(ProfileCredentialsTest, AMissingDefaultProfileIsNotFound) {
    auto error = lookup_error();
    EXPECT_EQ(error.kind, ErrorKind::NotFound);
    EXPECT_EQ(error.message,
              "no profile default in " + credentials_path() + " or " + config_path());
    write_config("[default]\nregion = eu-west-1\n");
    error = lookup_error();
    EXPECT_EQ(error.kind, ErrorKind::NotFound);
    EXPECT_NE(error.message.find("has no aws_access_key_id"), std::string::npos);
}

TEST_F(ProfileCredentialsTest, ANamedProfileThatDoesNotExistIsAUsageError) {
    write_credentials("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
    auto error = lookup_error({{"AWS_PROFILE", "typo"}});
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_EQ(error.message, "AWS_PROFILE names profile typo, which is in neither " +
                                 credentials_path() + " or " + config_path());
    error = lookup_error({{"AWS_DEFAULT_PROFILE", "typo"}});
    EXPECT_TRUE(error.message.starts_with("AWS_DEFAULT_PROFILE names profile typo"));
}

TEST_F(ProfileCredentialsTest, AMalformedFileIsAUsageErrorNamingFileAndLine) {
    write_credentials("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
    write_config("[default]\nregion = x\nregion = y\n");
    const auto error = lookup_error();
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_TRUE(error.message.starts_with(config_path() + " line 3:")) << error.message;
}

TEST_F(ProfileCredentialsTest, ReadsTheFilesOnEachCall) {
    write_credentials("[default]\naws_access_key_id = FIRST\naws_secret_access_key = s\n");
    std::map<std::string, std::string> env{{"AWS_SHARED_CREDENTIALS_FILE", credentials_path()},
                                           {"AWS_CONFIG_FILE", config_path()}};
    ProfileCredentials provider(util::fixed_env(env));
    EXPECT_EQ(provider.credentials()->access_key_id, "FIRST");
    write_credentials("[default]\naws_access_key_id = SECOND\naws_secret_access_key = s\n");
    EXPECT_EQ(provider.credentials()->access_key_id, "SECOND");
}

TEST_F(ProfileCredentialsTest, DefaultPathsAreUnderHome) {
    dir_.write(".aws/credentials",
               "[default]\naws_access_key_id = HOMEKEY\n"
               "aws_secret_access_key = s\n");
    ProfileCredentials provider(util::fixed_env({{"HOME", dir_.path().string()}}));
    const auto found = provider.credentials();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "HOMEKEY");
}

}  // namespace
}  // namespace repo2s3::aws
