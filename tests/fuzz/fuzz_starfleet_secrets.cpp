// secrets::StarfleetSecrets::parse on any text.
//   A failure is one line of kind Usage that starts with the origin.
//   A document that parses gives back exactly what it holds: every string under
//   GitHubSyncWorker by its organization, and a non-empty STARFLEET.SlackToken.
//   Values are secrets, so no message depends on them: the same document with every value
//   replaced gives the same messages, from parse and from asking for a missing organization.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "fuzz_check.hpp"
#include "repo2s3/secrets/starfleet_secrets.hpp"

namespace {

using namespace repo2s3;

constexpr const char* kOrigin = "secrets file fuzz.json";
constexpr const char* kMissing = "fuzz-org-that-is-not-there";

// The document with every secret value (a non-empty string) replaced by another one; nothing
// when the text is not a JSON object.
std::optional<std::string> with_other_secrets(std::string_view text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    int count = 0;
    const auto replace = [&](nlohmann::json& value) {
        if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
            value = "other secret " + std::to_string(++count);
        }
    };
    if (const auto worker = json.find("GitHubSyncWorker");
        worker != json.end() && worker->is_object()) {
        for (auto& item : worker->items()) replace(item.value());
    }
    if (const auto starfleet = json.find("STARFLEET");
        starfleet != json.end() && starfleet->is_object()) {
        if (const auto token = starfleet->find("SlackToken"); token != starfleet->end()) {
            replace(*token);
        }
    }
    return json.dump();
}

// Every message a user may see, for comparison.
std::string messages(const Result<secrets::StarfleetSecrets>& parsed) {
    if (!parsed) return "parse: " + parsed.error().message;
    const auto missing = parsed->github_private_key(kMissing);
    return missing ? std::string("found") : "lookup: " + missing.error().message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const auto parsed = secrets::StarfleetSecrets::parse(text, kOrigin);
    if (const auto other = with_other_secrets(text)) {
        const auto reparsed = secrets::StarfleetSecrets::parse(*other, kOrigin);
        FUZZ_CHECK_MSG(messages(parsed) == messages(reparsed), messages(parsed));
    }
    if (!parsed) {
        FUZZ_CHECK(parsed.error().kind == ErrorKind::Usage);
        fuzz::check_error_names(parsed.error(), kOrigin);
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

    const auto missing = parsed->github_private_key(kMissing);
    if (!missing) {
        FUZZ_CHECK(missing.error().kind == ErrorKind::Auth);
        FUZZ_CHECK(missing.error().message.starts_with(kOrigin));
    }
    return 0;
}
