#pragma once
// S3's XML documents, parsed into structs and built from them. Parsing never trusts the
// document: anything malformed is an error value, and no raw XML ends up in a message.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/util/error.hpp"
#include "repo2s3/util/xml_text.hpp"

namespace repo2s3::s3 {

/// One page of a ListObjectsV2 result.
struct ListObjectsPage {
    std::vector<ObjectSummary> objects;  // keys decoded
    bool is_truncated = false;
    std::string next_continuation_token;  // opaque; sent back as continuation-token
};

/// Parses a ListBucketResult. Keys are URL-decoded only when the document says
/// <EncodingType>url</EncodingType>; S3 then writes a space as '+' (form style, while moto
/// writes %20) and a literal '+' as %2B, so '+' decodes to a space.
/// Errors: ErrorKind::S3 for a document that is not a listing, a Contents entry without a Key,
/// a Size that is not a number, or a bad %-escape.
Result<ListObjectsPage> parse_list_objects_page(std::string_view xml);

/// Keys that DeleteObjects refused (<Error> entries of a DeleteResult). <Deleted> entries are
/// not returned: with Quiet mode only failures are reported.
Result<std::vector<DeleteFailure>> parse_delete_result(std::string_view xml);

/// The fields of an S3 <Error> document.
struct ErrorDocument {
    std::string code;
    std::string message;
    std::string request_id;
};

/// The error document in a response body, or nothing when the body is not one (empty, HTML
/// from a proxy, truncated).
std::optional<ErrorDocument> parse_error_document(std::string_view xml);

using util::is_xml_representable;  // util/xml_text.hpp
using util::xml_escape;

/// The body of a quiet DeleteObjects request for `keys` (each must be XML-representable).
std::string build_delete_body(const std::vector<std::string>& keys);

// --- Multipart upload documents.
/// The UploadId of an InitiateMultipartUploadResult.
/// Errors: ErrorKind::S3 for another document or an empty UploadId.
Result<std::string> parse_initiate_multipart_upload(std::string_view xml);
/// The ETag (unquoted) of a CompleteMultipartUploadResult (or moto's
/// CompleteMultipartUploadResponse). S3 may answer HTTP 200 and still
/// fail the request, with an <Error> document in the body: that is an error naming its code.
/// Errors: ErrorKind::S3.
/// The ETag of a CopyObjectResult or CopyPartResult (`root`). S3 may answer a copy with 200
/// and an Error document when it fails after it started: that is the copy's error.
Result<std::string> parse_copy_result(std::string_view xml, std::string_view root);

Result<std::string> parse_complete_multipart_upload(std::string_view xml);
/// The body of a CompleteMultipartUpload request listing `parts` (already in part order).
std::string build_complete_multipart_body(const std::vector<CompletedPart>& parts);

/// An ETag as S3 sends it ("\"abc\"", in XML and in headers) without its quotes.
std::string unquote_etag(std::string etag);

/// Decodes %XX escapes and '+' as a space, as S3's encoding-type=url output needs.
/// Nothing on a '%' not followed by two hex digits.
std::optional<std::string> url_decode_form(std::string_view text);

}  // namespace repo2s3::s3
