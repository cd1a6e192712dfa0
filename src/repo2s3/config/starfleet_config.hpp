#pragma once
// Starfleet's configuration YAML, as existing deployments write it. repo2s3 reads these keys
// and ignores every other one:
//
//   STARFLEET:
//     SlackEnabled: true            # default false; when false the AlertConfiguration is off
//     SecretsManager:               # where Starfleet's secrets JSON lives; both keys required
//       SecretId: starfleet-secrets
//       SecretRegion: us-east-2
//   GitHubSyncWorkerShip:
//     AlertConfiguration:           # both keys required
//       ChannelId: C0123ABCD
//       AlertPriority: IMPORTANT    # NONE, PROBLEM, IMPORTANT, SUCCESS, INFORMATIONAL; any case
//     AllowedGitHubApiUrls:         # repo2s3's own: API URLs a template's GitHubApiUrl may name
//       - https://github.example.com/api/v3
//
// As in Starfleet, a key written twice takes its last value, and a directory stands for all
// its *.yaml files merged at the top level (here in name order; a section that two files
// define is an error, since Starfleet's merge order was unspecified).
// Every error is one line of kind Usage that names the file and the key, e.g.
//   starfleet.yaml: GitHubSyncWorkerShip.AlertConfiguration.AlertPriority: expected one of
//   NONE, PROBLEM, IMPORTANT, SUCCESS, INFORMATIONAL, got "LOUD"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/alerts/priority.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::config {

struct StarfleetConfig {
    std::string origin;  // the file or directory, for messages
    bool slack_enabled = false;
    std::optional<std::string> alert_channel;          // AlertConfiguration.ChannelId
    std::optional<alerts::Priority> alert_priority;    // AlertConfiguration.AlertPriority
    std::optional<std::string> secret_id;              // SecretsManager.SecretId
    std::optional<std::string> secret_region;          // SecretsManager.SecretRegion
    std::vector<std::string> allowed_github_api_urls;  // AllowedGitHubApiUrls
};

/// Parses one configuration document; `source_name` starts every error.
Result<StarfleetConfig> parse_starfleet_config(std::string_view text, std::string_view source_name);

/// Reads a configuration file (at most 1 MiB), or a directory of them (see above).
Result<StarfleetConfig> load_starfleet_config(const std::string& path);

}  // namespace repo2s3::config
