#pragma once
// Starfleet's secrets document, unchanged:
//   {"STARFLEET": {"SlackToken": "xoxb-...", "GitHubWebhookSecret": "..."},
//    "GitHubSyncWorker": {"<Organization>": "<the App's PEM private key>"}}
// Values are secrets: they never appear in errors or logs; names (organizations) may.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::secrets {

class StarfleetSecrets {
  public:
    /// `origin` names where the document came from, for messages ("secrets file /x",
    /// "Secrets Manager secret starfleet").
    static Result<StarfleetSecrets> parse(std::string_view json_text, std::string origin);

    /// The App private key stored under the exact, case-sensitive organization name. The error
    /// lists the organizations that are present.
    Result<std::string> github_private_key(const std::string& organization) const;
    std::optional<std::string> slack_token() const { return slack_token_; }
    /// The GitHub App's webhook secret (STARFLEET.GitHubWebhookSecret; repo2s3's addition).
    std::optional<std::string> webhook_secret() const { return webhook_secret_; }
    const std::string& origin() const { return origin_; }

  private:
    std::string origin_;
    std::map<std::string, std::string> github_keys_;
    std::optional<std::string> slack_token_;
    std::optional<std::string> webhook_secret_;
};

}  // namespace repo2s3::secrets
