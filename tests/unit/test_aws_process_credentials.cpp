#include <gtest/gtest.h>
#include <sys/stat.h>

#include "repo2s3/aws/process_credentials.hpp"
#include "repo2s3/aws/profile_credentials.hpp"
#include "repo2s3/aws/shell_words.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws {
namespace {

using namespace std::chrono_literals;
using Words = std::vector<std::string>;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYPROCESS";

TEST(ShellSplit, SplitsAsPythonShlexInPosixMode) {
    EXPECT_EQ(shell_split("a  b\tc\nd"), (Words{"a", "b", "c", "d"}));
    EXPECT_EQ(shell_split("'a b' \"c d\" e\\ f"), (Words{"a b", "c d", "e f"}));
    EXPECT_EQ(shell_split(R"("a\"b" "a\\b" "a\b" 'a\b')"), (Words{"a\"b", "a\\b", "a\\b", "a\\b"}));
    EXPECT_EQ(shell_split("'' \"\" x''y"), (Words{"", "", "xy"}));
    EXPECT_EQ(shell_split("a#b # c"), (Words{"a#b", "#", "c"}));  // no comments
    EXPECT_EQ(shell_split(""), Words{});
    EXPECT_EQ(shell_split("  "), Words{});
    EXPECT_FALSE(shell_split("'open"));
    EXPECT_FALSE(shell_split("\"open"));
    EXPECT_FALSE(shell_split("trailing\\"));
}

TEST(CredentialProcessOutput, ReadsVersionOneDocuments) {
    auto found = parse_credential_process_output(
        R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "SessionToken": "t",
            "Expiration": "2024-05-01T12:00:00Z"})",
        "p");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "AKID");
    EXPECT_EQ(found->secret_access_key, "s");
    EXPECT_EQ(found->session_token, "t");
    EXPECT_EQ(util::format_iso8601(*found->expiration), "2024-05-01T12:00:00Z");
    found = parse_credential_process_output(
        R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "SessionToken": null})",
        "p");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->session_token, "");
    EXPECT_FALSE(found->expiration);  // never expires
}

TEST(CredentialProcessOutput, RefusesWithoutQuotingTheOutput) {
    const std::string secret = kSecret;
    const std::pair<std::string, std::string> cases[] = {
        {"not json " + secret, "not JSON"},
        {"[\"" + secret + "\"]", "not a JSON object"},
        {R"({"AccessKeyId": "A", "SecretAccessKey": ")" + secret + "\"}", "no Version"},
        {R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": ")" + secret + "\"}",
         "only 1 is supported"},
        {R"({"Version": "1", "AccessKeyId": "A", "SecretAccessKey": ")" + secret + "\"}",
         "only 1 is supported"},
        {R"({"Version": 1, "SecretAccessKey": ")" + secret + "\"}", "no AccessKeyId"},
        {R"({"Version": 1, "AccessKeyId": "A"})", "no SecretAccessKey"},
        {R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": ""})", "SecretAccessKey"},
        {R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": ")" + secret +
             R"(", "Expiration": "tomorrow"})",
         "Expiration"},
    };
    for (const auto& [output, expected] : cases) {
        const auto found = parse_credential_process_output(output, "profile p");
        ASSERT_FALSE(found) << output;
        EXPECT_EQ(found.error().kind, ErrorKind::Auth);
        EXPECT_NE(found.error().message.find(expected), std::string::npos) << found.error().message;
        EXPECT_NE(found.error().message.find("profile p"), std::string::npos);
        EXPECT_EQ(found.error().message.find(secret), std::string::npos) << found.error().message;
    }
}

TEST(CredentialProcessTimeout, SixtySecondsUnlessSet) {
    EXPECT_EQ(*credential_process_timeout(util::fixed_env({})), 60s);
    EXPECT_EQ(
        *credential_process_timeout(util::fixed_env({{"REPO2S3_CREDENTIAL_PROCESS_TIMEOUT", "5"}})),
        5s);
    for (const char* bad : {"0", "-1", "1.5", "x", "3601"}) {
        const auto timeout = credential_process_timeout(
            util::fixed_env({{"REPO2S3_CREDENTIAL_PROCESS_TIMEOUT", bad}}));
        ASSERT_FALSE(timeout) << bad;
        EXPECT_EQ(timeout.error().kind, ErrorKind::Usage);
    }
}

