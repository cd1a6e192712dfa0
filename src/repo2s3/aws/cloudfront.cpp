#include "repo2s3/aws/cloudfront.hpp"

#include <pugixml.hpp>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/http/url.hpp"
#include "repo2s3/util/utf8.hpp"
#include "repo2s3/util/xml_nodes.hpp"
#include "repo2s3/util/xml_text.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::string_view kNamespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
/// CloudFront is global: it is signed for this region whatever the bucket's.
constexpr std::string_view kSigningRegion = "us-east-1";

using util::child;
using util::local_name;

struct ServiceError {
    std::string code;
    std::string message;
};

/// <ErrorResponse><Error><Code>…</Code><Message>…</Message></Error></ErrorResponse>
ServiceError parse_error(std::string_view xml) {
    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
        return {};
    }
    pugi::xml_node error = document.document_element();
    if (local_name(error) == "ErrorResponse") error = child(error, "Error");
    return {child(error, "Code").text().as_string(),
            util::single_line(child(error, "Message").text().as_string())};
}

ErrorKind error_kind(long status, std::string_view code) {
    if (code == "NoSuchDistribution") return ErrorKind::NotFound;
    if (status == 401 || status == 403 || code == "AccessDenied" ||
        code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch") {
        return ErrorKind::Auth;
    }
    if (code == "Throttling" || code == "TooManyInvalidationsInProgress" || status == 429) {
        return ErrorKind::RateLimited;
    }
    if (status >= 500) return ErrorKind::Network;
    return ErrorKind::Http;
}

}  // namespace

std::string invalidation_batch_xml(const InvalidationRequest& request) {
    std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidationBatch xmlns=\"";
    body.append(kNamespace).append("\"><Paths><Quantity>");
    body.append(std::to_string(request.paths.size())).append("</Quantity><Items>");
    for (const auto& path : request.paths)
        body.append("<Path>").append(util::xml_escape(path)).append("</Path>");
    body.append("</Items></Paths><CallerReference>")
        .append(util::xml_escape(request.caller_reference))
        .append("</CallerReference></InvalidationBatch>");
    return body;
}

Result<InvalidationCreated> parse_invalidation_response(std::string_view xml) {
    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
        return fail(ErrorKind::Http, "the CreateInvalidation response is not XML");
    }
    const pugi::xml_node root = document.document_element();
    if (local_name(root) != "Invalidation") {
        return fail(ErrorKind::Http, "the CreateInvalidation response is not an Invalidation");
    }
    InvalidationCreated created{child(root, "Id").text().as_string(),
                                child(root, "Status").text().as_string()};
    if (created.id.empty()) {
        return fail(ErrorKind::Http, "the CreateInvalidation response has no Id");
    }
    return created;
}

CloudFrontClient::CloudFrontClient(http::Client& client,
                                   std::shared_ptr<CredentialsProvider> credentials,
                                   ServiceEndpoint endpoint)
    : client_(client), credentials_(std::move(credentials)), endpoint_(std::move(endpoint)) {}

Result<InvalidationCreated> CloudFrontClient::create_invalidation(
    const InvalidationRequest& request, const util::Deadline& deadline) {
    const std::string what = "CloudFront invalidation of distribution " + request.distribution_id;
    http::Request base;
    base.method = "POST";
    base.url = endpoint_.url + "/2020-05-31/distribution/" +
               http::percent_encode(request.distribution_id, false) + "/invalidation";
    base.timeout = std::chrono::seconds(30);
    base.body = invalidation_batch_xml(request);
    base.headers.set("Content-Type", "text/xml");
    base.headers.set("User-Agent", std::string("repo2s3/") + REPO2S3_VERSION);

    std::optional<Error> credentials_error;
    // Every attempt is signed again, with the credentials of the moment.
    const auto signed_request = [&] {
        http::Request attempt = base;
        auto keys = credentials_->credentials();
        if (!keys) {
            credentials_error = keys.error();
            return attempt;
        }
        sigv4::sign_request(attempt, *keys, {std::string(kSigningRegion), "cloudfront"},
                            crypto::sha256_hex(attempt.body), std::chrono::system_clock::now());
        return attempt;
    };
    if (auto keys = credentials_->credentials(); !keys) {
        return fail(keys.error().kind, what + ": " + keys.error().message);
    }
    const auto classify = [](const Result<http::Response>& result) {
        if (!result || result->status < 400 || result->status >= 500) {
            return http::transient_failure(result);
        }
        const auto error = parse_error(result->body);
        return http::RetryVerdict{error_kind(result->status, error.code) == ErrorKind::RateLimited,
                                  std::nullopt};
    };
    http::RetryPolicy retry;
    retry.deadline = deadline;
    auto response = http::send_with_retries(client_, signed_request, classify, retry, what);
    if (credentials_error)
        return fail(credentials_error->kind, what + ": " + credentials_error->message);
    if (!response) return fail(response.error().kind, what + ": " + response.error().message);
    if (response->status != 201 && response->status != 200) {
        const auto error = parse_error(response->body);
        std::string text = what + ": HTTP " + std::to_string(response->status);
        if (!error.code.empty()) text += " " + error.code;
        if (!error.message.empty()) text += ": " + error.message;
        return fail(error_kind(response->status, error.code), text);
    }
    auto created = parse_invalidation_response(response->body);
    if (!created) return fail(created.error().kind, what + ": " + created.error().message);
    return created;
}

}  // namespace repo2s3::aws
