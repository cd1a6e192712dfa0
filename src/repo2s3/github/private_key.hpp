#pragma once
// Finds the GitHub App private key. First match wins:
//   1. --private-key-file, or GITHUB_APP_PRIVATE_KEY_FILE
//   2. GITHUB_APP_PRIVATE_KEY (PEM text; literal "\n" escapes are accepted)
//   3. Starfleet's secrets document, GitHubSyncWorker.<Organization>

#include <functional>
#include <optional>
#include <string>

#include "repo2s3/secrets/starfleet_secrets.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

/// Returns the secrets document, nothing when none is configured, or why it cannot be loaded.
using SecretsLoader = std::function<Result<std::optional<secrets::StarfleetSecrets>>()>;

/// Replaces the two-character sequence "\n" with a newline, for keys passed through
/// environment variables that cannot hold line breaks.
std::string unescape_newlines(std::string text);

struct PrivateKey {
    std::string pem;  // never logged
    /// Taken from Starfleet's secrets document, which may have been rotated since it was
    /// fetched: worth fetching again when GitHub refuses the key.
    bool from_secrets = false;
};

Result<PrivateKey> resolve_private_key(const std::optional<std::string>& key_file_option,
                                       const util::EnvLookup& env, const std::string& organization,
                                       const SecretsLoader& load_secrets);

}  // namespace repo2s3::github
