#pragma once
// Where Starfleet's secrets document comes from: a local file, or AWS Secrets Manager.

#include <functional>
#include <optional>
#include <string>

#include "repo2s3/secrets/starfleet_secrets.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::secrets {

struct SecretsLocation {
    std::optional<std::string> file;       // REPO2S3_SECRETS_FILE
    std::optional<std::string> secret_id;  // REPO2S3_SECRET_ID, or STARFLEET.SecretsManager.SecretId
    std::optional<std::string> region;     // REPO2S3_SECRET_REGION, or the AWS region

    bool configured() const { return file || secret_id; }
};

/// Reads the location from the environment: REPO2S3_SECRETS_FILE, REPO2S3_SECRET_ID,
/// REPO2S3_SECRET_REGION (else AWS_REGION, else AWS_DEFAULT_REGION).
SecretsLocation secrets_location_from_env(const util::EnvLookup& env);

/// Fetches a secret's SecretString: (secret id, region) → text.
using SecretFetcher = std::function<Result<std::string>(const std::string& secret_id, const std::string& region)>;

/// Loads the document from the file when one is named, else from Secrets Manager; nothing
/// when neither is configured.
Result<std::optional<StarfleetSecrets>> load_starfleet_secrets(const SecretsLocation& location, const SecretFetcher& fetch);

}  // namespace repo2s3::secrets
