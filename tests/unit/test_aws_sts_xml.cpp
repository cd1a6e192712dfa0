#include <gtest/gtest.h>

#include "repo2s3/aws/sts_xml.hpp"
#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::aws {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";

std::string response(const std::string& action, const std::string& credentials) {
    return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
           action + "Result><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn>" +
           "</AssumedRoleUser><Credentials>" + credentials + "</Credentials></" + action +
           "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action +
           "Response>";
}

std::string full_credentials(const std::string& expiration = "2024-05-01T13:00:00.123Z") {
    return "<AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>" + std::string(kSecret) +
           "</SecretAccessKey><SessionToken>FwoGZXIvYXdzEJr//token==</SessionToken>"
           "<Expiration>" +
           expiration + "</Expiration>";
}

TEST(StsXml, ReadsTheCredentialsOfAssumeRole) {
    const auto credentials =
        parse_sts_credentials(response("AssumeRole", full_credentials()), "AssumeRole");
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIAROLE");
    EXPECT_EQ(credentials->secret_access_key, kSecret);
    EXPECT_EQ(credentials->session_token, "FwoGZXIvYXdzEJr//token==");
    EXPECT_EQ(credentials->expiration, util::parse_iso8601("2024-05-01T13:00:00Z"));
}

TEST(StsXml, AnUnreadableExpirationIsQuotedOnOneLine) {
    const auto credentials = parse_sts_credentials(
        response("AssumeRole", full_credentials("2024-05-01\nT13:00:00Z\x01")), "AssumeRole");
    ASSERT_FALSE(credentials);
    EXPECT_EQ(credentials.error().message,
              "the STS AssumeRole response has an unreadable Expiration "
              "\"2024-05-01\\x0aT13:00:00Z\\x01\"");
}

TEST(StsXml, ReadsTheCredentialsOfAssumeRoleWithWebIdentity) {
    const auto credentials = parse_sts_credentials(
        response("AssumeRoleWithWebIdentity", full_credentials("2024-05-01T13:00:00Z")),
        "AssumeRoleWithWebIdentity");
    ASSERT_TRUE(credentials) << credentials.error().message;
    EXPECT_EQ(credentials->access_key_id, "ASIAROLE");
}

TEST(StsXml, RefusesOtherDocumentsWithoutQuotingThem) {
    const std::string good = response("AssumeRole", full_credentials());
    const std::pair<std::string, std::string> cases[] = {
        {"not xml <", "is not well-formed XML"},
        {response("AssumeRoleWithWebIdentity", full_credentials()), "is not a AssumeRoleResponse"},
        {"<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>", "has no Credentials"},
        {response("AssumeRole", "<SecretAccessKey>" + std::string(kSecret) + "</SecretAccessKey>"),
         "has no AccessKeyId"},
        {response("AssumeRole", "<AccessKeyId>A</AccessKeyId><SecretAccessKey>" +
                                    std::string(kSecret) + "</SecretAccessKey>"),
         "has no SessionToken"},
        {response("AssumeRole", full_credentials("tomorrow")), "unreadable Expiration"},
        {response("AssumeRole", full_credentials("3000-01-01T00:00:00Z")), "unreadable Expiration"},
        {response("AssumeRole", "<AccessKeyId>A</AccessKeyId><SecretAccessKey>" +
                                    std::string(kSecret) +
                                    "</SecretAccessKey><SessionToken>t</SessionToken>"),
         "has no Expiration"},
    };
    for (const auto& [xml, expected] : cases) {
        const auto credentials = parse_sts_credentials(xml, "AssumeRole");
        ASSERT_FALSE(credentials) << xml;
        EXPECT_EQ(credentials.error().kind, ErrorKind::Http);
        EXPECT_NE(credentials.error().message.find(expected), std::string::npos)
            << credentials.error().message;
        EXPECT_TRUE(credentials.error().message.starts_with("the STS AssumeRole response"));
        EXPECT_EQ(credentials.error().message.find(kSecret), std::string::npos);
    }
}

TEST(StsXml, ReadsErrorDocuments) {
    const auto error = parse_sts_error(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
        "<Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error>"
        "<RequestId>req-9</RequestId></ErrorResponse>");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "AccessDenied");
    EXPECT_EQ(error->message, "not authorized");
    EXPECT_EQ(error->request_id, "req-9");

    const auto wrapped = parse_sts_error(
        "<ErrorResponse><Errors><Error><Code>InvalidIdentityToken</Code><Message>bad</Message>"
        "<RequestId>x</RequestId></Error></Errors></ErrorResponse>");
    ASSERT_TRUE(wrapped);
    EXPECT_EQ(wrapped->code, "InvalidIdentityToken");
    EXPECT_EQ(wrapped->request_id, "x");

    EXPECT_FALSE(parse_sts_error(""));
    EXPECT_FALSE(parse_sts_error("<html>busy</html>"));
    EXPECT_FALSE(parse_sts_error("<ErrorResponse/>"));
}

TEST(StsXml, ClassifiesErrors) {
    EXPECT_EQ(sts_error_kind(403, "AccessDenied"), ErrorKind::Auth);
    EXPECT_EQ(sts_error_kind(400, "InvalidIdentityToken"), ErrorKind::Auth);
    EXPECT_EQ(sts_error_kind(400, "ExpiredTokenException"), ErrorKind::Auth);
    EXPECT_EQ(sts_error_kind(400, "IDPRejectedClaim"), ErrorKind::Auth);
    EXPECT_EQ(sts_error_kind(403, ""), ErrorKind::Auth);
    EXPECT_EQ(sts_error_kind(400, "Throttling"), ErrorKind::RateLimited);
    EXPECT_EQ(sts_error_kind(400, "IDPCommunicationError"), ErrorKind::Network);
    EXPECT_EQ(sts_error_kind(503, ""), ErrorKind::Network);
    EXPECT_EQ(sts_error_kind(400, "ValidationError"), ErrorKind::Http);
    EXPECT_EQ(sts_error_kind(400, "MalformedPolicyDocument"), ErrorKind::Http);

    EXPECT_TRUE(sts_error_is_transient(500, ""));
    EXPECT_TRUE(sts_error_is_transient(400, "Throttling"));
    EXPECT_TRUE(sts_error_is_transient(400, "IDPCommunicationError"));
    EXPECT_FALSE(sts_error_is_transient(403, "AccessDenied"));
    EXPECT_FALSE(sts_error_is_transient(400, "ValidationError"));
}

}  // namespace
}  // namespace repo2s3::aws
