// aws/sts_xml: the STS AssumeRole* credentials reader and the ErrorResponse reader on any
// bytes, for both actions repo2s3 calls.
//   parse_sts_credentials gives four non-empty fields and an expiration, or fails with kind
//   Http and a one-line message that names the action and never depends on a secret: the same
//   document with other SecretAccessKey and SessionToken texts gives the same message.
//   sts_error_kind / sts_error_is_transient agree on throttling codes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/aws/sts_xml.hpp"

namespace {

// The document with the text of every SecretAccessKey and SessionToken element replaced by
// another non-empty text; nothing when it is not XML.
std::optional<std::string> with_other_secrets(std::string_view xml) {
    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
        return std::nullopt;
    }
    int count = 0;
    for (const char* name : {"SecretAccessKey", "SessionToken"}) {
        for (auto found : document.select_nodes((std::string("//") + name).c_str())) {
            pugi::xml_node node = found.node();
            if (*node.child_value() != '\0') {
                node.text().set(("other secret " + std::to_string(++count)).c_str());
            }
        }
    }
    std::ostringstream out;
    document.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return out.str();
}

std::string message_of(std::string_view xml, const std::string& action) {
    const auto credentials = repo2s3::aws::parse_sts_credentials(xml, action);
    return credentials ? std::string("parsed") : credentials.error().message;
}

void check_action(std::string_view xml, const std::string& action) {
    using namespace repo2s3;
    const auto credentials = aws::parse_sts_credentials(xml, action);
    if (credentials) {
        FUZZ_CHECK(!credentials->access_key_id.empty());
        FUZZ_CHECK(!credentials->secret_access_key.empty());
        FUZZ_CHECK(!credentials->session_token.empty());
        FUZZ_CHECK(credentials->expiration.has_value());
        return;
    }
    const Error& error = credentials.error();
    FUZZ_CHECK(error.kind == ErrorKind::Http);
    fuzz::check_one_line_error(error);
    FUZZ_CHECK_MSG(error.message.starts_with("the STS " + action + " response"), error.message);
    // Secrets are never quoted: other secrets give the same message.
    if (const auto other = with_other_secrets(xml)) {
        FUZZ_CHECK_MSG(message_of(*other, action) == error.message, error.message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view xml = fuzz::as_text(data, size);
    check_action(xml, "AssumeRole");
    check_action(xml, "AssumeRoleWithWebIdentity");

    if (const auto error = aws::parse_sts_error(xml)) {
        for (const long status : {400L, 403L, 429L, 503L}) {
            const ErrorKind kind = aws::sts_error_kind(status, error->code);
            const bool transient = aws::sts_error_is_transient(status, error->code);
            if (kind == ErrorKind::RateLimited) FUZZ_CHECK(transient);
        }
    }
    return 0;
}
