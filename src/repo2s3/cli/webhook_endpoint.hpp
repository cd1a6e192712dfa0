#pragma once
// `watch --webhook-addr`: POST /webhooks/github judges each delivery (webhook/delivery.hpp),
// counts it, and asks the watcher to run the templates a push concerns.

#include <string>

#include "repo2s3/cli/runtime.hpp"
#include "repo2s3/schedule/http_listener.hpp"
#include "repo2s3/schedule/metrics.hpp"
#include "repo2s3/schedule/watcher.hpp"
#include "repo2s3/webhook/delivery.hpp"

namespace repo2s3::cli {

/// The webhook secret: the file's content (one trailing newline dropped), else the runtime's
/// (REPO2S3_WEBHOOK_SECRET, Starfleet's secrets). An empty or missing secret is a Usage error:
/// webhooks are never taken unsigned.
Result<std::string> load_webhook_secret(const std::optional<std::string>& secret_file,
                                        Runtime& runtime);

/// The route; `log` remembers delivery ids. Everything referenced must outlive the listener.
schedule::HttpRoute webhook_route(const std::string& secret, webhook::DeliveryLog& log,
                                  schedule::Watcher& watcher, schedule::Metrics& metrics);

}  // namespace repo2s3::cli
