#include "repo2s3/cli/runtime.hpp"

#include "repo2s3/alerts/slack_web_api.hpp"
#include "repo2s3/alerts/slack_webhook.hpp"
#include "repo2s3/aws/credentials_chain.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/aws/secrets_manager.hpp"
#include "repo2s3/github/private_key.hpp"
#include "repo2s3/http/curl_client.hpp"
#include "repo2s3/s3/s3_bucket.hpp"
#include "repo2s3/secrets/secrets_source.hpp"
#include "repo2s3/util/mime_types.hpp"

namespace repo2s3::cli {
Runtime::Runtime(util::EnvLookup env, GitHubOptions github_options,
                 std::optional<secrets::SecretsLocation> secrets_location)
    : env_(std::move(env)),
      http_(std::make_unique<http::CurlClient>(
          http::CurlClientOptions{.user_agent = http::default_user_agent()})),
      aws_credentials_(aws::default_credentials_chain(env_, *http_)),
      secrets_(std::make_unique<secrets::SecretsCache>(
          secrets_location.value_or(secrets::secrets_location_from_env(env_)),
          aws::make_secret_fetcher(*http_, aws_credentials_, env_))) {
    github::PrivateKeyProvider private_key = [this, file = github_options.private_key_file](
                                                 const std::string& organization, bool refetch) {
        if (refetch) secrets_->forget();
        return github::resolve_private_key(file, env_, organization,
                                           [this] { return secrets_->get(); });
    };
    github_ = std::make_unique<github::GitHubSource>(
        *http_, tokens_, std::move(private_key), [] { return std::chrono::system_clock::now(); },
        env_,
        github::GitHubSourceOptions{
            .api_timeout = github_options.api_timeout,
            .allowed_api_urls = std::move(github_options.allowed_api_urls)});
}

Runtime::~Runtime() = default;

sync::ContentTypeFn Runtime::content_type_for() const {
    return [](std::string_view path) { return util::default_mime_types().content_type(path); };
}

Result<std::unique_ptr<s3::ObjectStore>> Runtime::object_store(
    const payload::SyncTemplate& sync_template, const util::Deadline& deadline) {
    auto endpoint = aws::s3_endpoint(sync_template.bucket_region, env_);
    if (!endpoint) return util::unexpected(std::move(endpoint.error()));
    s3::S3Location location{.bucket = sync_template.bucket_name,
                            .region = sync_template.bucket_region,
                            .endpoint = endpoint->url,
                            .path_style = endpoint->path_style};
    return std::unique_ptr<s3::ObjectStore>(std::make_unique<s3::S3Bucket>(
        *http_, aws_credentials_, std::move(location), s3::S3Options{.deadline = deadline}));
}

Result<std::unique_ptr<aws::SqsQueue>> Runtime::sqs_queue(const std::string& queue_url) {
    std::string region = aws::queue_region(queue_url);
    if (region.empty()) region = aws::default_region(env_).value_or("us-east-1");
    auto endpoint = aws::sqs_endpoint(region, env_);
    if (!endpoint) return util::unexpected(std::move(endpoint.error()));
    return std::make_unique<aws::SqsQueue>(*http_, aws_credentials_, std::move(*endpoint),
                                           std::move(region), queue_url);
}

Result<std::unique_ptr<aws::CloudFrontApi>> Runtime::cloudfront() {
    auto endpoint = aws::cloudfront_endpoint(env_);
    if (!endpoint) return util::unexpected(std::move(endpoint.error()));
    return std::unique_ptr<aws::CloudFrontApi>(
        std::make_unique<aws::CloudFrontClient>(*http_, aws_credentials_, std::move(*endpoint)));
}

Result<std::string> Runtime::slack_token() {
    if (auto token = env_("SLACK_TOKEN")) return *token;
    auto document = secrets_->get();
    if (!document) return util::unexpected(std::move(document.error()));
    if (!*document) {
        return fail(ErrorKind::Auth,
                    "no Slack token: set SLACK_TOKEN or STARFLEET.SlackToken in "
                    "Starfleet's secrets");
    }
    if (auto token = (*document)->slack_token()) return *token;
    return fail(ErrorKind::Auth, (*document)->origin() +
                                     " has no STARFLEET.SlackToken; set it, or "
                                     "set SLACK_TOKEN");
}

Result<std::string> Runtime::webhook_secret() {
    if (auto secret = env_("REPO2S3_WEBHOOK_SECRET"); secret && !secret->empty()) return *secret;
    auto document = secrets_->get();
    if (!document) return util::unexpected(std::move(document.error()));
    if (*document) {
        if (auto secret = (*document)->webhook_secret()) return *secret;
    }
    return fail(ErrorKind::Usage,
                "no webhook secret: give --webhook-secret-file, set REPO2S3_WEBHOOK_SECRET, or "
                "put STARFLEET.GitHubWebhookSecret in Starfleet's secrets");
}

std::unique_ptr<alerts::Notifier> Runtime::notifier(const config::AlertSettings& settings) {
    if (!settings.enabled()) return nullptr;
    if (settings.webhook_url) {
        return std::make_unique<alerts::SlackWebhook>(*http_, *settings.webhook_url);
    }
    return std::make_unique<alerts::SlackWebApi>(
        *http_, [this] { return slack_token(); },
        alerts::SlackWebApiConfig{.api_url = settings.api_url,
                                  .channel = settings.channel.value_or("")});
}

}  // namespace repo2s3::cli
