#pragma once
// Which CA certificate bundle TLS connections trust. A pure function so that the order of the
// sources can be tested without touching the process environment or the file system.

#include <functional>
#include <optional>
#include <string>

#include "repo2s3/util/env.hpp"

namespace repo2s3::http {

using FileExists = std::function<bool(const std::string& path)>;

/// The CA bundle to use, first match wins: `configured`; the environment variables
/// SSL_CERT_FILE, CURL_CA_BUNDLE, AWS_CA_BUNDLE (taken as given, so a wrong path fails loudly);
/// the first existing of /etc/ssl/certs/ca-certificates.crt (Debian, Ubuntu, Alpine) and
/// /etc/pki/tls/certs/ca-bundle.crt (Amazon Linux, Fedora). Nothing when none applies, which
/// leaves libcurl's built-in default.
std::optional<std::string> find_ca_bundle(const std::optional<std::string>& configured,
                                          const util::EnvLookup& env,
                                          const FileExists& file_exists);

/// A FileExists that asks the file system (regular files only).
FileExists system_file_exists();

}  // namespace repo2s3::http
