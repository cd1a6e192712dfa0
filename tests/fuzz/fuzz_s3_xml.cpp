// s3/s3_xml: the readers of S3's XML on any bytes, and the DeleteObjects body built from
// whatever keys they return.
//   parse_list_objects_page / parse_delete_result fail with kind S3 and a message;
//   parse_copy_result answers a non-empty ETag, or fails with kind S3 (Precondition for S3's
//   PreconditionFailed) and a message;
//   parse_error_document answers nothing for an empty body.
//   build_delete_body() of XML-representable keys is well-formed XML that gives the same keys
//   back (xml_escape round trip).

#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "repo2s3/s3/s3_xml.hpp"

namespace {

void check_delete_body(const std::vector<std::string>& candidates) {
    using namespace repo2s3;
    std::vector<std::string> keys;
    for (const auto& key : candidates) {
        if (!key.empty() && s3::is_xml_representable(key)) keys.push_back(key);
    }
    if (keys.empty()) return;
    const std::string body = s3::build_delete_body(keys);
    pugi::xml_document document;
    const auto parsed = document.load_buffer(
        body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    FUZZ_CHECK_MSG(static_cast<bool>(parsed), body);
    std::vector<std::string> read_back;
    for (const auto& object : document.child("Delete").children("Object")) {
        read_back.emplace_back(object.child("Key").child_value());
    }
    FUZZ_CHECK_MSG(read_back == keys, body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view xml = fuzz::as_text(data, size);
    std::vector<std::string> keys;

    const auto page = s3::parse_list_objects_page(xml);
    if (page) {
        for (const auto& object : page->objects) keys.push_back(object.key);
    } else {
        FUZZ_CHECK(page.error().kind == ErrorKind::S3);
        FUZZ_CHECK(!page.error().message.empty());
    }

    const auto failures = s3::parse_delete_result(xml);
    if (failures) {
        for (const auto& failure : *failures) keys.push_back(failure.key);
    } else {
        FUZZ_CHECK(failures.error().kind == ErrorKind::S3);
        FUZZ_CHECK(!failures.error().message.empty());
    }

    for (const std::string_view root : {"CopyObjectResult", "CopyPartResult"}) {
        const auto copied = s3::parse_copy_result(xml, root);
        if (copied) {
            FUZZ_CHECK(!copied->empty());
        } else {
            FUZZ_CHECK(copied.error().kind == ErrorKind::S3 ||
                       copied.error().kind == ErrorKind::Precondition);
            FUZZ_CHECK(!copied.error().message.empty());
        }
    }

    const auto error_document = s3::parse_error_document(xml);
    if (error_document) {
        FUZZ_CHECK(!xml.empty());
        keys.push_back(error_document->message);
    }

    check_delete_body(keys);
    return 0;
}
