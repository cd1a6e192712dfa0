#include "repo2s3/aws/credentials_json.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::aws {
namespace {

std::optional<std::string> string_field(const nlohmann::json& json, const char* key) {
    const auto found = json.find(key);
    if (found == json.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
}

}  // namespace

Result<Credentials> parse_credentials_json(std::string_view body, const std::string& what) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object()) return fail(ErrorKind::Http, what + " is not a JSON object");
    if (const auto code = string_field(json, "Code"); code && *code != "Success") {
        return fail(ErrorKind::Auth, what + " reports Code \"" + code->substr(0, 64) + "\"");
    }
    Credentials credentials;
    const std::pair<const char*, std::string*> required[] = {
        {"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key}};
    for (const auto& [key, value] : required) {
        auto text = string_field(json, key);
        if (!text || text->empty()) return fail(ErrorKind::Http, what + " has no " + key);
        *value = std::move(*text);
    }
    credentials.session_token = string_field(json, "Token").value_or("");
    if (json.contains("Expiration")) {
        const auto expiration = string_field(json, "Expiration");
        credentials.expiration = expiration ? util::parse_iso8601(*expiration) : std::nullopt;
        if (!credentials.expiration) {
            return fail(ErrorKind::Http, what + " has an unreadable Expiration");
        }
    }
    return credentials;
}

}  // namespace repo2s3::aws
