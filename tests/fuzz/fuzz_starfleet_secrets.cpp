// secrets::StarfleetSecrets::parse on any text.
//   A failure is one line of kind Usage that starts with the origin.
//   A document that parses gives back exactly what it holds: every string under
//   GitHubSyncWorker by its organization, and a non-empty STARFLEET.SlackToken.
//   Values are secrets: no error, from parse or from a missing organization, quotes one
//   (values that are part of an organization name, which messages may name, aside).

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "repo2s3/secrets/starfleet_secrets.hpp"

namespace {

constexpr const char* kOrigin = "secrets file fuzz.json";
constexpr std::size_t kShortestCheckedSecret = 8;  // shorter values may occur in any text

struct Document {
    std::vector<std::string> organizations;
    std::vector<std::string> secrets;
};

// What the document holds, read independently of the parser under test.
Document read_document(std::string_view text) {
    Document document;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) return document;
    if (const auto worker = json.find("GitHubSyncWorker");
        worker != json.end() && worker->is_object()) {
        for (const auto& [organization, key] : worker->items()) {
            document.organizations.push_back(organization);
            if (key.is_string()) document.secrets.push_back(key.get<std::string>());
        }
    }
    if (const auto starfleet = json.find("STARFLEET");
        starfleet != json.end() && starfleet->is_object()) {
        const auto token = starfleet->find("SlackToken");
        if (token != starfleet->end() && token->is_string()) {
            document.secrets.push_back(token->get<std::string>());
        }
    }
    return document;
}

void check_no_secret(const std::string& message, const Document& document) {
    for (const auto& secret : document.secrets) {
        if (secret.size() < kShortestCheckedSecret) continue;
        bool in_a_name = std::string(kOrigin).find(secret) != std::string::npos;
        for (const auto& organization : document.organizations) {
            in_a_name = in_a_name || organization.find(secret) != std::string::npos;
        }
        if (!in_a_name) FUZZ_CHECK_MSG(message.find(secret) == std::string::npos, message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view text = fuzz::as_text(data, size);
    const Document document = read_document(text);
    const auto parsed = secrets::StarfleetSecrets::parse(text, kOrigin);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().kind == ErrorKind::Usage);
        fuzz::check_error_names(parsed.error(), kOrigin);
        check_no_secret(parsed.error().message, document);
        return 0;
    }
    FUZZ_CHECK(parsed->origin() == kOrigin);

    const auto json = nlohmann::json::parse(text);  // it parsed above, so it parses here
    if (const auto worker = json.find("GitHubSyncWorker"); worker != json.end()) {
        for (const auto& [organization, key] : worker->items()) {
            const auto found = parsed->github_private_key(organization);
            FUZZ_CHECK(found.has_value() && *found == key.get<std::string>());
        }
    }
    std::optional<std::string> token;
    if (const auto starfleet = json.find("STARFLEET");
        starfleet != json.end() && starfleet->is_object()) {
        const auto found = starfleet->find("SlackToken");
        if (found != starfleet->end() && found->is_string() && !found->get<std::string>().empty()) {
            token = found->get<std::string>();
        }
    }
    FUZZ_CHECK(parsed->slack_token() == token);

    const auto missing = parsed->github_private_key("fuzz-org-that-is-not-there");
    if (!missing) {
        FUZZ_CHECK(missing.error().kind == ErrorKind::Auth);
        FUZZ_CHECK(missing.error().message.starts_with(kOrigin));
        check_no_secret(missing.error().message, document);
    }
    return 0;
}
