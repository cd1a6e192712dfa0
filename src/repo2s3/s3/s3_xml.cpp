#include "repo2s3/s3/s3_xml.hpp"

#include <charconv>
#include <cstring>
#include <pugixml.hpp>

#include "repo2s3/util/xml_nodes.hpp"

namespace repo2s3::s3 {
namespace {

using util::child;
using util::child_text;
using util::for_each_child;
using util::local_name;

// Parses `xml` and returns its root element when it is named `root_name`.
Result<pugi::xml_node> load_root(pugi::xml_document& document, std::string_view xml,
                                 std::string_view root_name, std::string_view what) {
    // parse_ws_pcdata: a key may be nothing but spaces.
    const auto parsed = document.load_buffer(
        xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed) {
        return fail(ErrorKind::S3, std::string(what) + " is not well-formed XML (" +
                                       parsed.description() + " at byte " +
                                       std::to_string(parsed.offset) + ")");
    }
    const pugi::xml_node root = document.document_element();
    if (local_name(root) != root_name) {
        return fail(ErrorKind::S3, std::string(what) + " is not a " + std::string(root_name) +
                                       " document (root element <" +
                                       std::string(local_name(root)).substr(0, 64) + ">)");
    }
    return root;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string unquote_etag(std::string etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
        return etag.substr(1, etag.size() - 2);
    }
    return etag;
}

std::optional<std::string> url_decode_form(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

Result<ListObjectsPage> parse_list_objects_page(std::string_view xml) {
    pugi::xml_document document;
    auto root = load_root(document, xml, "ListBucketResult", "ListObjectsV2 response");
    if (!root) return util::unexpected(std::move(root.error()));

    const bool url_encoded = child_text(*root, "EncodingType") == "url";
    ListObjectsPage page;
    page.is_truncated = child_text(*root, "IsTruncated") == "true";
    page.next_continuation_token = child_text(*root, "NextContinuationToken");

    std::optional<Error> problem;
    for_each_child(*root, "Contents", [&](const pugi::xml_node& contents) {
        if (problem) return;
        const pugi::xml_node key_node = child(contents, "Key");
        if (!key_node) {
            problem = Error{ErrorKind::S3, "ListObjectsV2 response has an entry without a Key"};
            return;
        }
        ObjectSummary summary;
        summary.key = key_node.child_value();
        if (url_encoded) {
            auto decoded = url_decode_form(summary.key);
            if (!decoded) {
                problem = Error{ErrorKind::S3,
                                "ListObjectsV2 response has a key with a bad "
                                "%-escape: \"" +
                                    summary.key + "\""};
                return;
            }
            summary.key = std::move(*decoded);
        }
        summary.etag = unquote_etag(child_text(contents, "ETag"));
        const std::string size = child_text(contents, "Size");
        const auto [end, error] =
            std::from_chars(size.data(), size.data() + size.size(), summary.size);
        if (size.empty() || error != std::errc() || end != size.data() + size.size()) {
            problem = Error{ErrorKind::S3, "ListObjectsV2 response has a bad Size for key \"" +
                                               summary.key + "\""};
            return;
        }
        page.objects.push_back(std::move(summary));
    });
    if (problem) return util::unexpected(std::move(*problem));
    return page;
}

Result<std::vector<DeleteFailure>> parse_delete_result(std::string_view xml) {
    pugi::xml_document document;
    auto root = load_root(document, xml, "DeleteResult", "DeleteObjects response");
    if (!root) return util::unexpected(std::move(root.error()));
    std::vector<DeleteFailure> failures;
    for_each_child(*root, "Error", [&](const pugi::xml_node& error) {
        failures.push_back(DeleteFailure{child_text(error, "Key"), child_text(error, "Code"),
                                         child_text(error, "Message")});
    });
    return failures;
}

std::optional<ErrorDocument> parse_error_document(std::string_view xml) {
    if (xml.empty()) return std::nullopt;
    pugi::xml_document document;
    const auto root = load_root(document, xml, "Error", "error response");
    if (!root) return std::nullopt;
    return ErrorDocument{child_text(*root, "Code"), child_text(*root, "Message"),
                         child_text(*root, "RequestId")};
}

std::string build_delete_body(const std::vector<std::string>& keys) {
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
    for (const auto& key : keys) {
        body.append("<Object><Key>").append(xml_escape(key)).append("</Key></Object>");
    }
    body += "</Delete>";
    return body;
}

// --- Multipart upload documents.

Result<std::string> parse_initiate_multipart_upload(std::string_view xml) {
    pugi::xml_document document;
    auto root =
        load_root(document, xml, "InitiateMultipartUploadResult", "CreateMultipartUpload response");
    if (!root) return util::unexpected(std::move(root.error()));
    std::string upload_id = child_text(*root, "UploadId");
    if (upload_id.empty()) {
        return fail(ErrorKind::S3, "CreateMultipartUpload response has no UploadId");
    }
    return upload_id;
}

Result<std::string> parse_complete_multipart_upload(std::string_view xml) {
    if (const auto error = parse_error_document(xml)) {
        return fail(ErrorKind::S3,
                    "CompleteMultipartUpload failed: " + error->code + ": " + error->message);
    }
    // S3 names the root ...Result; moto (and older S3-compatible servers) ...Response.
    pugi::xml_document document;
    auto root = load_root(document, xml, "CompleteMultipartUploadResult",
                          "CompleteMultipartUpload response");
    if (!root) {
        root = load_root(document, xml, "CompleteMultipartUploadResponse",
                         "CompleteMultipartUpload response");
    }
    if (!root) return util::unexpected(std::move(root.error()));
    return unquote_etag(child_text(*root, "ETag"));
}

Result<std::string> parse_copy_result(std::string_view xml, std::string_view root_name) {
    if (const auto error = parse_error_document(xml)) {
        return fail(error->code == "PreconditionFailed" ? ErrorKind::Precondition : ErrorKind::S3,
                    std::string(root_name) + " failed: " + error->code + ": " + error->message);
    }
    pugi::xml_document document;
    auto root = load_root(document, xml, root_name, "copy response");
    if (!root) return util::unexpected(std::move(root.error()));
    auto etag = unquote_etag(child_text(*root, "ETag"));
    if (etag.empty()) return fail(ErrorKind::S3, std::string(root_name) + " without an ETag");
    return etag;
}

std::string build_complete_multipart_body(const std::vector<CompletedPart>& parts) {
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (const auto& part : parts) {
        body.append("<Part><PartNumber>")
            .append(std::to_string(part.part_number))
            .append("</PartNumber><ETag>\"")
            .append(xml_escape(part.etag))
            .append("\"</ETag></Part>");
    }
    body += "</CompleteMultipartUpload>";
    return body;
}

}  // namespace repo2s3::s3
