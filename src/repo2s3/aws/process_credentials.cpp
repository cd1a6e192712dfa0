#include "repo2s3/aws/process_credentials.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "repo2s3/aws/shell_words.hpp"
#include "repo2s3/util/subprocess.hpp"
#include "repo2s3/util/timestamp.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::chrono::seconds kDefaultTimeout{60};
constexpr long long kMaxTimeoutSeconds = 3600;
constexpr std::size_t kShownStderrBytes = 300;

Result<std::string> required_string(const nlohmann::json& json, const char* key,
                                    const std::string& where) {
    const auto found = json.find(key);
    if (found == json.end()) return fail(ErrorKind::Auth, where + ": the output has no " + key);
    if (!found->is_string() || found->get_ref<const std::string&>().empty()) {
        return fail(ErrorKind::Auth,
                    where + ": " + key + " in the output is not a non-empty string");
    }
    return found->get<std::string>();
}

// The first bytes of the command's standard error, as one printable line.
std::string stderr_excerpt(const std::string& err) {
    std::string line = util::single_line(util::utf8_prefix(err, kShownStderrBytes));
    if (err.size() > kShownStderrBytes) line += " ...";
    return line;
}

}  // namespace

Result<std::chrono::milliseconds> credential_process_timeout(const util::EnvLookup& env) {
    const auto text = env("REPO2S3_CREDENTIAL_PROCESS_TIMEOUT");
    if (!text) return std::chrono::milliseconds(kDefaultTimeout);
    long long seconds = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
    if (error != std::errc() || end != text->data() + text->size() || seconds < 1 ||
        seconds > kMaxTimeoutSeconds) {
        return fail(ErrorKind::Usage,
                    "REPO2S3_CREDENTIAL_PROCESS_TIMEOUT=" + util::printable(*text) +
                        " is not a number of seconds from 1 to 3600");
    }
    return std::chrono::milliseconds(std::chrono::seconds(seconds));
}

Result<Credentials> parse_credential_process_output(std::string_view output,
                                                    const std::string& where) {
    const auto json = nlohmann::json::parse(output, nullptr, false);
    if (json.is_discarded()) return fail(ErrorKind::Auth, where + ": the output is not JSON");
    if (!json.is_object())
        return fail(ErrorKind::Auth, where + ": the output is not a JSON object");
    const auto version = json.find("Version");
    if (version == json.end()) {
        return fail(ErrorKind::Auth, where + ": the output has no Version (1 is supported)");
    }
    if (!version->is_number() || version->get<double>() != 1.0) {
        return fail(ErrorKind::Auth, where + ": the output's Version is " +
                                         util::printable(version->dump().substr(0, 20)) +
                                         "; only 1 is supported");
    }
    Credentials credentials;
    auto key_id = required_string(json, "AccessKeyId", where);
    if (!key_id) return util::unexpected(std::move(key_id.error()));
    auto secret = required_string(json, "SecretAccessKey", where);
    if (!secret) return util::unexpected(std::move(secret.error()));
    credentials.access_key_id = std::move(*key_id);
    credentials.secret_access_key = std::move(*secret);
    if (const auto token = json.find("SessionToken"); token != json.end() && !token->is_null()) {
        if (!token->is_string()) {
            return fail(ErrorKind::Auth, where + ": SessionToken in the output is not a string");
        }
        credentials.session_token = token->get<std::string>();
    }
    if (const auto expiration = json.find("Expiration");
        expiration != json.end() && !expiration->is_null()) {
        credentials.expiration = expiration->is_string()
                                     ? util::parse_iso8601(expiration->get<std::string>())
                                     : std::nullopt;
        if (!credentials.expiration) {
            return fail(ErrorKind::Auth,
                        where + ": Expiration in the output is not an RFC 3339 time");
        }
    }
    for (const std::string* value :
         {&credentials.access_key_id, &credentials.secret_access_key, &credentials.session_token}) {
        if (value->find_first_of("\r\n") != std::string::npos) {
            return fail(ErrorKind::Auth, where + ": a key in the output spans several lines");
        }
    }
    return credentials;
}

Result<Credentials> credential_process_credentials(const std::string& profile,
                                                   const std::string& command,
                                                   std::chrono::milliseconds timeout) {
    const auto words = shell_split(command);
    if (!words) {
        return fail(ErrorKind::Usage, "profile " + profile +
                                          ": credential_process has an unclosed quote or ends "
                                          "in a lone backslash");
    }
    if (words->empty()) {
        return fail(ErrorKind::Usage, "profile " + profile + ": credential_process is empty");
    }
    const std::string where =
        "profile " + profile + ": credential_process " + util::printable((*words)[0]);
    auto ran = util::run_process(*words, {.timeout = timeout});
    if (!ran) {
        const ErrorKind kind =
            ran.error().kind == ErrorKind::Timeout ? ErrorKind::Timeout : ErrorKind::Auth;
        return fail(kind, "profile " + profile +
                              ": credential_process: " + util::printable(ran.error().message));
    }
    if (ran->exit_code != 0) {
        std::string text =
            where + (ran->signalled
                         ? " was killed by signal " + std::to_string(ran->exit_code - 128)
                         : " exited with status " + std::to_string(ran->exit_code));
        const std::string shown = stderr_excerpt(ran->err);
        if (!shown.empty()) text += ": " + shown;
        return fail(ErrorKind::Auth, text);
    }
    if (ran->out_truncated) {
        return fail(ErrorKind::Auth, where + ": the output is longer than 1 MiB");
    }
    return parse_credential_process_output(ran->out, where);
}

}  // namespace repo2s3::aws
