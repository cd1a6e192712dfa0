#include <gtest/gtest.h>

#include "repo2s3/s3/s3_error.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::s3 {
namespace {

using testing::make_response;

TEST(ServiceError, ReadsTheErrorDocument) {
    const auto error = service_error(
        make_response(403,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                      "<Message>Access Denied</Message><RequestId>REQ1</RequestId></Error>",
                      {{"x-amz-request-id", "HEADER-ID"}}));
    EXPECT_EQ(error.code, "AccessDenied");
    EXPECT_EQ(error.message, "Access Denied");
    EXPECT_EQ(error.http_status, 403);
    EXPECT_EQ(error.request_id, "REQ1");
}

TEST(ServiceError, HeadResponsesHaveOnlyStatusAndHeaders) {
    const auto error = service_error(make_response(404, "", {{"X-Amz-Request-Id", "HID"}}));
    EXPECT_EQ(error.code, "");
    EXPECT_EQ(error.http_status, 404);
    EXPECT_EQ(error.request_id, "HID");
}

TEST(ServiceError, NonXmlBodiesAreNotKept) {
    const auto error = service_error(make_response(502, "<html><h1>Bad Gateway</h1></html>"));
    EXPECT_EQ(error.code, "");
    EXPECT_EQ(error.message, "");
    const Error converted = to_error(error, "ListObjectsV2", "s3://b/p/");
    EXPECT_EQ(converted.message, "S3 ListObjectsV2 s3://b/p/: server error (HTTP 502)");
}

TEST(ToError, BodilessForbiddenSaysWhatItMayMean) {
    const Error error = to_error({"", "", 403, "R", ""}, "HeadObject", "s3://b/k");
    EXPECT_EQ(error.kind, ErrorKind::S3);
    EXPECT_EQ(error.message,
              "S3 HeadObject s3://b/k: forbidden: access denied, or the credentials were rejected "
              "(HTTP 403, request id R)");
}

TEST(IsRetryable, ServerErrorsAndThrottling) {
    for (const long status : {500L, 502L, 503L, 504L}) {
        EXPECT_TRUE(is_retryable({"", "", status, "", ""})) << status;
    }
    EXPECT_TRUE(is_retryable({"SlowDown", "", 503, "", ""}));
    EXPECT_TRUE(is_retryable({"RequestTimeout", "", 400, "", ""}));
    EXPECT_TRUE(is_retryable({"InternalError", "", 200, "", ""}));
    EXPECT_FALSE(is_retryable({"AccessDenied", "", 403, "", ""}));
    EXPECT_FALSE(is_retryable({"", "", 404, "", ""}));
    EXPECT_FALSE(is_retryable({"BadDigest", "", 400, "", ""}));
    EXPECT_FALSE(is_retryable({"", "", 501, "", ""}));
}

TEST(ToError, MessageNamesOperationTargetCodeStatusAndRequestId) {
    const Error error =
        to_error({"AccessDenied", "Access Denied", 403, "X", ""}, "PutObject", "s3://bucket/key");
    EXPECT_EQ(error.kind, ErrorKind::S3);
    EXPECT_EQ(error.message,
              "S3 PutObject s3://bucket/key: AccessDenied: Access Denied (HTTP 403, request id X)");
}

TEST(ToError, NotFoundForHttp404) {
    EXPECT_EQ(to_error({"", "", 404, "", ""}, "HeadObject", "s3://b/k").kind, ErrorKind::NotFound);
    EXPECT_EQ(to_error({"", "", 404, "", ""}, "HeadObject", "s3://b/k").message,
              "S3 HeadObject s3://b/k: not found (HTTP 404)");
    EXPECT_EQ(to_error({"NoSuchBucket", "gone", 404, "", ""}, "ListObjectsV2", "s3://b/").kind,
              ErrorKind::NotFound);
}

TEST(ToError, RejectedCredentialsAreAuth) {
    for (const char* code : {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken"}) {
        EXPECT_EQ(to_error({code, "", 403, "", ""}, "PutObject", "s3://b/k").kind, ErrorKind::Auth)
            << code;
    }
}

TEST(ToError, NamesTheBucketRegionOnARedirect) {
    const Error error =
        to_error({"PermanentRedirect", "Use the right endpoint", 301, "", "eu-west-2"},
                 "ListObjectsV2", "s3://b/");
    EXPECT_NE(error.message.find("the bucket is in region eu-west-2"), std::string::npos)
        << error.message;
}

TEST(ToError, ServerTextIsOneBoundedLine) {
    const Error error =
        to_error({"Odd", "line one\nline two" + std::string(1000, 'x'), 400, "", ""}, "PutObject",
                 "s3://b/k");
    EXPECT_EQ(error.message.find('\n'), std::string::npos);
    EXPECT_LT(error.message.size(), 450U);
}

}  // namespace
}  // namespace repo2s3::s3
