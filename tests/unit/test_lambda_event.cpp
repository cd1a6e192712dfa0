// Lambda events: SQS batches and direct payloads, and the partial batch response.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/lambda/event.hpp"

namespace repo2s3::lambda {
namespace {

// The shape Lambda delivers from SQS (one record, trimmed of nothing).
const char* kSqsEvent = R"({
  "Records": [
    {
      "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
      "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
      "body": "{\"TemplateName\": \"A\"}",
      "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"},
      "messageAttributes": {},
      "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
      "eventSource": "aws:sqs",
      "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
      "awsRegion": "us-east-2"
    },
    {"messageId": "2e1424d4-f796-459a-8184-9c92662be6da", "body": "TemplateName: B\nBucketName: b\n"}
  ]
})";

TEST(LambdaEvent, SqsRecordsKeepTheirIdsAndBodiesInOrder) {
    const auto event = parse_event(kSqsEvent);
    ASSERT_TRUE(event) << event.error().message;
    const auto* batch = std::get_if<SqsBatch>(&*event);
    ASSERT_NE(batch, nullptr);
    ASSERT_EQ(batch->records.size(), 2u);
    EXPECT_EQ(batch->records[0].message_id, "059f36b4-87a3-44ab-83d2-661975830a7d");
    EXPECT_EQ(batch->records[0].body, R"({"TemplateName": "A"})");
    EXPECT_EQ(batch->records[1].message_id, "2e1424d4-f796-459a-8184-9c92662be6da");
    EXPECT_EQ(batch->records[1].body, "TemplateName: B\nBucketName: b\n");
}

TEST(LambdaEvent, EmptyRecordsIsAnEmptyBatch) {
    const auto event = parse_event(R"({"Records": []})");
    ASSERT_TRUE(event);
    const auto* batch = std::get_if<SqsBatch>(&*event);
    ASSERT_NE(batch, nullptr);
    EXPECT_TRUE(batch->records.empty());
}

TEST(LambdaEvent, AnyOtherObjectIsADirectPayloadKeptVerbatim) {
    const std::string text = R"({"TemplateName": "Direct", "BucketName": "b", "KeyPrefix": "x/"})";
    const auto event = parse_event(text);
    ASSERT_TRUE(event);
    const auto* direct = std::get_if<DirectPayload>(&*event);
    ASSERT_NE(direct, nullptr);
    EXPECT_EQ(direct->text, text);
}

TEST(LambdaEvent, AnEmptyObjectIsADirectPayload) {
    // The template parser then names the missing keys; the event itself is understood.
    const auto event = parse_event("{}");
    ASSERT_TRUE(event);
    EXPECT_NE(std::get_if<DirectPayload>(&*event), nullptr);
}

struct BadEvent {
    const char* document;
    const char* phrase;
};

class LambdaBadEvent : public ::testing::TestWithParam<BadEvent> {};

TEST_P(LambdaBadEvent, IsAPayloadErrorNamingTheProblem) {
    const auto event = parse_event(GetParam().document);
    ASSERT_FALSE(event) << GetParam().document;
    EXPECT_EQ(event.error().kind, ErrorKind::Payload);
    EXPECT_NE(event.error().message.find(GetParam().phrase), std::string::npos)
        << event.error().message;
    EXPECT_EQ(event.error().message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LambdaBadEvent,
    ::testing::Values(
        BadEvent{"", "not a JSON document"},
        BadEvent{"TemplateName: yaml is not an event", "not a JSON document"},
        BadEvent{"[1, 2]", "got array"}, BadEvent{"\"text\"", "got string"},
        BadEvent{"null", "got null"},
        BadEvent{R"({"Records": {"messageId": "a"}})", "Records is not an array"},
        BadEvent{R"({"Records": ["x"]})", "Records[0] is not an object"},
        BadEvent{R"({"Records": [{"messageId": "a", "body": "x"}, {"body": "y"}]})",
                 "Records[1] has no messageId"},
        BadEvent{R"({"Records": [{"messageId": "", "body": "y"}]})", "Records[0] has no messageId"},
        BadEvent{R"({"Records": [{"messageId": 7, "body": "y"}]})", "Records[0] has no messageId"},
        BadEvent{R"({"Records": [{"messageId": "m-1"}]})",
                 "Records[0] (messageId m-1) has no string body"},
        BadEvent{R"({"Records": [{"messageId": "m-2", "body": {"a": 1}}]})",
                 "(messageId m-2) has no string body"},
        // The id is quoted, so its line breaks are shown escaped.
        BadEvent{R"({"Records": [{"messageId": "m-3\nsecond line"}]})",
                 "(messageId m-3\\x0asecond line) has no string body"}));

// A Lambda Function URL request (payload format 2.0), trimmed.
const char* kHttpEvent = R"({
  "version": "2.0", "routeKey": "$default", "rawPath": "/webhooks/github", "rawQueryString": "",
  "headers": {"X-GitHub-Event": "push", "content-type": "application/json"},
  "requestContext": {"http": {"method": "POST", "path": "/webhooks/github"}},
  "body": "eyJyZWYiOiAicmVmcy9oZWFkcy9tYWluIn0=", "isBase64Encoded": true
})";

TEST(LambdaEvent, AnHttpRequestHasItsMethodPathLowerCaseHeadersAndDecodedBody) {
    const auto event = parse_event(kHttpEvent);
    ASSERT_TRUE(event) << event.error().message;
    const auto* request = std::get_if<HttpRequest>(&*event);
    ASSERT_NE(request, nullptr);
    EXPECT_EQ(request->method, "POST");
    EXPECT_EQ(request->path, "/webhooks/github");
    EXPECT_EQ(request->headers.at("x-github-event"), "push");
    EXPECT_EQ(request->body, R"({"ref": "refs/heads/main"})");

    auto plain = nlohmann::json::parse(kHttpEvent);
    plain["body"] = "not base64 {";
    plain["isBase64Encoded"] = false;
    EXPECT_EQ(std::get<HttpRequest>(*parse_event(plain.dump())).body, "not base64 {");
    plain["isBase64Encoded"] = true;
    EXPECT_FALSE(parse_event(plain.dump()));
}

TEST(LambdaHttpResponse, CarriesTheStatusAndTheJsonBody) {
    const auto response = nlohmann::json::parse(http_response(202, R"({"result":"accepted"})"));
    EXPECT_EQ(response["statusCode"], 202);
    EXPECT_EQ(response["headers"]["content-type"], "application/json");
    EXPECT_EQ(response["body"], R"({"result":"accepted"})");
}

TEST(LambdaBatchResponse, ListsExactlyTheFailedIdsInOrder) {
    const auto response = nlohmann::json::parse(batch_response({"id-2", "id-1"}));
    EXPECT_EQ(response, nlohmann::json::parse(R"({"batchItemFailures": [
        {"itemIdentifier": "id-2"}, {"itemIdentifier": "id-1"}]})"));
}

TEST(LambdaBatchResponse, NoFailureIsAnEmptyList) {
    EXPECT_EQ(batch_response({}), R"({"batchItemFailures":[]})");
}

TEST(LambdaBatchResponse, IdsAreEscaped) {
    const auto response = nlohmann::json::parse(batch_response({"a\"b\\c"}));
    EXPECT_EQ(response["batchItemFailures"][0]["itemIdentifier"], "a\"b\\c");
}

}  // namespace
}  // namespace repo2s3::lambda
