#include <gtest/gtest.h>

#include "repo2s3/aws/profile_credentials.hpp"
#include "support/scripted_http_client.hpp"
#include "support/sts_responses.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using std::chrono::system_clock;
using testing::form_fields;
using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const system_clock::time_point kNow = system_clock::from_time_t(1'714'564'800);  // 2024-05-01

class ProfileCredentialsTest : public ::testing::Test {
  protected:
    // STS answers AssumeRole* with keys numbered by call (ASIAROLE1, ASIAWEB2, ...); a container
    // endpoint answers with ASIACONTAINER.
    ProfileCredentialsTest()
        : http_([this](const http::Request& request) -> Result<http::Response> {
              if (request.url.starts_with("http://127.0.0.1:7070")) {
                  return make_response(200,
                                       R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"cs"})");
              }
              if (sts_failure_) return *sts_failure_;
              const auto action = form_fields(request.body)["Action"];
              const std::string prefix = action == "AssumeRole" ? "ASIAROLE" : "ASIAWEB";
              return make_response(
                  200, testing::sts_credentials_xml(action, prefix + std::to_string(++issued_),
                                                    kNow + std::chrono::hours(1)));
          }) {}

    ProviderContext context(std::map<std::string, std::string> env) const {
        return {util::fixed_env(std::move(env)), &http_, [] { return kNow; }};
    }
    std::map<std::string, std::string> sent(std::size_t index) const {
        return form_fields(http_.requests().at(index).body);
    }
    std::string signed_by(std::size_t index) const {
        const auto authorization =
            http_.requests().at(index).headers.get("Authorization").value_or("");
        const auto start = authorization.find("Credential=");
        if (start == std::string::npos) return "";
        return authorization.substr(start + 11, authorization.find('/', start) - start - 11);
    }

    std::string credentials_path() const { return (dir_.path() / "credentials").string(); }
    std::string config_path() const { return (dir_.path() / "config").string(); }
    void write_credentials(const std::string& text) const { dir_.write("credentials", text); }
    void write_config(const std::string& text) const { dir_.write("config", text); }

    Result<Credentials> lookup(std::map<std::string, std::string> env = {}) const {
        env.emplace("AWS_SHARED_CREDENTIALS_FILE", credentials_path());
        env.emplace("AWS_CONFIG_FILE", config_path());
        ProfileCredentials provider(context(std::move(env)));
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
    int issued_ = 0;
    std::optional<http::Response> sts_failure_;
    mutable ScriptedHttpClient http_;
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
    ProfileCredentials provider(context({{"AWS_PROFILE", "a"}}));
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

TEST_F(ProfileCredentialsTest, RoleArnWinsOverStaticKeysAsInBotocore) {
    write_credentials("[ops]\naws_access_key_id = A\naws_secret_access_key = s\n");
    write_config(
        "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = ops\n");
    const auto found = lookup({{"AWS_PROFILE", "ops"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAROLE1");
    // A profile may name itself to assume its role with its own static keys.
    EXPECT_EQ(signed_by(0), "A");
}

TEST_F(ProfileCredentialsTest, StaticKeysOfTheCredentialsFileComeBeforeCredentialProcess) {
    write_config("[profile both]\ncredential_process = /nonexistent/helper\n");
    write_credentials("[both]\naws_access_key_id = A\naws_secret_access_key = s\n");
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
    ProfileCredentials provider(context(env));
    EXPECT_EQ(provider.credentials()->access_key_id, "FIRST");
    write_credentials("[default]\naws_access_key_id = SECOND\naws_secret_access_key = s\n");
    EXPECT_EQ(provider.credentials()->access_key_id, "SECOND");
}

TEST_F(ProfileCredentialsTest, DefaultPathsAreUnderHome) {
    dir_.write(".aws/credentials",
               "[default]\naws_access_key_id = HOMEKEY\n"
               "aws_secret_access_key = s\n");
    ProfileCredentials provider(context({{"HOME", dir_.path().string()}}));
    const auto found = provider.credentials();
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "HOMEKEY");
}

TEST_F(ProfileCredentialsTest, AssumesTheRoleWithTheSourceProfilesKeys) {
    write_credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = " +
                      std::string(kSecret) + "\n");
    write_config(
        "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\n"
        "role_session_name = nightly\nexternal_id = ext-42\nduration_seconds = 1800\n"
        "region = eu-west-1\n");
    const auto found = lookup({{"AWS_PROFILE", "ops"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAROLE1");
    EXPECT_EQ(found->secret_access_key, testing::kStsSecret);
    EXPECT_EQ(found->session_token, testing::kStsSessionToken);
    EXPECT_EQ(found->expiration, kNow + std::chrono::hours(1));

    ASSERT_EQ(http_.request_count(), 1u);
    // The profile's region picks the regional endpoint and the signing region.
    EXPECT_EQ(http_.requests()[0].url, "https://sts.eu-west-1.amazonaws.com/");
    EXPECT_NE(http_.requests()[0]
                  .headers.get("Authorization")
                  ->find("/20240501/eu-west-1/sts/aws4_request"),
              std::string::npos);
    EXPECT_EQ(signed_by(0), "AKIDBASE");
    EXPECT_EQ(sent(0),
              (std::map<std::string, std::string>{{"Action", "AssumeRole"},
                                                  {"Version", "2011-06-15"},
                                                  {"RoleArn", "arn:aws:iam::123456789012:role/ops"},
                                                  {"RoleSessionName", "nightly"},
                                                  {"ExternalId", "ext-42"},
                                                  {"DurationSeconds", "1800"}}));
}

TEST_F(ProfileCredentialsTest, ChainsRolesThroughSourceProfiles) {
    write_credentials("[root]\naws_access_key_id = AKIDROOT\naws_secret_access_key = s\n");
    write_config(
        "[profile hop]\nrole_arn = arn:aws:iam::1:role/hop\nsource_profile = root\n"
        "[profile target]\nrole_arn = arn:aws:iam::2:role/target\nsource_profile = hop\n");
    const auto found =
        lookup({{"AWS_PROFILE", "target"}, {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAROLE2");
    ASSERT_EQ(http_.request_count(), 2u);
    EXPECT_EQ(http_.requests()[0].url, "http://127.0.0.1:5000/");
    EXPECT_EQ(sent(0).at("RoleArn"), "arn:aws:iam::1:role/hop");
    EXPECT_EQ(signed_by(0), "AKIDROOT");
    EXPECT_EQ(sent(1).at("RoleArn"), "arn:aws:iam::2:role/target");
    EXPECT_EQ(signed_by(1), "ASIAROLE1");
    EXPECT_EQ(http_.requests()[1].headers.get("X-Amz-Security-Token"), testing::kStsSessionToken);
    // Without role_session_name the session is named after the time.
    EXPECT_EQ(sent(1).at("RoleSessionName"), "repo2s3-1714564800000");
}

TEST_F(ProfileCredentialsTest, ASourceProfileWithKeysUsesThemBeforeItsOwnRole) {
    write_credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
    write_config(
        "[profile base]\nrole_arn = arn:aws:iam::1:role/base\nsource_profile = elsewhere\n"
        "[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = base\n");
    ASSERT_TRUE(lookup({{"AWS_PROFILE", "ops"}}));
    ASSERT_EQ(http_.request_count(), 1u);
    EXPECT_EQ(signed_by(0), "AKIDBASE");
}

TEST_F(ProfileCredentialsTest, SourceProfileLoopsAreDetected) {
    write_config(
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
        "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
        "[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n"
        "[profile self]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = self\n");
    auto error = lookup_error({{"AWS_PROFILE", "a"}});
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_EQ(error.message, "profiles loop through source_profile: a -> b -> c -> a");
    error = lookup_error({{"AWS_PROFILE", "b"}});
    EXPECT_EQ(error.message, "profiles loop through source_profile: b -> c -> a -> b");
    error = lookup_error({{"AWS_PROFILE", "self"}});
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    EXPECT_NE(error.message.find("names itself as source_profile but has no aws_access_key_id"),
              std::string::npos);
    EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(ProfileCredentialsTest, BrokenSourcesAreNamed) {
    write_config(
        "[profile missing]\nrole_arn = arn:r\nsource_profile = nowhere\n"
        "[profile empty-source]\nrole_arn = arn:r\nsource_profile = bare\n[profile bare]\n"
        "region = eu-west-1\n"
        "[profile both]\nrole_arn = arn:r\nsource_profile = bare\ncredential_source = Environment\n"
        "[profile neither]\nrole_arn = arn:r\n"
        "[profile odd]\nrole_arn = arn:r\ncredential_source = Laptop\n"
        "[profile mfa]\nrole_arn = arn:r\nsource_profile = bare\nmfa_serial = arn:mfa\n"
        "[profile long]\nrole_arn = arn:r\ncredential_source = Environment\n"
        "duration_seconds = 99999\n"
        "[profile blank]\nrole_arn =\nsource_profile = bare\n");
    struct Case {
        const char* profile;
        ErrorKind kind;
        const char* message;
    };
    for (const auto& [profile, kind, message] :
         {Case{"missing", ErrorKind::Usage,
               "profile missing names source_profile nowhere, which is in neither"},
          Case{"empty-source", ErrorKind::Auth,
               "profile bare (source_profile of empty-source) has neither static keys nor a "
               "role_arn"},
          Case{"both", ErrorKind::Usage,
               "profile both has both source_profile and credential_source; keep one"},
          Case{"neither", ErrorKind::Usage,
               "profile neither has role_arn but no source_profile, credential_source or "
               "web_identity_token_file"},
          Case{"odd", ErrorKind::Usage,
               "profile odd: credential_source = Laptop is not one of Environment, "
               "Ec2InstanceMetadata, EcsContainer"},
          Case{"mfa", ErrorKind::Auth, "profile mfa uses mfa_serial"},
          Case{"long", ErrorKind::Usage,
               "profile long: duration_seconds = 99999 is not a number of seconds from 900 to "
               "43200"},
          Case{"blank", ErrorKind::Usage, "profile blank: role_arn is empty"}}) {
        const auto error = lookup_error({{"AWS_PROFILE", profile}});
        EXPECT_EQ(error.kind, kind) << profile;
        EXPECT_TRUE(error.message.starts_with(message)) << profile << ": " << error.message;
    }
    EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(ProfileCredentialsTest, CredentialSourceEnvironmentUsesTheEnvironmentKeys) {
    write_config(
        "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n");
    auto found = lookup({{"AWS_PROFILE", "ci"},
                         {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                         {"AWS_SECRET_ACCESS_KEY", "envsecret"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAROLE1");
    EXPECT_EQ(signed_by(0), "AKIDENV");

    const auto error = lookup_error({{"AWS_PROFILE", "ci"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_EQ(error.message,
              "profile ci: credential_source = Environment: AWS_ACCESS_KEY_ID is not set");
}

TEST_F(ProfileCredentialsTest, CredentialSourceEcsContainerUsesTheContainerEndpoint) {
    write_config(
        "[profile task]\nrole_arn = arn:aws:iam::1:role/t\ncredential_source = EcsContainer\n");
    const auto found = lookup({{"AWS_PROFILE", "task"},
                               {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:7070/c"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAROLE1");
    ASSERT_EQ(http_.request_count(), 2u);
    EXPECT_EQ(signed_by(1), "ASIACONTAINER");
}

TEST_F(ProfileCredentialsTest, RoleArnWithAWebIdentityTokenFile) {
    const auto token = dir_.write("token", "profile.jwt\n");
    write_config("[profile pods]\nrole_arn = arn:aws:iam::1:role/pods\nweb_identity_token_file = " +
                 token.string() + "\nrole_session_name = pod-7\n");
    const auto found = lookup({{"AWS_PROFILE", "pods"}});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "ASIAWEB1");
    EXPECT_FALSE(http_.requests()[0].headers.contains("Authorization"));
    EXPECT_EQ(sent(0).at("Action"), "AssumeRoleWithWebIdentity");
    EXPECT_EQ(sent(0).at("WebIdentityToken"), "profile.jwt");
    EXPECT_EQ(sent(0).at("RoleSessionName"), "pod-7");
    // A web identity profile may itself be the source of another role.
    write_config("[profile pods]\nrole_arn = arn:aws:iam::1:role/pods\nweb_identity_token_file = " +
                 token.string() +
                 "\n[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\n"
                 "source_profile = pods\n");
    const auto chained = lookup({{"AWS_PROFILE", "admin"}});
    ASSERT_TRUE(chained) << chained.error().message;
    EXPECT_EQ(chained->access_key_id, "ASIAROLE3");
    EXPECT_EQ(signed_by(2), "ASIAWEB2");

    dir_.write("token", "");
    const auto error = lookup_error({{"AWS_PROFILE", "pods"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_NE(error.message.find("web_identity_token_file of profile pods names"),
              std::string::npos)
        << error.message;
}

TEST_F(ProfileCredentialsTest, StsRefusalsNameTheProfileAndRole) {
    write_credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = " +
                      std::string(kSecret) + "\n");
    write_config("[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = base\n");
    sts_failure_ = make_response(403, testing::sts_error_xml("AccessDenied", "not allowed"));
    const auto error =
        lookup_error({{"AWS_PROFILE", "ops"}, {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000"}});
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_EQ(error.message,
              "profile ops: STS AssumeRole of arn:aws:iam::1:role/ops at http://127.0.0.1:5000: "
              "HTTP 403 AccessDenied: not allowed");
}

}  // namespace
}  // namespace repo2s3::aws
