#include "repo2s3/github/private_key.hpp"

#include <fstream>
#include <sstream>

namespace repo2s3::github {
namespace {

Result<PrivateKey> read_key_file(const std::string& path, const std::string& origin) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorKind::Auth, origin + " " + path + ": the private key file cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().find("PRIVATE KEY-----") == std::string::npos) {
        return fail(ErrorKind::Auth, origin + " " + path + ": not a PEM private key");
    }
    return PrivateKey{text.str()};
}

}  // namespace

std::string unescape_newlines(std::string text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
            result += '\n';
            ++i;
        } else {
            result += text[i];
        }
    }
    return result;
}

Result<PrivateKey> resolve_private_key(const std::optional<std::string>& key_file_option,
                                       const util::EnvLookup& env, const std::string& organization,
                                       const SecretsLoader& load_secrets) {
    if (key_file_option) return read_key_file(*key_file_option, "--private-key-file");
    if (const auto file = env("GITHUB_APP_PRIVATE_KEY_FILE")) {
        return read_key_file(*file, "GITHUB_APP_PRIVATE_KEY_FILE");
    }
    if (const auto pem = env("GITHUB_APP_PRIVATE_KEY")) {
        std::string key = unescape_newlines(*pem);
        if (key.find("PRIVATE KEY-----") == std::string::npos) {
            return fail(ErrorKind::Auth, "GITHUB_APP_PRIVATE_KEY does not hold a PEM private key");
        }
        return PrivateKey{std::move(key)};
    }
    auto secrets = load_secrets();
    if (!secrets) return util::unexpected(std::move(secrets.error()));
    if (!*secrets) {
        return fail(ErrorKind::Auth,
                    "no GitHub App private key: pass --private-key-file, or set "
                    "GITHUB_APP_PRIVATE_KEY_FILE, "
                    "GITHUB_APP_PRIVATE_KEY, REPO2S3_SECRETS_FILE or REPO2S3_SECRET_ID");
    }
    auto pem = (*secrets)->github_private_key(organization);
    if (!pem) return util::unexpected(std::move(pem.error()));
    return PrivateKey{std::move(*pem), true};
}

}  // namespace repo2s3::github
