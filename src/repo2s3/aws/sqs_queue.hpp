#pragma once
// Sending messages to an Amazon SQS queue (SendMessage, JSON protocol, SigV4 service "sqs").

#include <chrono>
#include <memory>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

/// The region of a queue URL, "https://sqs.eu-west-1.amazonaws.com/123456789012/name"; empty
/// for another host (a local endpoint).
std::string queue_region(const std::string& queue_url);

class SqsQueue {
  public:
    /// `endpoint` is where requests go (sqs_endpoint); `queue_url` names the queue.
    SqsQueue(http::Client& client, std::shared_ptr<CredentialsProvider> credentials,
             ServiceEndpoint endpoint, std::string region, std::string queue_url);

    /// Sends one message; answers its MessageId. Errors name the queue, never the body.
    Result<std::string> send_message(const std::string& body);

  private:
    http::Client& client_;
    std::shared_ptr<CredentialsProvider> credentials_;
    ServiceEndpoint endpoint_;
    std::string region_;
    std::string queue_url_;
};

}  // namespace repo2s3::aws
