// Runs the AWS SigV4 test suite transcribed in tests/data/sigv4 (see its README.md).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::aws::sigv4 {
namespace {

constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kAmzDate = "20150830T123600Z";
const SigningScope kScope{"us-east-1", "service"};

std::filesystem::path suite_dir() {
    return testing::data_dir() / "sigv4";
}

std::optional<std::string> read_case_file(const std::string& name, const char* extension) {
    std::ifstream in(suite_dir() / (name + extension), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct SuiteRequest {
    http::Request request;
    std::string body;
};

// "METHOD target HTTP/1.1\nName:value\n...\n\nbody". The target may contain spaces.
SuiteRequest parse_suite_request(const std::string& text) {
    SuiteRequest parsed;
    const auto head_end = text.find("\n\n");
    const std::string head = text.substr(0, head_end);
    if (head_end != std::string::npos) parsed.body = text.substr(head_end + 2);

    std::istringstream lines(head);
    std::string line;
    std::getline(lines, line);
    const auto method_end = line.find(' ');
    const auto target_end = line.rfind(" HTTP/");
    parsed.request.method = line.substr(0, method_end);
    parsed.request.url =
        "https://example.amazonaws.com" + line.substr(method_end + 1, target_end - method_end - 1);
    while (std::getline(lines, line)) {
        const auto colon = line.find(':');
        parsed.request.headers.add(line.substr(0, colon), line.substr(colon + 1));
    }
    parsed.request.body = parsed.body;
    return parsed;
}

std::vector<std::string> suite_cases() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(suite_dir())) {
        if (entry.path().extension() == ".req") names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

class SigV4Suite : public ::testing::TestWithParam<std::string> {};

TEST_P(SigV4Suite, CanonicalRequestStringToSignAndAuthorization) {
    const std::string name = GetParam();
    const auto req = read_case_file(name, ".req");
    const auto expected_authorization = read_case_file(name, ".authz");
    ASSERT_TRUE(req && expected_authorization) << name << " needs .req and .authz";
    const SuiteRequest parsed = parse_suite_request(*req);

    const std::string payload_hash = crypto::sha256_hex(parsed.body);
    const std::string names = signed_header_names(parsed.request.headers);
    const std::string canonical = canonical_request(parsed.request, names, payload_hash, true);
    if (const auto expected = read_case_file(name, ".creq")) {
        EXPECT_EQ(canonical, *expected);
    }

    const std::string scope = credential_scope("20150830", kScope);
    const std::string to_sign = string_to_sign(kAmzDate, scope, canonical);
    if (const auto expected = read_case_file(name, ".sts")) {
        EXPECT_EQ(to_sign, *expected);
    }

    const std::string key = signing_key(kSecretKey, "20150830", kScope);
    EXPECT_EQ(authorization_header(kAccessKey, scope, names, signature(key, to_sign)),
              *expected_authorization)
        << "canonical request was:\n"
        << canonical;
}

TEST_P(SigV4Suite, SignRequestProducesTheSameAuthorization) {
    const std::string name = GetParam();
    const auto req = read_case_file(name, ".req");
    const auto expected_authorization = read_case_file(name, ".authz");
    ASSERT_TRUE(req && expected_authorization);
    SuiteRequest parsed = parse_suite_request(*req);

    // sign_request adds the date and the session token itself.
    Credentials credentials{kAccessKey, kSecretKey, "", std::nullopt};
    if (auto token = parsed.request.headers.get("X-Amz-Security-Token")) {
        credentials.session_token = *token;
    }
    parsed.request.headers.remove("X-Amz-Date");
    parsed.request.headers.remove("X-Amz-Security-Token");

    const auto when = std::chrono::system_clock::from_time_t(1440938160);  // 20150830T123600Z
    sign_request(parsed.request, credentials, kScope, crypto::sha256_hex(parsed.body), when);
    EXPECT_EQ(parsed.request.headers.get("Authorization"), *expected_authorization);
    EXPECT_EQ(parsed.request.headers.get("X-Amz-Date"), kAmzDate);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4Suite, ::testing::ValuesIn(suite_cases()), test_name);

TEST(SigV4SuiteData, HoldsTheRequiredCases) {
    const auto names = suite_cases();
    for (const char* required :
         {"get-vanilla", "get-vanilla-query-order-key-case", "get-vanilla-query-unreserved",
          "get-vanilla-utf8-query", "get-header-value-trim", "get-header-key-duplicate",
          "post-x-www-form-urlencoded", "post-vanilla-query", "get-space", "get-utf8",
          "post-sts-header-before", "post-sts-header-after"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
    }
}

}  // namespace
}  // namespace repo2s3::aws::sigv4
