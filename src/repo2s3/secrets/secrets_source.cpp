#include "repo2s3/secrets/secrets_source.hpp"

#include <fstream>
#include <sstream>

namespace repo2s3::secrets {

SecretsLocation secrets_location_from_env(const util::EnvLookup& env) {
    SecretsLocation location;
    location.file = env("REPO2S3_SECRETS_FILE");
    location.secret_id = env("REPO2S3_SECRET_ID");
    location.region = env("REPO2S3_SECRET_REGION");
    if (!location.region) location.region = env("AWS_REGION");
    if (!location.region) location.region = env("AWS_DEFAULT_REGION");
    return location;
}

Result<std::optional<StarfleetSecrets>> load_starfleet_secrets(const SecretsLocation& location, const SecretFetcher& fetch) {
    if (location.file) {
        std::ifstream in(*location.file, std::ios::binary);
        if (!in) return fail(ErrorKind::Io, "secrets file " + *location.file + ": cannot be read");
        std::ostringstream text;
        text << in.rdbuf();
        auto parsed = StarfleetSecrets::parse(text.str(), "secrets file " + *location.file);
        if (!parsed) return util::unexpected(std::move(parsed.error()));
        return std::optional(std::move(*parsed));
    }
    if (location.secret_id) {
        if (!location.region) {
            return fail(ErrorKind::Usage, "Secrets Manager secret " + *location.secret_id +
                                              ": no region; set REPO2S3_SECRET_REGION or AWS_REGION");
        }
        auto text = fetch(*location.secret_id, *location.region);
        if (!text) return util::unexpected(std::move(text.error()));
        auto parsed = StarfleetSecrets::parse(*text, "Secrets Manager secret " + *location.secret_id);
        if (!parsed) return util::unexpected(std::move(parsed.error()));
        return std::optional(std::move(*parsed));
    }
    return std::optional<StarfleetSecrets>();
}

}  // namespace repo2s3::secrets
