#include <gtest/gtest.h>

#include <set>
#include <string>

#include "repo2s3/http/ca_bundle.hpp"

namespace repo2s3::http {
namespace {

constexpr const char* kDebian = "/etc/ssl/certs/ca-certificates.crt";
constexpr const char* kAmazon = "/etc/pki/tls/certs/ca-bundle.crt";

FileExists existing(std::set<std::string> paths) {
    return [paths = std::move(paths)](const std::string& path) { return paths.contains(path); };
}

TEST(FindCaBundle, ConfiguredPathWinsOverEverything) {
    const auto env = util::fixed_env({{"SSL_CERT_FILE", "/env/ssl.pem"}});
    EXPECT_EQ(find_ca_bundle("/configured.pem", env, existing({kDebian})), "/configured.pem");
}

TEST(FindCaBundle, EnvironmentVariablesInOrder) {
    const auto all = util::fixed_env({{"SSL_CERT_FILE", "/ssl.pem"},
                                      {"CURL_CA_BUNDLE", "/curl.pem"},
                                      {"AWS_CA_BUNDLE", "/aws.pem"}});
    EXPECT_EQ(find_ca_bundle(std::nullopt, all, existing({kDebian})), "/ssl.pem");
    const auto curl_and_aws =
        util::fixed_env({{"CURL_CA_BUNDLE", "/curl.pem"}, {"AWS_CA_BUNDLE", "/aws.pem"}});
    EXPECT_EQ(find_ca_bundle(std::nullopt, curl_and_aws, existing({})), "/curl.pem");
    EXPECT_EQ(find_ca_bundle(std::nullopt, util::fixed_env({{"AWS_CA_BUNDLE", "/aws.pem"}}),
                             existing({kDebian})),
              "/aws.pem");
}

TEST(FindCaBundle, EnvironmentPathIsTakenEvenIfMissing) {
    // A wrong setting must fail loudly in TLS, not be replaced silently by a system bundle.
    EXPECT_EQ(find_ca_bundle(std::nullopt, util::fixed_env({{"SSL_CERT_FILE", "/nope.pem"}}),
                             existing({kDebian})),
              "/nope.pem");
}

TEST(FindCaBundle, EmptyValuesAreIgnored) {
    const auto env = util::fixed_env({{"SSL_CERT_FILE", ""}});
    EXPECT_EQ(find_ca_bundle(std::string(), env, existing({kAmazon})), kAmazon);
}

TEST(FindCaBundle, WellKnownFilesDebianFirst) {
    const auto env = util::fixed_env({});
    EXPECT_EQ(find_ca_bundle(std::nullopt, env, existing({kDebian, kAmazon})), kDebian);
    EXPECT_EQ(find_ca_bundle(std::nullopt, env, existing({kAmazon})), kAmazon);
    EXPECT_EQ(find_ca_bundle(std::nullopt, env, existing({})), std::nullopt);
}

TEST(SystemFileExists, RegularFilesOnly) {
    const auto exists = system_file_exists();
    EXPECT_TRUE(exists("/etc/passwd"));
    EXPECT_FALSE(exists("/etc"));
    EXPECT_FALSE(exists("/definitely/not/here"));
}

}  // namespace
}  // namespace repo2s3::http
