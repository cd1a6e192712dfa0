#include "repo2s3/aws/sts_xml.hpp"

#include <algorithm>
#include <array>
#include <pugixml.hpp>

#include "repo2s3/util/timestamp.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::array<std::string_view, 11> kAuthCodes = {
    "AccessDenied",          "InvalidIdentityToken",   "ExpiredToken",
    "ExpiredTokenException", "IDPRejectedClaim",       "InvalidClientTokenId",
    "SignatureDoesNotMatch", "IncompleteSignature",    "MissingAuthenticationToken",
    "UnrecognizedClient",    "RegionDisabledException"};

constexpr std::array<std::string_view, 4> kThrottlingCodes = {
    "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& codes, std::string_view code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool load(pugi::xml_document& document, std::string_view xml) {
    return document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
}

}  // namespace

Result<Credentials> parse_sts_credentials(std::string_view xml, std::string_view action) {
    const std::string what = "the STS " + std::string(action) + " response";
    pugi::xml_document document;
    if (!load(document, xml)) return fail(ErrorKind::Http, what + " is not well-formed XML");
    const std::string root_name = std::string(action) + "Response";
    const pugi::xml_node root = document.document_element();
    if (root.name() != root_name) {
        return fail(ErrorKind::Http, what + " is not a " + root_name + " document");
    }
    const pugi::xml_node node =
        root.child((std::string(action) + "Result").c_str()).child("Credentials");
    if (!node) return fail(ErrorKind::Http, what + " has no Credentials");

    Credentials credentials;
    const std::pair<const char*, std::string*> fields[] = {
        {"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key},
        {"SessionToken", &credentials.session_token}};
    for (const auto& [name, value] : fields) {
        *value = node.child(name).child_value();
        if (value->empty()) return fail(ErrorKind::Http, what + " has no " + name);
    }
    const std::string expiration = node.child("Expiration").child_value();
    if (expiration.empty()) return fail(ErrorKind::Http, what + " has no Expiration");
    credentials.expiration = util::parse_iso8601(expiration);
    if (!credentials.expiration) {
        return fail(ErrorKind::Http, what + " has an unreadable Expiration \"" +
                                         util::printable(util::utf8_prefix(expiration, 40)) + "\"");
    }
    return credentials;
}

std::optional<StsError> parse_sts_error(std::string_view xml) {
    pugi::xml_document document;
    if (!load(document, xml)) return std::nullopt;
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "ErrorResponse") return std::nullopt;
    // STS nests <Error> directly; some stand-ins wrap it in <Errors>.
    pugi::xml_node error = root.child("Error");
    if (!error) error = root.child("Errors").child("Error");
    if (!error) return std::nullopt;
    std::string request_id = root.child("RequestId").child_value();
    if (request_id.empty()) request_id = error.child("RequestId").child_value();
    return StsError{error.child("Code").child_value(), error.child("Message").child_value(),
                    std::move(request_id)};
}

ErrorKind sts_error_kind(long status, std::string_view code) {
    if (contains(kAuthCodes, code)) return ErrorKind::Auth;
    if (contains(kThrottlingCodes, code) || status == 429) return ErrorKind::RateLimited;
    if (code == "IDPCommunicationError" || status >= 500) return ErrorKind::Network;
    if (status == 401 || status == 403) return ErrorKind::Auth;
    return ErrorKind::Http;
}

bool sts_error_is_transient(long status, std::string_view code) {
    return status >= 500 || status == 429 || contains(kThrottlingCodes, code) ||
           code == "IDPCommunicationError";
}

}  // namespace repo2s3::aws
