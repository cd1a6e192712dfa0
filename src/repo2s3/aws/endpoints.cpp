#include "repo2s3/aws/endpoints.hpp"

#include <algorithm>
#include <string_view>

#include "repo2s3/util/ascii.hpp"

namespace repo2s3::aws {
namespace {

bool is_region_name(std::string_view region) {
    return !region.empty() && region.front() != '-' && region.back() != '-' &&
           std::all_of(region.begin(), region.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

bool is_valid_port(std::string_view port) {
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    const int number = std::stoi(std::string(port));
    return number >= 1 && number <= 65535;
}

// Why `url` cannot be an endpoint, or nothing when it can. On success `normalized` is the URL
// with a lower-case scheme and host and without a trailing '/'.
std::optional<std::string> endpoint_problem(std::string_view url, std::string& normalized) {
    if (std::any_of(url.begin(), url.end(),
                    [](unsigned char c) { return c <= ' ' || c == 0x7F; })) {
        return "it contains spaces or control characters";
    }
    const auto scheme_end = url.find("://");
    const std::string scheme =
        scheme_end == std::string_view::npos ? "" : util::ascii_lower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return "it must start with http:// or https://";
    const std::string_view rest = url.substr(scheme_end + 3);
    const auto authority_end = rest.find('/');
    const std::string_view authority = rest.substr(0, authority_end);
    std::string_view path =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (rest.find_first_of("?#") != std::string_view::npos) {
        return "it must not have a query or fragment";
    }
    if (authority.find('@') != std::string_view::npos)
        return "it must not contain user information";

    std::string_view host = authority;
    std::string_view port;
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (!is_valid_port(port)) return "its port must be a number from 1 to 65535";
    }
    if (host.empty() || host == "[]") return "it has no host";
    if (host.front() == '[' && host.back() != ']') return "its IPv6 address is not closed with ']'";

    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    normalized = scheme + "://" + util::ascii_lower(authority) + std::string(path);
    return std::nullopt;
}

// A custom endpoint from the first of `variables` that is set; nothing when none is.
Result<std::optional<std::string>> custom_endpoint(std::initializer_list<const char*> variables,
                                                   const util::EnvLookup& env) {
    const auto ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ignore && util::ascii_lower(*ignore) == "true") return std::optional<std::string>();
    for (const char* variable : variables) {
        const auto value = env(variable);
        if (!value) continue;
        std::string normalized;
        if (const auto problem = endpoint_problem(*value, normalized)) {
            const bool show = value->find('@') == std::string::npos;
            return fail(ErrorKind::Usage, std::string(variable) + (show ? "=" + *value : "") +
                                              " is not a usable endpoint URL: " + *problem);
        }
        return std::optional(std::move(normalized));
    }
    return std::optional<std::string>();
}

Result<ServiceEndpoint> resolve(std::initializer_list<const char*> variables,
                                std::string_view host_prefix, const std::string& region,
                                bool custom_path_style, const util::EnvLookup& env) {
    auto custom = custom_endpoint(variables, env);
    if (!custom) return util::unexpected(std::move(custom.error()));
    if (*custom) return ServiceEndpoint{std::move(**custom), custom_path_style};
    if (!is_region_name(region)) {
        return fail(ErrorKind::Usage, "'" + region +
                                          "' is not an AWS region name (such as us-east-1); set "
                                          "AWS_REGION or the template's region");
    }
    const std::string_view domain =
        region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return ServiceEndpoint{
        "https://" + std::string(host_prefix) + "." + region + "." + std::string(domain), false};
}

}  // namespace

Result<ServiceEndpoint> s3_endpoint(const std::string& region, const util::EnvLookup& env) {
    return resolve({"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}, "s3", region, true, env);
}

Result<ServiceEndpoint> secrets_manager_endpoint(const std::string& region,
                                                 const util::EnvLookup& env) {
    return resolve({"AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"}, "secretsmanager",
                   region, false, env);
}

Result<ServiceEndpoint> cloudfront_endpoint(const util::EnvLookup& env) {
    auto custom = custom_endpoint({"AWS_ENDPOINT_URL_CLOUDFRONT", "AWS_ENDPOINT_URL"}, env);
    if (!custom) return util::unexpected(std::move(custom.error()));
    if (*custom) return ServiceEndpoint{std::move(**custom), false};
    return ServiceEndpoint{"https://cloudfront.amazonaws.com", false};
}

Result<ServiceEndpoint> sts_endpoint(const std::string& region, const util::EnvLookup& env) {
    return resolve({"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}, "sts", region, false, env);
}

Result<ServiceEndpoint> sso_portal_endpoint(const std::string& region, const util::EnvLookup& env) {
    return resolve({"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL"}, "portal.sso", region, false, env);
}

Result<ServiceEndpoint> sqs_endpoint(const std::string& region, const util::EnvLookup& env) {
    return resolve({"AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL"}, "sqs", region, false, env);
}

std::optional<std::string> default_region(const util::EnvLookup& env) {
    if (auto region = env("AWS_REGION")) return region;
    return env("AWS_DEFAULT_REGION");
}

}  // namespace repo2s3::aws
