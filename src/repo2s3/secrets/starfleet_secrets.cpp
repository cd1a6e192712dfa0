#include "repo2s3/secrets/starfleet_secrets.hpp"

#include <nlohmann/json.hpp>

namespace repo2s3::secrets {

Result<StarfleetSecrets> StarfleetSecrets::parse(std::string_view json_text, std::string origin) {
    // Parse errors from nlohmann quote the input; the input is secret, so only the position is
    // kept.
    const auto json = nlohmann::json::parse(json_text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::Usage,
                    origin + ": not a JSON object (expected Starfleet's secrets document)");
    }
    StarfleetSecrets secrets;
    secrets.origin_ = std::move(origin);
    if (const auto starfleet = json.find("STARFLEET");
        starfleet != json.end() && starfleet->is_object()) {
        const auto token = starfleet->find("SlackToken");
        if (token != starfleet->end() && token->is_string() && !token->get<std::string>().empty()) {
            secrets.slack_token_ = token->get<std::string>();
        }
        const auto webhook = starfleet->find("GitHubWebhookSecret");
        if (webhook != starfleet->end() && webhook->is_string() &&
            !webhook->get<std::string>().empty()) {
            secrets.webhook_secret_ = webhook->get<std::string>();
        }
    }
    if (const auto worker = json.find("GitHubSyncWorker"); worker != json.end()) {
        if (!worker->is_object()) {
            return fail(ErrorKind::Usage,
                        secrets.origin_ +
                            ": GitHubSyncWorker must be an object of organization → private key");
        }
        for (const auto& [organization, key] : worker->items()) {
            if (!key.is_string()) {
                return fail(ErrorKind::Usage, secrets.origin_ + ": GitHubSyncWorker." +
                                                  organization + " must be a string");
            }
            secrets.github_keys_.emplace(organization, key.get<std::string>());
        }
    }
    return secrets;
}

Result<std::string> StarfleetSecrets::github_private_key(const std::string& organization) const {
    const auto found = github_keys_.find(organization);
    if (found != github_keys_.end()) return found->second;
    std::string present;
    for (const auto& [name, key] : github_keys_) present += (present.empty() ? "" : ", ") + name;
    return fail(
        ErrorKind::Auth,
        origin_ + " has no GitHub App private key for organization \"" + organization +
            "\" under GitHubSyncWorker (names are case-sensitive); organizations present: " +
            (present.empty() ? "none" : present));
}

}  // namespace repo2s3::secrets
