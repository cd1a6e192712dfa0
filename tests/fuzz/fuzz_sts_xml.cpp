// aws/sts_xml: the STS AssumeRole* credentials reader and the ErrorResponse reader on any
// bytes, for both actions repo2s3 calls.
//   parse_sts_credentials gives four non-empty fields and an expiration, or fails with kind
//   Http and a one-line message that names the action and never quotes a secret (the
//   SecretAccessKey or SessionToken of the document).
//   sts_error_kind / sts_error_is_transient agree on throttling codes.

#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/aws/sts_xml.hpp"

namespace {

constexpr std::size_t kShortestCheckedSecret = 8;

// Every text of an element named `name` anywhere in the document, independently of the
// parser under test.
void collect_texts(const pugi::xml_node& node, const char* name, std::vector<std::string>& out) {
    for (const auto& child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        if (std::string_view(child.name()) == name) out.emplace_back(child.child_value());
        collect_texts(child, name, out);
    }
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

    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
        return;
    }
    std::vector<std::string> secrets;
    collect_texts(document, "SecretAccessKey", secrets);
    collect_texts(document, "SessionToken", secrets);
    std::vector<std::string> expirations;  // quoted when unreadable; not secret
    collect_texts(document, "Expiration", expirations);
    for (const auto& secret : secrets) {
        if (secret.size() < kShortestCheckedSecret) continue;
        // The messages' own words (a "secret" such as "Credentials" proves nothing).
        const std::string own_words = "the STS " + action + " response is not well-formed XML " +
                                      "is not a " + action + "Response document has no " +
                                      "Credentials AccessKeyId SecretAccessKey SessionToken " +
                                      "Expiration has an unreadable Expiration";
        if (own_words.find(secret) != std::string::npos) continue;
        bool in_expiration = false;
        for (const auto& expiration : expirations) {
            in_expiration = in_expiration || expiration.find(secret) != std::string::npos;
        }
        if (!in_expiration)
            FUZZ_CHECK_MSG(error.message.find(secret) == std::string::npos, error.message);
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
