#include "repo2s3/aws/sqs_queue.hpp"

#include "repo2s3/aws/json_api.hpp"

namespace repo2s3::aws {

std::string queue_region(const std::string& queue_url) {
    constexpr std::string_view kPrefix = "https://sqs.";
    if (!queue_url.starts_with(kPrefix)) return "";
    const auto rest = std::string_view(queue_url).substr(kPrefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string_view::npos) return "";
    return std::string(rest.substr(0, dot));
}

SqsQueue::SqsQueue(http::Client& client, std::shared_ptr<CredentialsProvider> credentials,
                   ServiceEndpoint endpoint, std::string region, std::string queue_url)
    : client_(client),
      credentials_(std::move(credentials)),
      endpoint_(std::move(endpoint)),
      region_(std::move(region)),
      queue_url_(std::move(queue_url)) {}

Result<std::string> SqsQueue::send_message(const std::string& body) {
    const JsonApiCall call{.service = "sqs",
                           .target = "AmazonSQS.SendMessage",
                           .content_type = "application/x-amz-json-1.0",
                           .region = region_,
                           .endpoint = endpoint_,
                           .what = "SQS SendMessage to " + queue_url_,
                           .retry = {.max_attempts = 4,
                                     .base_delay = std::chrono::milliseconds(200),
                                     .max_delay = std::chrono::seconds(2)},
                           .timeout = std::chrono::seconds(5)};
    auto answer = call_json_api(client_, *credentials_, call,
                                {{"QueueUrl", queue_url_}, {"MessageBody", body}},
                                std::chrono::system_clock::now());
    if (!answer) return util::unexpected(std::move(answer.error()));
    if (const auto id = answer->find("MessageId"); id != answer->end() && id->is_string()) {
        return id->get<std::string>();
    }
    return fail(ErrorKind::Http, call.what + ": the response has no MessageId");
}

}  // namespace repo2s3::aws
