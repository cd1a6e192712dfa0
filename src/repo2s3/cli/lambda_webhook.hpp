#pragma once
// The Lambda HTTP front door (a Function URL or an API Gateway HTTP API): a GitHub webhook
// delivery is judged as `watch` judges it; a push is matched against the templates under
// REPO2S3_TEMPLATES, and each matched template goes to REPO2S3_QUEUE_URL as one SQS message
// (the template as JSON, as Starfleet's Starbase sends it). The queue-fed invocations then do
// the syncs, so the webhook is answered within GitHub's 10 seconds whatever the repository.

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "repo2s3/aws/sqs_queue.hpp"
#include "repo2s3/cli/runtime.hpp"
#include "repo2s3/lambda/handler.hpp"
#include "repo2s3/schedule/template_sources.hpp"
#include "repo2s3/webhook/delivery.hpp"

namespace repo2s3::cli {

class LambdaWebhook {
  public:
    LambdaWebhook(Runtime& runtime, util::EnvLookup env);

    /// 202 with the matched templates; 401, 400, 200 (ping, duplicate) as webhook::judge_delivery
    /// says; 405 for a method other than POST; 500 naming the setting when the secret, the
    /// templates or the queue are not set up, or when a message could not be sent (GitHub then
    /// shows the delivery as failed, and it can be redelivered).
    lambda::HttpReply operator()(const lambda::HttpRequest& request);

  private:
    /// The secret, the template source and the queue, on first use.
    Result<void> set_up();
    lambda::HttpReply enqueue(const webhook::Verdict& verdict);

    Runtime& runtime_;
    util::EnvLookup env_;
    webhook::DeliveryLog log_;
    std::mutex mutex_;  // guards the members below
    std::string secret_;
    std::unique_ptr<schedule::TemplateSource> templates_;
    std::unique_ptr<aws::SqsQueue> queue_;
};

}  // namespace repo2s3::cli
