#include "repo2s3/cli/lambda_webhook.hpp"

#include <spdlog/spdlog.h>

#include "repo2s3/cli/command_support.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"
#include "repo2s3/webhook/push_event.hpp"

namespace repo2s3::cli {
namespace {

lambda::HttpReply failure(int status, const std::string& message) {
    return {.status = status, .body = util::json_text({{"message", message}})};
}

std::string header(const lambda::HttpRequest& request, const std::string& name) {
    const auto found = request.headers.find(name);
    return found == request.headers.end() ? std::string() : found->second;
}

}  // namespace

LambdaWebhook::LambdaWebhook(Runtime& runtime, util::EnvLookup env)
    : runtime_(runtime), env_(std::move(env)) {}

Result<void> LambdaWebhook::set_up() {
    if (queue_) return {};
    auto secret = runtime_.webhook_secret();
    if (!secret) return util::unexpected(std::move(secret.error()));
    const auto templates_uri = env_("REPO2S3_TEMPLATES");
    if (!templates_uri || templates_uri->empty()) {
        return fail(
            ErrorKind::Usage,
            "REPO2S3_TEMPLATES is not set: webhooks need the templates' s3://bucket/prefix/");
    }
    const auto queue_url = env_("REPO2S3_QUEUE_URL");
    if (!queue_url || queue_url->empty()) {
        return fail(ErrorKind::Usage,
                    "REPO2S3_QUEUE_URL is not set: webhooks need the queue that feeds the syncs");
    }
    auto templates = templates_in_s3(runtime_, *templates_uri, "REPO2S3_TEMPLATES", env_);
    if (!templates) return util::unexpected(std::move(templates.error()));
    auto queue = runtime_.sqs_queue(*queue_url);
    if (!queue) return util::unexpected(std::move(queue.error()));
    secret_ = std::move(*secret);
    templates_ = std::move(*templates);
    queue_ = std::move(*queue);
    return {};
}

lambda::HttpReply LambdaWebhook::operator()(const lambda::HttpRequest& request) {
    if (request.method != "POST") return failure(405, "only POST is taken");
    if (request.body.size() > webhook::kMaxBodyBytes) return failure(413, "the body is too large");
    const std::lock_guard lock(mutex_);
    if (auto ready = set_up(); !ready) {
        spdlog::error("webhook: {}", ready.error().message);
        return failure(500, ready.error().message);
    }
    const webhook::Delivery delivery{.event = header(request, "x-github-event"),
                                     .delivery_id = header(request, "x-github-delivery"),
                                     .signature = header(request, "x-hub-signature-256"),
                                     .body = request.body};
    const auto verdict =
        webhook::judge_delivery(delivery, secret_, log_, webhook::DeliveryLog::Clock::now());
    const std::string id = util::printable(delivery.delivery_id);
    if (!verdict.push) {
        if (verdict.outcome == webhook::Outcome::Rejected || delivery.event == "push") {
            spdlog::warn("webhook delivery {}: {}", id, verdict.message);
        } else {
            spdlog::info("webhook delivery {}: {}", id, verdict.message);
        }
        return {.status = verdict.status, .body = webhook::answer_body(verdict, {})};
    }
    spdlog::info("webhook delivery {}: {}", id, verdict.message);
    return enqueue(verdict);
}

lambda::HttpReply LambdaWebhook::enqueue(const webhook::Verdict& verdict) {
    auto ids = templates_->list();
    if (!ids) {
        spdlog::error("webhook: {}: {}", templates_->describe(), ids.error().message);
        return failure(500, "cannot list the templates: " + ids.error().message);
    }
    std::vector<std::string> matched;
    for (const auto& id : *ids) {
        auto text = templates_->read(id);
        if (!text) {
            spdlog::warn("webhook: {}: {}", id, text.error().message);
            continue;
        }
        auto parsed = payload::parse_template(*text, id);
        if (!parsed || !webhook::push_matches(*parsed, *verdict.push)) continue;
        auto body = payload::template_as_json(*text, id);
        if (!body) continue;
        auto sent = queue_->send_message(*body);
        if (!sent) {
            spdlog::error("webhook: {}: {}", parsed->template_name, sent.error().message);
            return failure(500, "queueing " + parsed->template_name + ": " + sent.error().message);
        }
        spdlog::info("webhook: queued {} ({}) as SQS message {}", parsed->template_name, id,
                     util::printable(*sent));
        matched.push_back(parsed->template_name);
    }
    return {.status = verdict.status, .body = webhook::answer_body(verdict, matched)};
}

}  // namespace repo2s3::cli