class CredentialProcessTest : public ::testing::Test {
  protected:
    // An executable shell script in the temporary directory; its path.
    std::string script(const std::string& name, const std::string& body) const {
        const auto path = dir_.write(name, "#!/bin/sh\n" + body);
        ::chmod(path.c_str(), 0755);
        return path.string();
    }
    std::string good_output() const {
        return "cat <<'EOF'\n{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", "
               "\"SecretAccessKey\": \"" +
               std::string(kSecret) + "\", \"SessionToken\": \"tok\"}\nEOF\n";
    }
    Error error_of(const std::string& command, std::chrono::milliseconds timeout = 10s) const {
        const auto found = credential_process_credentials("dev", command, timeout);
        EXPECT_FALSE(found);
        if (found) return {};
        EXPECT_EQ(found.error().message.find(kSecret), std::string::npos) << found.error().message;
        EXPECT_NE(found.error().message.find("profile dev"), std::string::npos)
            << found.error().message;
        return found.error();
    }

    testing::TempDir dir_;
};

TEST_F(CredentialProcessTest, RunsTheCommandWithItsArgumentsAndNoShell) {
    const auto helper =
        script("helper", "[ \"$1\" = 'a b' ] && [ \"$2\" = '$HOME' ] || exit 9\n" + good_output());
    const auto found =
        credential_process_credentials("dev", "'" + helper + "' \"a b\" '$HOME'", 10s);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->access_key_id, "AKIDPROCESS");
    EXPECT_EQ(found->secret_access_key, kSecret);
    EXPECT_EQ(found->session_token, "tok");
}

TEST_F(CredentialProcessTest, FailuresAreOneErrorNamingTheProfile) {
    const std::string secret = kSecret;
    auto error = error_of(script("fails", "echo '" + secret +
                                              "'\necho 'token expired' >&2\n"
                                              "exit 1\n"));
    EXPECT_EQ(error.kind, ErrorKind::Auth);
    EXPECT_NE(error.message.find("exited with status 1: token expired"), std::string::npos)
        << error.message;
    error = error_of(script("garbage", "echo 'Enter PIN: " + secret + "'\n"));
    EXPECT_NE(error.message.find("not JSON"), std::string::npos) << error.message;
    error = error_of(script("hangs", "exec sleep 30\n"), 300ms);
    EXPECT_EQ(error.kind, ErrorKind::Timeout);
    EXPECT_NE(error.message.find("did not finish within 300 ms"), std::string::npos)
        << error.message;
    error = error_of((dir_.path() / "missing").string());
    EXPECT_NE(error.message.find("cannot run"), std::string::npos) << error.message;
    error = error_of("'unclosed");
    EXPECT_EQ(error.kind, ErrorKind::Usage);
    error = error_of("   ");
    EXPECT_NE(error.message.find("empty"), std::string::npos);
}

TEST_F(CredentialProcessTest, AProfileResolvesInBotocoresOrder) {
    const auto helper = script("helper", good_output());
    dir_.write("config", "[profile proc]\ncredential_process = " + helper +
                             "\n"
                             "[profile proc-and-config-keys]\ncredential_process = " +
                             helper +
                             "\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n"
                             "[profile proc-and-file-keys]\ncredential_process = " +
                             helper + "\n");
    dir_.write("credentials",
               "[proc-and-file-keys]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
    testing::ScriptedHttpClient http;
    const auto lookup = [&](const std::string& profile) {
        ProfileCredentials provider(
            {util::fixed_env(
                 {{"AWS_PROFILE", profile},
                  {"AWS_CONFIG_FILE", (dir_.path() / "config").string()},
                  {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "credentials").string()}}),
             &http, std::chrono::system_clock::now});
        return provider.credentials();
    };
    EXPECT_EQ(lookup("proc")->access_key_id, "AKIDPROCESS");
    EXPECT_EQ(lookup("proc-and-config-keys")->access_key_id, "AKIDPROCESS");
    EXPECT_EQ(lookup("proc-and-file-keys")->access_key_id, "AKIDFILE");
    EXPECT_EQ(http.request_count(), 0U);
}

}  // namespace
}  // namespace repo2s3::aws
