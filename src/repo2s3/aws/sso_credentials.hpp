#pragma once
// IAM Identity Center (SSO) profiles, as botocore reads them. A profile is one when it has
// sso_account_id or sso_role_name; it then needs both, with sso_start_url and sso_region from
// the profile (legacy) or from the `[sso-session NAME]` section its sso_session names (values
// given in both must agree). The access token is the one `aws sso login` left in
// ~/.aws/sso/cache/<SHA-1 hex of the session NAME, or of the start URL for legacy
// profiles>.json (accessToken, expiresAt); repo2s3 never logs in or refreshes that token
// itself. The token buys role credentials from the portal's GetRoleCredentials
// (GET /federation/credentials, unsigned, header x-amz-sso_bearer_token) at
// AWS_ENDPOINT_URL_SSO, else AWS_ENDPOINT_URL, else https://portal.sso.<sso_region>.amazonaws.com.

#include <optional>
#include <string>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/provider_context.hpp"
#include "repo2s3/aws/shared_profiles.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct SsoSettings {
    std::string profile;
    std::optional<std::string> session;  // the sso_session name; none for a legacy profile
    std::string start_url;
    std::string region;
    std::string account_id;
    std::string role_name;
};

/// The SSO settings of profile `name` (whose merged values are `values`), or nothing when it
/// is not an SSO profile.
/// Errors: ErrorKind::Usage naming the profile and the missing keys, an sso_session that names
/// no section, or a key whose profile and session values differ.
Result<std::optional<SsoSettings>> sso_settings(const SharedProfiles& profiles,
                                                const std::string& name,
                                                const ProfileValues& values);

/// The token cache file of `settings`: expand_path("~/.aws/sso/cache") + "/" + SHA-1 hex of
/// the session name (else the start URL) + ".json".
std::string sso_token_cache_file(const SsoSettings& settings, const util::EnvLookup& env);

/// Role credentials for `settings`, through context.http, at context.clock's time.
/// Errors: ErrorKind::Auth, saying to run `aws sso login --profile <profile>`, when the token
/// file is missing, not JSON or lacks accessToken/expiresAt, when the token has expired, and
/// when the portal answers 401 or 403; ErrorKind::Usage for a bad endpoint variable or region;
/// ErrorKind::Network / Http for other portal failures and an unreadable answer. Messages
/// name the profile, never the token or the credentials.
Result<Credentials> sso_credentials(const SsoSettings& settings, const ProviderContext& context);

}  // namespace repo2s3::aws
