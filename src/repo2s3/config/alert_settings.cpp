#include "repo2s3/config/alert_settings.hpp"

#include "repo2s3/http/url.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::config {
namespace {

Result<std::optional<alerts::Priority>> parse_level(const std::optional<std::string>& text,
                                                    std::string_view source) {
    if (!text) return std::optional<alerts::Priority>();
    const auto level = alerts::parse_priority(*text);
    if (!level) {
        return fail(ErrorKind::Usage, std::string(source) + ": expected one of " +
                                          std::string(alerts::priority_names()) + ", got \"" +
                                          util::printable(*text) + "\"");
    }
    return level;
}

}  // namespace

Result<AlertSettings> resolve_alert_settings(const AlertFlags& flags, const util::EnvLookup& env,
                                             const StarfleetConfig* config,
                                             const secrets::SecretsLocation& secrets) {
    const bool use_file = config != nullptr && config->slack_enabled;
    AlertSettings settings;

    auto flag_level = parse_level(flags.priority, "--alert-priority");
    if (!flag_level) return util::unexpected(std::move(flag_level.error()));
    auto env_level = parse_level(env("REPO2S3_ALERT_PRIORITY"), "REPO2S3_ALERT_PRIORITY");
    if (!env_level) return util::unexpected(std::move(env_level.error()));
    if (*flag_level) {
        settings.level = **flag_level;
    } else if (*env_level) {
        settings.level = **env_level;
    } else if (use_file && config->alert_priority) {
        settings.level = *config->alert_priority;
    }

    if (flags.channel && !flags.channel->empty()) {
        settings.channel = flags.channel;
    } else if (auto channel = env("REPO2S3_ALERT_CHANNEL")) {
        settings.channel = std::move(channel);
    } else if (use_file) {
        settings.channel = config->alert_channel;
    }

    settings.webhook_url = env("SLACK_WEBHOOK_URL");
    if (settings.webhook_url && !http::parse_url(*settings.webhook_url)) {
        // The value is a secret: say what is wrong, not what it is.
        return fail(ErrorKind::Usage, "SLACK_WEBHOOK_URL: not an http or https URL");
    }
    if (auto api_url = env("SLACK_API_URL")) {
        if (!http::parse_url(*api_url)) {
            return fail(ErrorKind::Usage, "SLACK_API_URL: not an http or https URL: \"" +
                                              util::printable(*api_url) + "\"");
        }
        settings.api_url = std::move(*api_url);
    }

    if (!settings.enabled() || settings.webhook_url) return settings;
    const std::string level(alerts::priority_name(settings.level));
    if (!settings.channel) {
        return fail(ErrorKind::Usage,
                    "alerts at " + level +
                        " need a Slack channel: give --alert-channel, REPO2S3_ALERT_CHANNEL or "
                        "GitHubSyncWorkerShip.AlertConfiguration.ChannelId in --config, or set "
                        "SLACK_WEBHOOK_URL");
    }
    if (!env("SLACK_TOKEN") && !secrets.configured()) {
        return fail(ErrorKind::Usage,
                    "alerts at " + level +
                        " need a Slack bot token: set SLACK_TOKEN, or keep STARFLEET.SlackToken "
                        "in Starfleet's secrets (REPO2S3_SECRETS_FILE, REPO2S3_SECRET_ID or "
                        "STARFLEET.SecretsManager in --config); or set SLACK_WEBHOOK_URL");
    }
    return settings;
}

secrets::SecretsLocation resolve_secrets_location(const util::EnvLookup& env,
                                                  const StarfleetConfig* config) {
    secrets::SecretsLocation location = secrets::secrets_location_from_env(env);
    if (location.file || location.secret_id || config == nullptr || !config->secret_id) {
        return location;
    }
    location.secret_id = config->secret_id;
    if (!env("REPO2S3_SECRET_REGION") && config->secret_region) {
        location.region = config->secret_region;
    }
    return location;
}

}  // namespace repo2s3::config
