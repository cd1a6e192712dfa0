#include "repo2s3/aws/sso_credentials.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/crypto/sha1.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/http/url.hpp"
#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::chrono::seconds kTimeout{10};
constexpr int kAttempts = 3;
constexpr std::chrono::milliseconds kFirstPause{200};
constexpr std::size_t kMaxTokenFileBytes = 1024 * 1024;

std::string login_hint(const std::string& profile) {
    return "; run `aws sso login --profile " + profile + "`";
}

// What the token is known by in messages: the session's name, or the start URL.
std::string token_owner(const SsoSettings& settings) {
    return settings.session ? "sso-session " + *settings.session
                            : "start URL " + settings.start_url;
}

struct Token {
    std::string access_token;  // never logged
    std::chrono::system_clock::time_point expires_at;
};

Result<Token> read_token(const SsoSettings& settings, const ProviderContext& context) {
    const std::string path = sso_token_cache_file(settings, context.env);
    const std::string where = "profile " + settings.profile +
                              ": the IAM Identity Center token of " + token_owner(settings) + " (" +
                              path + ")";
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(ErrorKind::Auth,
                    "profile " + settings.profile + ": no IAM Identity Center token for " +
                        token_owner(settings) + " in " + path + login_hint(settings.profile));
    }
    std::string text(kMaxTokenFileBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    const auto json = text.size() > kMaxTokenFileBytes
                          ? nlohmann::json()
                          : nlohmann::json::parse(text, nullptr, false);
    const auto access = json.is_object() ? json.find("accessToken") : json.end();
    const auto expires = json.is_object() ? json.find("expiresAt") : json.end();
    if (!json.is_object() || access == json.end() || !access->is_string() ||
        access->get_ref<const std::string&>().empty() || expires == json.end() ||
        !expires->is_string()) {
        return fail(ErrorKind::Auth, where +
                                         " is not a cached token with accessToken and expiresAt" +
                                         login_hint(settings.profile));
    }
    const auto expires_at = util::parse_iso8601(expires->get<std::string>());
    if (!expires_at) {
        return fail(ErrorKind::Auth,
                    where + " has an unreadable expiresAt" + login_hint(settings.profile));
    }
    if (*expires_at <= context.clock()) {
        return fail(ErrorKind::Auth, where + " expired at " + util::format_iso8601(*expires_at) +
                                         login_hint(settings.profile));
    }
    return Token{access->get<std::string>(), *expires_at};
}

Result<Credentials> parse_role_credentials(std::string_view body, const std::string& where) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const auto role = json.is_object() ? json.find("roleCredentials") : json.end();
    if (role == json.end() || !role->is_object()) {
        return fail(ErrorKind::Http, where + ": the answer has no roleCredentials object");
    }
    Credentials credentials;
    const std::pair<const char*, std::string*> fields[] = {
        {"accessKeyId", &credentials.access_key_id},
        {"secretAccessKey", &credentials.secret_access_key},
        {"sessionToken", &credentials.session_token}};
    for (const auto& [key, value] : fields) {
        const auto found = role->find(key);
        if (found == role->end() || !found->is_string() ||
            found->get_ref<const std::string&>().empty()) {
            return fail(ErrorKind::Http, where + ": the answer has no " + key);
        }
        *value = found->get<std::string>();
        if (value->find_first_of("\r\n") != std::string::npos) {
            return fail(ErrorKind::Http, where + ": " + key + " in the answer spans several lines");
        }
    }
    const auto expiration = role->find("expiration");
    if (expiration == role->end() || !expiration->is_number_integer()) {
        return fail(ErrorKind::Http, where + ": the answer has no expiration in milliseconds");
    }
    credentials.expiration =
        util::time_point_from_seconds(std::chrono::seconds(expiration->get<long long>() / 1000));
    if (!credentials.expiration) {
        return fail(ErrorKind::Http, where + ": the answer's expiration is out of range");
    }
    return credentials;
}

