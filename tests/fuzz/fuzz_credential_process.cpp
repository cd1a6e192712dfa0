// aws/process_credentials and aws/shell_words: a credential_process command's output, and the
// same bytes as a command to split.
//   parse_credential_process_output gives a non-empty key id and secret without line breaks,
//   or fails with kind Auth and a one-line message that names its source and never depends on
//   a secret: the same document with other SecretAccessKey and SessionToken values (with a
//   line break where the first had one) gives the same message.
//   shell_split never throws, and words without a single quote, each single-quoted and joined
//   with spaces, split back into the same words.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/aws/process_credentials.hpp"
#include "repo2s3/aws/shell_words.hpp"

namespace {

constexpr const char* kWhere = "profile fuzz: credential_process helper";

std::optional<std::string> with_other_secrets(std::string_view text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    bool changed = false;
    for (const char* key : {"SecretAccessKey", "SessionToken"}) {
        const auto found = json.find(key);
        if (found != json.end() && found->is_string() &&
            !found->get_ref<const std::string&>().empty()) {
            // Keep what the reader may look at: whether the value spans lines.
            const bool lines =
                found->get_ref<const std::string&>().find_first_of("\r\n") != std::string::npos;
            *found = std::string("other") + (lines ? "\n" : " ") + key;
            changed = true;
        }
    }
    if (!changed) return std::nullopt;
    return json.dump();
}

std::string message_of(std::string_view text) {
    const auto found = repo2s3::aws::parse_credential_process_output(text, kWhere);
    return found ? std::string("parsed") : found.error().message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view text = fuzz::as_text(data, size);
    const auto found = aws::parse_credential_process_output(text, kWhere);
    if (found) {
        FUZZ_CHECK(!found->access_key_id.empty());
        FUZZ_CHECK(!found->secret_access_key.empty());
        for (const std::string* value :
             {&found->access_key_id, &found->secret_access_key, &found->session_token}) {
            FUZZ_CHECK(value->find_first_of("\r\n") == std::string::npos);
        }
    } else {
        FUZZ_CHECK(found.error().kind == ErrorKind::Auth);
        fuzz::check_error_names(found.error(), kWhere);
        if (const auto other = with_other_secrets(text)) {
            FUZZ_CHECK_MSG(message_of(*other) == found.error().message, found.error().message);
        }
    }

    // Words without a single quote come back unchanged from their single-quoted join.
    if (const auto words = aws::shell_split(text)) {
        std::string joined;
        bool plain = true;
        for (const auto& word : *words) {
            plain = plain && word.find('\'') == std::string::npos;
            joined += "'" + word + "' ";
        }
        if (plain) {
            const auto again = aws::shell_split(joined);
            FUZZ_CHECK(again.has_value());
            FUZZ_CHECK(*again == *words);
        }
    }
    return 0;
}
