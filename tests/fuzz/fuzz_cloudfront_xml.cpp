// aws/cloudfront: the CreateInvalidation response reader on any bytes, and the request body
// built from whatever paths and reference it is given.
//   parse_invalidation_response answers a non-empty Id, or fails with kind Http and a message.
//   invalidation_batch_xml of any UTF-8 paths is well-formed XML that gives the same paths and
//   reference back, with Quantity equal to their number.

#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "repo2s3/aws/cloudfront.hpp"
#include "repo2s3/util/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const std::string_view text = fuzz::as_text(data, size);

    const auto created = aws::parse_invalidation_response(text);
    if (created) {
        FUZZ_CHECK(!created->id.empty());
    } else {
        FUZZ_CHECK(created.error().kind == ErrorKind::Http);
        FUZZ_CHECK(!created.error().message.empty());
    }

    // Paths are the input's lines; XML 1.0 cannot carry control characters, and repo2s3 only
    // sends printable ASCII (cdn::url_path encodes the rest).
    aws::InvalidationRequest request{"E1", "repo2s3-ref", {}};
    std::string line;
    for (const char c : text) {
        if (c == '\n') {
            request.paths.push_back(line);
            line.clear();
        } else if (static_cast<unsigned char>(c) >= 0x20U &&
                   static_cast<unsigned char>(c) < 0x7FU) {
            line += c;
        }
    }
    request.paths.push_back(line);
    const std::string body = aws::invalidation_batch_xml(request);
    pugi::xml_document document;
    FUZZ_CHECK_MSG(static_cast<bool>(document.load_buffer(
                       body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                       pugi::encoding_utf8)),
                   body);
    const auto batch = document.child("InvalidationBatch");
    std::vector<std::string> read_back;
    for (const auto& path : batch.child("Paths").child("Items").children("Path")) {
        read_back.emplace_back(path.child_value());
    }
    FUZZ_CHECK_MSG(read_back == request.paths, body);
    FUZZ_CHECK(std::string(batch.child("Paths").child_value("Quantity")) ==
               std::to_string(request.paths.size()));
    FUZZ_CHECK(std::string(batch.child_value("CallerReference")) == "repo2s3-ref");
    return 0;
}
