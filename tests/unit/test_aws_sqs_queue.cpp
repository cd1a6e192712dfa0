#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "repo2s3/aws/sqs_queue.hpp"
#include "support/fixed_credentials.hpp"
#include "support/scripted_http_client.hpp"

namespace repo2s3::aws {
namespace {

const std::string kQueue = "https://sqs.eu-west-1.amazonaws.com/123456789012/repo2s3-jobs";

TEST(SqsQueue, TheRegionComesFromAnAwsQueueUrlOnly) {
    EXPECT_EQ(queue_region(kQueue), "eu-west-1");
    EXPECT_EQ(queue_region("http://127.0.0.1:5000/123456789012/q"), "");
}

TEST(SqsQueue, SendMessageIsASignedJsonProtocolCall) {
    testing::ScriptedHttpClient client(
        testing::make_response(200, R"({"MessageId": "5fea7756-0ea4-451a-a703-a558b933e274"})"));
    SqsQueue queue(client, std::make_shared<testing::FixedCredentialsProvider>(),
                   {.url = "https://sqs.eu-west-1.amazonaws.com"}, "eu-west-1", kQueue);
    const auto id = queue.send_message(R"({"TemplateName": "site"})");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*id, "5fea7756-0ea4-451a-a703-a558b933e274");
    ASSERT_EQ(client.request_count(), 1u);
    const auto request = client.requests().front();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "https://sqs.eu-west-1.amazonaws.com/");
    EXPECT_EQ(request.headers.get("X-Amz-Target"), "AmazonSQS.SendMessage");
    EXPECT_EQ(request.headers.get("Content-Type"), "application/x-amz-json-1.0");
    EXPECT_NE(request.headers.get("Authorization")->find("/eu-west-1/sqs/aws4_request"),
              std::string::npos);
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["QueueUrl"], kQueue);
    EXPECT_EQ(body["MessageBody"], R"({"TemplateName": "site"})");
}

TEST(SqsQueue, AMissingQueueIsNotFoundAndTheBodyIsNeverQuoted) {
    testing::ScriptedHttpClient client(testing::make_response(
        400, R"({"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"})"));
    SqsQueue queue(client, std::make_shared<testing::FixedCredentialsProvider>(),
                   {.url = "https://sqs.eu-west-1.amazonaws.com"}, "eu-west-1", kQueue);
    const auto sent = queue.send_message("secret-ish body");
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().kind, ErrorKind::NotFound);
    EXPECT_NE(sent.error().message.find(kQueue), std::string::npos) << sent.error().message;
    EXPECT_EQ(sent.error().message.find("secret-ish"), std::string::npos);
}

}  // namespace
}  // namespace repo2s3::aws
