#pragma once
// Installation access tokens, narrowed to one repository with read access to its contents,
// and cached until shortly before they expire.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "repo2s3/github/api.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

struct InstallationToken {
    std::string token;  // never logged
    std::chrono::system_clock::time_point expires_at;
};

struct TokenRequest {
    std::string app_id;
    std::string installation_id;
    std::string organization;
    std::string repository;  // the token is narrowed to this repository, contents: read
};

/// Parses GitHub's "2016-07-11T22:14:10Z"; nothing for an instant system_clock cannot hold.
std::optional<std::chrono::system_clock::time_point> parse_github_time(std::string_view text);

/// POST /app/installations/{id}/access_tokens with the App JWT. The errors say what to check:
/// the key, App ID and clock on 401; the installation ID on 404; the App's repository access on
/// 422.
Result<InstallationToken> create_installation_token(http::Client& client, const ApiConfig& config,
                                                    const TokenRequest& request,
                                                    const std::string& app_jwt);

/// Tokens per (API base, App, installation, repository). The repository is part of the key
/// because each token is narrowed to one repository.
class TokenCache {
  public:
    /// A token is reused until `refresh_margin` before it expires.
    explicit TokenCache(std::chrono::seconds refresh_margin = std::chrono::minutes(5))
        : refresh_margin_(refresh_margin) {}

    std::optional<InstallationToken> find(const std::string& api, const TokenRequest& request,
                                          std::chrono::system_clock::time_point now) const;
    void store(const std::string& api, const TokenRequest& request, InstallationToken token);

  private:
    using Key = std::tuple<std::string, std::string, std::string, std::string>;
    static Key key_of(const std::string& api, const TokenRequest& request);

    std::chrono::seconds refresh_margin_;
    mutable std::mutex mutex_;
    std::map<Key, InstallationToken> tokens_;
};

}  // namespace repo2s3::github
