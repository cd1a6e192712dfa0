#include "repo2s3/webhook/signature.hpp"

#include <cctype>

#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/crypto/hmac.hpp"

namespace repo2s3::webhook {
namespace {

constexpr std::string_view kScheme = "sha256=";

}  // namespace

std::string signature_header(std::string_view secret, std::string_view body) {
    return std::string(kScheme) + crypto::hex_encode(crypto::hmac_sha256(secret, body));
}

bool signature_valid(std::string_view secret, std::string_view body, std::string_view header) {
    if (secret.empty() || !header.starts_with(kScheme)) return false;
    std::string given(header.substr(kScheme.size()));
    for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return crypto::constant_time_equal(given,
                                       signature_header(secret, body).substr(kScheme.size()));
}

}  // namespace repo2s3::webhook
