// HttpRuntimeApi: the requests it sends to the Lambda Runtime API and how it reads the answers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/lambda/runtime_api.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::lambda {
namespace {

using namespace std::chrono_literals;
using testing::make_response;
using testing::ScriptedHttpClient;

constexpr const char* kBase = "http://127.0.0.1:9001/2018-06-01/runtime";

TEST(LambdaRuntimeApi, NextWaitsWithoutATimeLimitAndReadsTheHeaders) {
    ScriptedHttpClient client(
        make_response(200, R"({"Records": []})",
                      {{"Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739"},
                       {"Lambda-Runtime-Deadline-Ms", "1542409706888"},
                       {"Lambda-Runtime-Trace-Id", "Root=1-5bef4de7;Parent=53995c3f"},
                       {"Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-2:123456789012:function:repo2s3"}}));
    HttpRuntimeApi api(client, "127.0.0.1:9001");
    const auto invocation = api.next();
    ASSERT_TRUE(invocation) << invocation.error().message;
    EXPECT_EQ(invocation->request_id, "8476a536-e9f4-11e8-9739");
    ASSERT_TRUE(invocation->deadline);
    EXPECT_EQ(invocation->deadline->time_since_epoch(), 1542409706888ms);
    EXPECT_EQ(invocation->body, R"({"Records": []})");
    EXPECT_EQ(invocation->trace_id, "Root=1-5bef4de7;Parent=53995c3f");
    EXPECT_EQ(invocation->function_arn, "arn:aws:lambda:us-east-2:123456789012:function:repo2s3");

    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].url, std::string(kBase) + "/invocation/next");
    EXPECT_EQ(requests[0].timeout, 0ms);  // CurlClient: no limit
}

TEST(LambdaRuntimeApi, NextWithoutDeadlineHasNone) {
    ScriptedHttpClient client(make_response(200, "{}", {{"Lambda-Runtime-Aws-Request-Id", "r"}}));
    HttpRuntimeApi api(client, "127.0.0.1:9001");
    const auto invocation = api.next();
    ASSERT_TRUE(invocation);
    EXPECT_FALSE(invocation->deadline);
    EXPECT_FALSE(invocation->trace_id);
}

TEST(LambdaRuntimeApi, NextWithoutRequestIdOrWithABadStatusFails) {
    ScriptedHttpClient no_id(make_response(200, "{}"));
    const auto missing = HttpRuntimeApi(no_id, "h:1").next();
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::Http);
    EXPECT_NE(missing.error().message.find("Lambda-Runtime-Aws-Request-Id"), std::string::npos);

    ScriptedHttpClient broken(make_response(500, R"({"errorMessage":"boom"})"));
    const auto failed = HttpRuntimeApi(broken, "h:1").next();
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, ErrorKind::Http);
    EXPECT_NE(failed.error().message.find("HTTP 500"), std::string::npos);
    EXPECT_NE(failed.error().message.find("boom"), std::string::npos);
}

TEST(LambdaRuntimeApi, TransportErrorsPassThrough) {
    ScriptedHttpClient client(fail(ErrorKind::Network, "connection refused"));
    HttpRuntimeApi api(client, "127.0.0.1:9001");
    const auto next = api.next();
    ASSERT_FALSE(next);
    EXPECT_EQ(next.error().kind, ErrorKind::Network);
    const auto posted = api.respond("r", "{}");
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Network);
}

TEST(LambdaRuntimeApi, RespondPostsTheBodyToTheRequestsResponseUrl) {
    ScriptedHttpClient client(make_response(202));
    HttpRuntimeApi api(client, "127.0.0.1:9001");
    ASSERT_TRUE(api.respond("abc-123", R"({"batchItemFailures":[]})"));
    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].url, std::string(kBase) + "/invocation/abc-123/response");
    EXPECT_EQ(requests[0].body, R"({"batchItemFailures":[]})");
    EXPECT_FALSE(requests[0].headers.contains("Lambda-Runtime-Function-Error-Type"));
    EXPECT_GT(requests[0].timeout, 0ms);
}

TEST(LambdaRuntimeApi, RequestIdsArePercentEncodedInThePath) {
    ScriptedHttpClient client(make_response(202));
    HttpRuntimeApi api(client, "h:1");
    ASSERT_TRUE(api.respond("a/b c", "{}"));
    EXPECT_EQ(client.requests()[0].url,
              "http://h:1/2018-06-01/runtime/invocation/a%2Fb%20c/response");
}

TEST(LambdaRuntimeApi, ErrorsUseLambdasFormatAndHeader) {
    ScriptedHttpClient client(make_response(202));
    HttpRuntimeApi api(client, "127.0.0.1:9001");
    ASSERT_TRUE(api.report_error("r-9", {"InvalidPayload", "SQS message 1: missing \"key\""}));
    ASSERT_TRUE(api.report_init_error({"InvalidConfiguration", "bad margin"}));
    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 2u);

    EXPECT_EQ(requests[0].url, std::string(kBase) + "/invocation/r-9/error");
    EXPECT_EQ(requests[0].headers.get("Lambda-Runtime-Function-Error-Type"), "InvalidPayload");
    EXPECT_EQ(nlohmann::json::parse(requests[0].body),
              (nlohmann::json{{"errorMessage", "SQS message 1: missing \"key\""},
                              {"errorType", "InvalidPayload"}}));

    EXPECT_EQ(requests[1].url, std::string(kBase) + "/init/error");
    EXPECT_EQ(requests[1].headers.get("Lambda-Runtime-Function-Error-Type"),
              "InvalidConfiguration");
    EXPECT_EQ(
        nlohmann::json::parse(requests[1].body),
        (nlohmann::json{{"errorMessage", "bad margin"}, {"errorType", "InvalidConfiguration"}}));
}

TEST(LambdaRuntimeApi, ARefusedPostIsAnHttpError) {
    ScriptedHttpClient client(
        make_response(413, R"({"errorMessage":"Exceeded maximum allowed payload size"})"));
    HttpRuntimeApi api(client, "h:1");
    const auto posted = api.respond("r", std::string(7 << 20, 'x'));
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().kind, ErrorKind::Http);
    EXPECT_NE(posted.error().message.find("HTTP 413"), std::string::npos);
    EXPECT_NE(posted.error().message.find("/invocation/r/response"), std::string::npos);
}

TEST(LambdaRuntimeApi, ErrorDocumentSurvivesInvalidUtf8) {
    const auto document = error_document({"SyncFailed", std::string("bad \xff byte")});
    EXPECT_EQ(nlohmann::json::parse(document)["errorType"], "SyncFailed");
}

TEST(LambdaRuntimeApi, DeadlineMustBeAPlainNumber) {
    EXPECT_EQ(parse_deadline_ms("0")->time_since_epoch(), 0ms);
    EXPECT_EQ(parse_deadline_ms("1700000000123")->time_since_epoch(), 1700000000123ms);
    for (const char* bad : {"", "-5", "12a", " 12", "1.5", "99999999999999999999999"}) {
        EXPECT_FALSE(parse_deadline_ms(bad)) << bad;
    }
}

}  // namespace
}  // namespace repo2s3::lambda
