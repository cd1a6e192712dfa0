#include "repo2s3/cli/runtime.hpp"

#include "repo2s3/aws/credentials_chain.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/aws/secrets_manager.hpp"
#include "repo2s3/github/private_key.hpp"
#include "repo2s3/http/curl_client.hpp"
#include "repo2s3/s3/s3_bucket.hpp"
#include "repo2s3/secrets/secrets_source.hpp"
#include "repo2s3/util/mime_types.hpp"

namespace repo2s3::cli {
namespace {

/// Loads Starfleet's secrets document on first use only: most runs find the key elsewhere.
github::SecretsLoader lazy_secrets_loader(const util::EnvLookup& env,
                                          secrets::SecretFetcher fetch) {
    return [location = secrets::secrets_location_from_env(env), fetch = std::move(fetch)] {
        return secrets::load_starfleet_secrets(location, fetch);
    };
}

}  // namespace

Runtime::Runtime(util::EnvLookup env, GitHubOptions github_options)
    : env_(std::move(env)),
      http_(std::make_unique<http::CurlClient>(
          http::CurlClientOptions{.user_agent = http::default_user_agent()})),
      aws_credentials_(aws::default_credentials_chain(env_, *http_)) {
    auto load_secrets =
        lazy_secrets_loader(env_, aws::make_secret_fetcher(*http_, aws_credentials_, env_));
    github::PrivateKeyProvider private_key =
        [env = env_, file = github_options.private_key_file,
         load_secrets = std::move(load_secrets)](const std::string& organization) {
            return github::resolve_private_key(file, env, organization, load_secrets);
        };
    github_ = std::make_unique<github::GitHubSource>(
        *http_, tokens_, std::move(private_key), [] { return std::chrono::system_clock::now(); },
        env_, github_options.api_timeout);
}

Runtime::~Runtime() = default;

sync::ContentTypeFn Runtime::content_type_for() const {
    return [](std::string_view path) { return util::default_mime_types().content_type(path); };
}

Result<std::unique_ptr<s3::ObjectStore>> Runtime::object_store(
    const payload::SyncTemplate& sync_template) {
    auto endpoint = aws::s3_endpoint(sync_template.bucket_region, env_);
    if (!endpoint) return util::unexpected(std::move(endpoint.error()));
    s3::S3Location location{.bucket = sync_template.bucket_name,
                            .region = sync_template.bucket_region,
                            .endpoint = endpoint->url,
                            .path_style = endpoint->path_style};
    return std::unique_ptr<s3::ObjectStore>(
        std::make_unique<s3::S3Bucket>(*http_, aws_credentials_, std::move(location)));
}

}  // namespace repo2s3::cli
