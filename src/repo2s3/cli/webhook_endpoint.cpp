#include "repo2s3/cli/webhook_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "repo2s3/util/utf8.hpp"
#include "repo2s3/webhook/push_event.hpp"

namespace repo2s3::cli {

Result<std::string> load_webhook_secret(const std::optional<std::string>& secret_file,
                                        Runtime& runtime) {
    if (!secret_file) return runtime.webhook_secret();
    std::ifstream in(*secret_file, std::ios::binary);
    if (!in) {
        return fail(ErrorKind::Usage, "--webhook-secret-file: cannot read " + *secret_file);
    }
    std::ostringstream content;
    content << in.rdbuf();
    std::string secret = content.str();
    if (secret.ends_with('\n')) secret.pop_back();
    if (secret.ends_with('\r')) secret.pop_back();
    if (secret.empty()) {
        return fail(ErrorKind::Usage, "--webhook-secret-file: " + *secret_file + " is empty");
    }
    return secret;
}

schedule::HttpRoute webhook_route(const std::string& secret, webhook::DeliveryLog& log,
                                  schedule::Watcher& watcher, schedule::Metrics& metrics) {
    return {
        .method = "POST",
        .path = "/webhooks/github",
        .handle = [&secret, &log, &watcher, &metrics](const schedule::HttpExchange& exchange) {
            const webhook::Delivery delivery{.event = exchange.header("x-github-event"),
                                             .delivery_id = exchange.header("x-github-delivery"),
                                             .signature = exchange.header("x-hub-signature-256"),
                                             .body = exchange.body};
            const auto verdict =
                webhook::judge_delivery(delivery, secret, log, webhook::DeliveryLog::Clock::now());
            metrics.record_delivery(webhook::outcome_name(verdict.outcome));
            std::vector<std::string> matched;
            if (verdict.push) {
                matched = watcher.run_matching([&](const payload::SyncTemplate& sync_template) {
                    return webhook::push_matches(sync_template, *verdict.push);
                });
            }
            const std::string id = util::printable(delivery.delivery_id);
            switch (verdict.outcome) {
                case webhook::Outcome::Accepted:
                    spdlog::info("webhook delivery {}: {}: {} template(s) to run", id,
                                 verdict.message, matched.size());
                    break;
                case webhook::Outcome::Rejected:
                    spdlog::warn("webhook delivery {} rejected: {}", id, verdict.message);
                    break;
                case webhook::Outcome::Ignored:
                    if (delivery.event == "push") {
                        spdlog::warn("webhook delivery {}: {}", id, verdict.message);
                    } else {
                        spdlog::info("webhook delivery {}: {}", id, verdict.message);
                    }
                    break;
                case webhook::Outcome::Duplicate:
                    spdlog::info("webhook delivery {}: {}", id, verdict.message);
                    break;
            }
            return schedule::HttpAnswer{.status = verdict.status,
                                        .content_type = "application/json",
                                        .body = webhook::answer_body(verdict, matched)};
        }};
}

}  // namespace repo2s3::cli
