#pragma once
// Which alerts go where, from flags, the environment and Starfleet's configuration; the first
// source that sets a value wins:
//   channel:  --alert-channel,  REPO2S3_ALERT_CHANNEL,
//   GitHubSyncWorkerShip.AlertConfiguration.ChannelId level:    --alert-priority,
//   REPO2S3_ALERT_PRIORITY, GitHubSyncWorkerShip.AlertConfiguration.AlertPriority
// The configuration file's values count only when its STARFLEET.SlackEnabled is true, as in
// Starfleet; flags and variables are explicit and always count. The default level is NONE.
// Transport: SLACK_WEBHOOK_URL when set (it posts to its own channel; no token needed), else
// chat.postMessage at SLACK_API_URL (default https://slack.com/api) with a bot token from
// SLACK_TOKEN or STARFLEET.SlackToken in Starfleet's secrets document.
//
// Starfleet's secrets document: REPO2S3_SECRETS_FILE; else the secret REPO2S3_SECRET_ID, or the
// file's STARFLEET.SecretsManager.SecretId; its region REPO2S3_SECRET_REGION, else the
// SecretRegion next to the file's SecretId, else AWS_REGION or AWS_DEFAULT_REGION.

#include <optional>
#include <string>

#include "repo2s3/alerts/priority.hpp"
#include "repo2s3/alerts/slack_web_api.hpp"
#include "repo2s3/config/starfleet_config.hpp"
#include "repo2s3/secrets/secrets_source.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::config {

/// --alert-channel and --alert-priority as given.
struct AlertFlags {
    std::optional<std::string> channel;
    std::optional<std::string> priority;
};

struct AlertSettings {
    alerts::Priority level = alerts::Priority::None;
    std::optional<std::string> channel;      // for chat.postMessage
    std::optional<std::string> webhook_url;  // SLACK_WEBHOOK_URL: a secret, never logged
    std::string api_url = std::string(alerts::kDefaultSlackApiUrl);

    bool enabled() const { return level != alerts::Priority::None; }
};

/// The settings, or a Usage error naming the flag, variable or file key at fault: an unknown
/// priority; a level above NONE with neither a channel nor a webhook; chat.postMessage with no
/// token source at all (neither SLACK_TOKEN nor a secrets location); an URL that is not
/// http(s). `config` may be null.
Result<AlertSettings> resolve_alert_settings(const AlertFlags& flags, const util::EnvLookup& env,
                                             const StarfleetConfig* config,
                                             const secrets::SecretsLocation& secrets);

/// Where Starfleet's secrets document is (see above). `config` may be null.
secrets::SecretsLocation resolve_secrets_location(const util::EnvLookup& env,
                                                  const StarfleetConfig* config);

}  // namespace repo2s3::config
