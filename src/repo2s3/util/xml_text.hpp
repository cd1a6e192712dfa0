#pragma once
// Text for XML documents repo2s3 writes (S3's DeleteObjects, CloudFront's InvalidationBatch).

#include <string>
#include <string_view>

namespace repo2s3::util {

/// The XML 1.0 escape of a text value: & < > " ' and CR, LF, TAB as character references (so
/// they survive attribute and line-end normalisation). Other control characters cannot be
/// carried by XML 1.0 at all; see is_xml_representable.
std::string xml_escape(std::string_view text);
/// False when `text` holds a control character (below 0x20, other than TAB, LF, CR) that no
/// XML 1.0 document can contain.
bool is_xml_representable(std::string_view text);

}  // namespace repo2s3::util