// The portal's own message, when its error body is JSON with one.
std::string portal_message(std::string_view body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object()) return "";
    for (const char* key : {"message", "Message"}) {
        const auto found = json.find(key);
        if (found != json.end() && found->is_string()) {
            return found->get<std::string>().substr(0, 200);
        }
    }
    return "";
}

}  // namespace

Result<std::optional<SsoSettings>> sso_settings(const SharedProfiles& profiles,
                                                const std::string& name,
                                                const ProfileValues& values) {
    if (!values.contains("sso_account_id") && !values.contains("sso_role_name")) {
        return std::optional<SsoSettings>();
    }
    ProfileValues resolved = values;
    std::vector<std::string> required = {"sso_role_name", "sso_account_id", "sso_start_url",
                                         "sso_region"};
    std::optional<std::string> session;
    if (const auto named = values.find("sso_session"); named != values.end()) {
        session = named->second;
        const ProfileValues* section = profiles.sso_session(*session);
        if (section == nullptr) {
            return fail(ErrorKind::Usage, "profile " + name + " names sso_session " + *session +
                                              ", which has no [sso-session " + *session +
                                              "] section in " + profiles.paths.config);
        }
        for (const auto& [key, value] : *section) {
            const auto own = resolved.find(key);
            if (own != resolved.end() && own->second != value) {
                return fail(ErrorKind::Usage, "profile " + name + " and sso-session " + *session +
                                                  " give different values of " + key);
            }
            resolved[key] = value;
        }
        required.push_back("sso_session");
    }
    std::string missing;
    for (const auto& key : required) {
        if (resolved.contains(key)) continue;
        missing += (missing.empty() ? "" : ", ") + key;
    }
    if (!missing.empty()) {
        return fail(ErrorKind::Usage,
                    "profile " + name + " is set up for IAM Identity Center but has no " + missing);
    }
    return std::optional(SsoSettings{name, session, resolved["sso_start_url"],
                                     resolved["sso_region"], resolved["sso_account_id"],
                                     resolved["sso_role_name"]});
}

std::string sso_token_cache_file(const SsoSettings& settings, const util::EnvLookup& env) {
    const std::string& key = settings.session ? *settings.session : settings.start_url;
    return expand_path("~/.aws/sso/cache", env) + "/" + crypto::sha1_hex(key) + ".json";
}

Result<Credentials> sso_credentials(const SsoSettings& settings, const ProviderContext& context) {
    const std::string where = "profile " + settings.profile + ": IAM Identity Center";
    auto token = read_token(settings, context);
    if (!token) return util::unexpected(std::move(token.error()));
    auto endpoint = sso_portal_endpoint(settings.region, context.env);
    if (!endpoint) {
        return fail(endpoint.error().kind,
                    where + " (sso_region " + settings.region + "): " + endpoint.error().message);
    }
    http::Request request;
    request.url = endpoint->url + "/federation/credentials?account_id=" +
                  http::percent_encode(settings.account_id, false) +
                  "&role_name=" + http::percent_encode(settings.role_name, false);
    request.timeout = kTimeout;
    request.headers.set("Accept", "application/json");
    request.headers.set("x-amz-sso_bearer_token", token->access_token);
    const std::string what = where + " GetRoleCredentials at " + endpoint->url;
    auto response = http::send_with_retries(
        *context.http, [&] { return request; }, http::transient_failure,
        {.max_attempts = kAttempts, .base_delay = kFirstPause, .max_delay = kFirstPause * 4}, what);
    if (!response) return fail(response.error().kind, what + ": " + response.error().message);
    if (response->status == 401 || response->status == 403) {
        return fail(ErrorKind::Auth, what + ": HTTP " + std::to_string(response->status) +
                                         ", the token of " + token_owner(settings) +
                                         " is no longer accepted" + login_hint(settings.profile));
    }
    if (response->status != 200) {
        std::string text = what + ": HTTP " + std::to_string(response->status);
        const std::string message = portal_message(response->body);
        if (!message.empty()) text += ": " + message;
        return fail(response->status >= 500 ? ErrorKind::Network : ErrorKind::Http, text);
    }
    return parse_role_credentials(response->body, what);
}

}  // namespace repo2s3::aws
