#include "repo2s3/aws/environment_credentials.hpp"

namespace repo2s3::aws {

Result<Credentials> EnvironmentCredentials::credentials() {
    auto access_key = env_("AWS_ACCESS_KEY_ID");
    auto secret_key = env_("AWS_SECRET_ACCESS_KEY");
    if (!access_key) {
        return fail(ErrorKind::NotFound,
                    secret_key ? "AWS_ACCESS_KEY_ID is not set (AWS_SECRET_ACCESS_KEY is)"
                               : "AWS_ACCESS_KEY_ID is not set");
    }
    if (!secret_key) {
        return fail(ErrorKind::Auth,
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or "
                    "unset AWS_ACCESS_KEY_ID to use a profile");
    }
    Credentials credentials;
    credentials.access_key_id = std::move(*access_key);
    credentials.secret_access_key = std::move(*secret_key);
    credentials.session_token =
        env_("AWS_SESSION_TOKEN").value_or(env_("AWS_SECURITY_TOKEN").value_or(""));
    return credentials;
}

}  // namespace repo2s3::aws
