#pragma once
// The composition root: builds the real HTTP client, AWS credential chain, secrets loader and
// GitHub source once per process, and hands out an ObjectStore per bucket and the Slack
// notifier. Nothing here does network I/O until a command asks for something.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "repo2s3/alerts/notifier.hpp"
#include "repo2s3/aws/cloudfront.hpp"
#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/sqs_queue.hpp"
#include "repo2s3/config/alert_settings.hpp"
#include "repo2s3/github/github_source.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "repo2s3/github/private_key.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/secrets/secrets_cache.hpp"
#include "repo2s3/state/state_store.hpp"
#include "repo2s3/sync/apply.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::cli {

struct GitHubOptions {
    std::optional<std::string> private_key_file;  // --private-key-file
    std::chrono::milliseconds api_timeout{std::chrono::seconds(30)};
    /// The Starfleet configuration's AllowedGitHubApiUrls (github::api_base_url).
    std::vector<std::string> allowed_api_urls;
};

class Runtime {
  public:
    /// `secrets_location` says where Starfleet's secrets document is; by default it is read
    /// from the environment (REPO2S3_SECRETS_FILE, REPO2S3_SECRET_ID, REPO2S3_SECRET_REGION).
    /// The document is fetched on first use and again when older than 15 minutes.
    Runtime(util::EnvLookup env, GitHubOptions github_options,
            std::optional<secrets::SecretsLocation> secrets_location = std::nullopt);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    Runtime(Runtime&&) = delete;
    Runtime& operator=(Runtime&&) = delete;

    http::Client& http() { return *http_; }
    const util::EnvLookup& env() const { return env_; }
    /// The last run state of each destination this process saw, so that a warm process (watch,
    /// lambda) reads no state object when its own last run wrote it.
    state::StateMemory& state_memory() { return state_memory_; }
    github::GitHubSource& github() { return *github_; }
    /// Content-Type by file extension: the system MIME database with a built-in fallback.
    sync::ContentTypeFn content_type_for() const;
    /// An S3 client for the template's bucket: endpoint from AWS_ENDPOINT_URL_S3 or
    /// AWS_ENDPOINT_URL (path-style) or AWS's regional endpoint, region from BucketRegion. No
    /// request of it starts, and no retry waits, past `deadline`.
    Result<std::unique_ptr<s3::ObjectStore>> object_store(
        const payload::SyncTemplate& sync_template, const util::Deadline& deadline = {});

    /// A client of the SQS queue at `queue_url`: region from the URL (else AWS_REGION, else
    /// us-east-1), endpoint from AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL.
    Result<std::unique_ptr<aws::SqsQueue>> sqs_queue(const std::string& queue_url);

    /// A CloudFront client: endpoint from AWS_ENDPOINT_URL_CLOUDFRONT or AWS_ENDPOINT_URL, else
    /// CloudFront's global endpoint.
    Result<std::unique_ptr<aws::CloudFrontApi>> cloudfront();

    /// The Slack bot token: SLACK_TOKEN, else STARFLEET.SlackToken in Starfleet's secrets
    /// (loaded on first use, shared with the GitHub key lookup).
    Result<std::string> slack_token();
    /// The GitHub webhook secret: REPO2S3_WEBHOOK_SECRET, else STARFLEET.GitHubWebhookSecret in
    /// Starfleet's secrets.
    Result<std::string> webhook_secret();
    /// Where alerts go (webhook or chat.postMessage); null when the level is NONE.
    std::unique_ptr<alerts::Notifier> notifier(const config::AlertSettings& settings);

  private:
    util::EnvLookup env_;
    std::unique_ptr<http::Client> http_;
    std::shared_ptr<aws::CredentialsProvider> aws_credentials_;
    std::unique_ptr<secrets::SecretsCache> secrets_;
    github::TokenCache tokens_;
    std::unique_ptr<github::GitHubSource> github_;
    state::StateMemory state_memory_;
};

}  // namespace repo2s3::cli
