#include "repo2s3/aws/container_credentials.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "repo2s3/aws/credentials_json.hpp"
#include "repo2s3/aws/token_file.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/http/url.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::string_view kRelativeHost = "http://169.254.170.2";
constexpr std::chrono::seconds kTimeout{5};
constexpr int kAttempts = 3;
constexpr std::chrono::milliseconds kFirstPause{100};

std::string without_brackets(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return std::string(host);
}

// The endpoint's own message, when its error body is JSON with one.
std::string endpoint_message(std::string_view body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object()) return "";
    for (const char* key : {"message", "Message"}) {
        const auto found = json.find(key);
        if (found != json.end() && found->is_string())
            return found->get<std::string>().substr(0, 200);
    }
    return "";
}

Result<std::optional<std::string>> authorization(const util::EnvLookup& env) {
    std::optional<std::string> token;
    std::string setting;
    if (const auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
        setting = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
        auto read = read_token_file(*file, setting);
        if (!read) return util::unexpected(std::move(read.error()));
        token = std::move(*read);
    } else if ((token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN"))) {
        setting = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    }
    if (token && token->find_first_of("\r\n") != std::string::npos) {
        return fail(ErrorKind::Usage, "the token of " + setting + " contains a line break");
    }
    return token;
}

}  // namespace

bool is_allowed_container_host(std::string_view host) {
    if (host == "localhost") return true;
    const std::string bare = without_brackets(host);
    in_addr v4{};
    if (host == bare && inet_pton(AF_INET, bare.c_str(), &v4) == 1) {
        const auto address = ntohl(v4.s_addr);
        return (address >> 24) == 127 || bare == "169.254.170.2" || bare == "169.254.170.23";
    }
    in6_addr v6{};
    if (host != bare && inet_pton(AF_INET6, bare.c_str(), &v6) == 1) {
        in6_addr allowed{};
        for (const char* text : {"::1", "fd00:ec2::23"}) {
            if (inet_pton(AF_INET6, text, &allowed) == 1 &&
                std::memcmp(&v6, &allowed, sizeof v6) == 0) {
                return true;
            }
        }
    }
    return false;
}

Result<std::optional<std::string>> container_credentials_url(const util::EnvLookup& env) {
    if (auto relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
        if (!relative->starts_with('/')) relative->insert(0, "/");
        return std::optional(std::string(kRelativeHost) + *relative);
    }
    auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (!full) return std::optional<std::string>();
    const auto url = http::parse_url(*full);
    // User information may hold a password: such a URL is refused and never shown.
    const bool has_user_info = full->find('@') != std::string::npos;
    const std::string shown =
        "AWS_CONTAINER_CREDENTIALS_FULL_URI" + (has_user_info ? "" : "=" + http::redact_url(*full));
    if (!url || has_user_info) {
        return fail(ErrorKind::Usage,
                    shown + " is not an http(s) URL with a host (and no user information)");
    }
    if (url->scheme == "http" && !is_allowed_container_host(url->host)) {
        return fail(ErrorKind::Usage,
                    shown + " uses plain http to " + url->host +
                        "; use https, or a loopback address, 169.254.170.2, 169.254.170.23 "
                        "or [fd00:ec2::23]");
    }
    return full;
}

Result<Credentials> ContainerCredentials::credentials() {
    auto url = container_credentials_url(context_.env);
    if (!url) return util::unexpected(std::move(url.error()));
    if (!*url) {
        return fail(ErrorKind::NotFound,
                    "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
    }
    auto token = authorization(context_.env);
    if (!token) return util::unexpected(std::move(token.error()));

    http::Request request;
    request.url = **url;
    request.timeout = kTimeout;
    request.headers.set("Accept", "application/json");
    if (*token) request.headers.set("Authorization", **token);
    const std::string what = "container credentials from " + http::redact_url(**url);
    auto response = http::send_with_retries(
        *context_.http, [&] { return request; }, http::transient_failure,
        {.max_attempts = kAttempts, .base_delay = kFirstPause, .max_delay = kFirstPause * 4}, what);
    if (!response) return fail(response.error().kind, what + ": " + response.error().message);
    if (response->status != 200) {
        std::string text = what + ": HTTP " + std::to_string(response->status);
        const std::string message = endpoint_message(response->body);
        if (!message.empty()) text += ": " + message;
        const long status = response->status;
        const ErrorKind kind = status == 401 || status == 403 ? ErrorKind::Auth
                               : status >= 500                ? ErrorKind::Network
                                                              : ErrorKind::Http;
        return fail(kind, text);
    }
    return parse_credentials_json(response->body, "the document of " + what);
}

}  // namespace repo2s3::aws
