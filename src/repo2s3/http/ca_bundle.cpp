#include "repo2s3/http/ca_bundle.hpp"

#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace repo2s3::http {

std::optional<std::string> find_ca_bundle(const std::optional<std::string>& configured,
                                          const util::EnvLookup& env,
                                          const FileExists& file_exists) {
    if (configured && !configured->empty()) return configured;
    for (const char* variable : {"SSL_CERT_FILE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE"}) {
        if (auto value = env(variable)) return value;
    }
    static constexpr std::array<std::string_view, 2> kWellKnown = {
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
    };
    for (const auto path : kWellKnown) {
        if (file_exists(std::string(path))) return std::string(path);
    }
    return std::nullopt;
}

FileExists system_file_exists() {
    return [](const std::string& path) {
        std::error_code error;
        return std::filesystem::is_regular_file(path, error);
    };
}

}  // namespace repo2s3::http
