#include "repo2s3/github/app_jwt.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/rsa.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::github {

AppJwtClaims app_jwt_claims(std::string_view app_id, std::chrono::system_clock::time_point now) {
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return {std::string(app_id), seconds - 60, seconds - 60 + 540};
}

Result<std::string> make_app_jwt(std::string_view private_key_pem, const AppJwtClaims& claims) {
    const nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    const nlohmann::json payload = {
        {"iat", claims.issued_at}, {"exp", claims.expires_at}, {"iss", claims.issuer}};
    const std::string signing_input = crypto::base64url_encode(util::json_text(header)) + "." +
                                      crypto::base64url_encode(util::json_text(payload));
    auto signature = crypto::rs256_sign(private_key_pem, signing_input);
    if (!signature) {
        return fail(ErrorKind::Auth,
                    "cannot sign the GitHub App JWT: " + signature.error().message);
    }
    return signing_input + "." + crypto::base64url_encode(*signature);
}

}  // namespace repo2s3::github
