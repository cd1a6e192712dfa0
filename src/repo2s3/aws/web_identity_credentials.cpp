#include "repo2s3/aws/web_identity_credentials.hpp"

#include "repo2s3/aws/shared_profiles.hpp"
#include "repo2s3/aws/token_file.hpp"

namespace repo2s3::aws {

Result<Credentials> web_identity_credentials(const ProviderContext& context,
                                             const WebIdentitySettings& settings,
                                             const StsTarget& target) {
    auto token = read_token_file(settings.token_file, settings.token_file_setting);
    if (!token) return util::unexpected(std::move(token.error()));
    AssumeRoleRequest request{settings.role_arn, settings.session_name, std::nullopt,
                              settings.duration_seconds};
    if (request.session_name.empty()) request.session_name = default_session_name(context.clock());
    return assume_role_with_web_identity(*context.http, target, *token, request);
}

Result<Credentials> WebIdentityCredentials::credentials() {
    const util::EnvLookup& env = context_.env;
    auto token_file = env("AWS_WEB_IDENTITY_TOKEN_FILE");
    if (!token_file) return fail(ErrorKind::NotFound, "AWS_WEB_IDENTITY_TOKEN_FILE is not set");
    auto role_arn = env("AWS_ROLE_ARN");
    if (!role_arn) {
        return fail(ErrorKind::Auth,
                    "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set the ARN of "
                    "the role to assume");
    }
    auto target = sts_target(env, selected_profile_region(env));
    if (!target) return util::unexpected(std::move(target.error()));
    return web_identity_credentials(
        context_,
        {std::move(*token_file), std::move(*role_arn), env("AWS_ROLE_SESSION_NAME").value_or(""),
         std::nullopt, "AWS_WEB_IDENTITY_TOKEN_FILE"},
        *target);
}

}  // namespace repo2s3::aws
