#pragma once
// The GitHub App JSON Web Token: RS256, issued 60 s in the past to absorb clock drift, expiring
// 9 minutes after that (GitHub allows at most 10), with the App ID as issuer.

#include <chrono>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

struct AppJwtClaims {
    std::string issuer;
    std::int64_t issued_at = 0;   // seconds since the epoch
    std::int64_t expires_at = 0;  // seconds since the epoch
};

AppJwtClaims app_jwt_claims(std::string_view app_id, std::chrono::system_clock::time_point now);

/// Signs the claims with the App's private key (PKCS#1 or PKCS#8 PEM). The error never
/// contains key material.
Result<std::string> make_app_jwt(std::string_view private_key_pem, const AppJwtClaims& claims);

}  // namespace repo2s3::github
