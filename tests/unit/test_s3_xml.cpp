#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "repo2s3/http/url.hpp"
#include "repo2s3/s3/s3_xml.hpp"

namespace repo2s3::s3 {
namespace {

// Keys from the issue: space, + = & ~ % ( ) ' , unicode and emoji.
const std::vector<std::string> kAwkwardKeys = {
    "a b.txt", "x+y=z&w~v%u(1)'.txt", "unicodé/文件.txt", "emoji 😀.txt", "quote\"lt<gt>.txt",
};

std::string listing(const std::vector<std::string>& raw_keys, bool encoded, bool truncated,
                    const std::string& next_token = "") {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Name>bucket</Name><Prefix></Prefix><KeyCount>" +
        std::to_string(raw_keys.size()) + "</KeyCount><MaxKeys>1000</MaxKeys>";
    if (encoded) xml += "<EncodingType>url</EncodingType>";
    xml += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
    for (std::size_t i = 0; i < raw_keys.size(); ++i) {
        xml += "<Contents><Key>" + raw_keys[i] +
               "</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified>"
               "<ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag><Size>" +
               std::to_string(i * 1000) + "</Size><StorageClass>STANDARD</StorageClass></Contents>";
    }
    if (!next_token.empty()) {
        xml += "<NextContinuationToken>" + next_token + "</NextContinuationToken>";
    }
    return xml + "</ListBucketResult>";
}

// S3's own encoding: form style, space as '+'.
std::string s3_encode(const std::string& key) {
    std::string out;
    for (const char c : http::percent_encode(key, true)) out += c;
    std::string result;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out.compare(i, 3, "%20") == 0) {
            result += '+';
            i += 2;
        } else {
            result += out[i];
        }
    }
    return result;
}

std::vector<std::string> keys_of(const ListObjectsPage& page) {
    std::vector<std::string> keys;
    for (const auto& object : page.objects) keys.push_back(object.key);
    return keys;
}

TEST(ParseListObjectsPage, DecodesS3FormEncodedKeys) {
    std::vector<std::string> encoded;
    for (const auto& key : kAwkwardKeys) encoded.push_back(s3_encode(key));
    ASSERT_EQ(encoded[0], "a+b.txt");
    ASSERT_EQ(encoded[1], "x%2By%3Dz%26w~v%25u%281%29%27.txt");
    const auto page = parse_list_objects_page(listing(encoded, true, false));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(keys_of(*page), kAwkwardKeys);
    EXPECT_FALSE(page->is_truncated);
    EXPECT_EQ(page->next_continuation_token, "");
}

TEST(ParseListObjectsPage, DecodesMotoStylePercentTwenty) {
    const auto page = parse_list_objects_page(
        listing({"a%20b.txt", "emoji%20%F0%9F%98%80.txt", "x%2By"}, true, false));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(keys_of(*page), (std::vector<std::string>{"a b.txt", "emoji 😀.txt", "x+y"}));
}

TEST(ParseListObjectsPage, KeysAreLiteralWithoutEncodingType) {
    // A server that ignores encoding-type=url returns raw keys: '+' and '%' stay as they are.
    const auto page = parse_list_objects_page(
        listing({"x+y=z&amp;w~v%u(1)'.txt", "a%20b", "quote&quot;lt&lt;gt&gt;.txt"}, false, false));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(keys_of(*page),
              (std::vector<std::string>{"x+y=z&w~v%u(1)'.txt", "a%20b", "quote\"lt<gt>.txt"}));
}

TEST(ParseListObjectsPage, WhitespaceOnlyKeysSurvive) {
    const auto page = parse_list_objects_page(listing({"   ", " x "}, false, false));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(keys_of(*page), (std::vector<std::string>{"   ", " x "}));
}

TEST(ParseListObjectsPage, ReadsEtagWithoutQuotesAndSize) {
    const auto page = parse_list_objects_page(listing({"a", "b"}, false, false));
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->objects.size(), 2U);
    EXPECT_EQ(page->objects[0].etag, "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(page->objects[0].size, 0U);
    EXPECT_EQ(page->objects[1].size, 1000U);
}

TEST(ParseListObjectsPage, MultipartEtagKeepsItsSuffix) {
    const std::string xml =
        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>big</Key>"
        "<ETag>\"d41d8cd98f00b204e9800998ecf8427e-3\"</ETag><Size>25165824</Size></Contents>"
        "</ListBucketResult>";
    const auto page = parse_list_objects_page(xml);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->objects.at(0).etag, "d41d8cd98f00b204e9800998ecf8427e-3");
    EXPECT_EQ(page->objects.at(0).size, 25165824U);
}

TEST(ParseListObjectsPage, TruncatedPageCarriesTheToken) {
    const auto page = parse_list_objects_page(
        listing({"a"}, true, true, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_TRUE(page->is_truncated);
    EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(ParseListObjectsPage, EmptyBucket) {
    const auto page = parse_list_objects_page(listing({}, true, false));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_TRUE(page->objects.empty());
}

TEST(ParseListObjectsPage, NamespacePrefixesAreIgnored) {
    const std::string xml =
        "<s3:ListBucketResult xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<s3:IsTruncated>false</s3:IsTruncated><s3:Contents><s3:Key>k</s3:Key>"
        "<s3:ETag>\"e\"</s3:ETag><s3:Size>5</s3:Size></s3:Contents></s3:ListBucketResult>";
    const auto page = parse_list_objects_page(xml);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->objects.size(), 1U);
    EXPECT_EQ(page->objects[0].key, "k");
    EXPECT_EQ(page->objects[0].size, 5U);
}

TEST(ParseListObjectsPage, MalformedDocumentsAreErrorsWithoutRawXml) {
    const std::vector<std::string> bad = {
        "",
        "not xml at all",
        "<ListBucketResult><Contents><Key>a</Key>",  // truncated
        "<html><body>Bad Gateway</body></html>",
        "<Error><Code>AccessDenied</Code></Error>",
        listing({"a%zz"}, true, false),  // bad escape
        listing({"a%4"}, true, false),   // short escape
        "<ListBucketResult><Contents><ETag>x</ETag><Size>1</Size></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Key>k</Key><Size>12x</Size></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>",
    };
    for (const auto& xml : bad) {
        const auto page = parse_list_objects_page(xml);
        ASSERT_FALSE(page) << xml;
        EXPECT_EQ(page.error().kind, ErrorKind::S3);
        EXPECT_EQ(page.error().message.find("<Contents>"), std::string::npos)
            << page.error().message;
        EXPECT_EQ(page.error().message.find("Bad Gateway"), std::string::npos)
            << page.error().message;
    }
}

TEST(UnquoteEtag, RemovesOnlyAPairOfQuotes) {
    EXPECT_EQ(unquote_etag("\"abc\""), "abc");
    EXPECT_EQ(unquote_etag("abc"), "abc");
    EXPECT_EQ(unquote_etag("\""), "\"");
    EXPECT_EQ(unquote_etag(""), "");
}

TEST(UrlDecodeForm, PlusIsSpaceAndEscapesDecode) {
    EXPECT_EQ(url_decode_form("a+b%2Bc%20d"), "a b+c d");
    EXPECT_EQ(url_decode_form("%e6%96%87"), "文");
    EXPECT_EQ(url_decode_form(""), "");
    EXPECT_EQ(url_decode_form("%"), std::nullopt);
    EXPECT_EQ(url_decode_form("%2"), std::nullopt);
    EXPECT_EQ(url_decode_form("%g0"), std::nullopt);
}

TEST(ParseDeleteResult, ReadsPerKeyErrors) {
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Deleted><Key>gone.txt</Key></Deleted>"
        "<Error><Key>locked &amp; loaded.txt</Key><Code>AccessDenied</Code>"
        "<Message>Access Denied</Message></Error>"
        "<Error><Key>文件</Key><Code>InternalError</Code><Message>try again</Message></Error>"
        "</DeleteResult>";
    const auto failures = parse_delete_result(xml);
    ASSERT_TRUE(failures) << failures.error().message;
    ASSERT_EQ(failures->size(), 2U);
    EXPECT_EQ((*failures)[0].key, "locked & loaded.txt");
    EXPECT_EQ((*failures)[0].code, "AccessDenied");
    EXPECT_EQ((*failures)[0].message, "Access Denied");
    EXPECT_EQ((*failures)[1].key, "文件");
    EXPECT_EQ((*failures)[1].code, "InternalError");
}

TEST(ParseDeleteResult, QuietSuccessIsEmpty) {
    const auto failures = parse_delete_result(
        "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>");
    ASSERT_TRUE(failures) << failures.error().message;
    EXPECT_TRUE(failures->empty());
}

TEST(ParseDeleteResult, OtherDocumentsAreErrors) {
    EXPECT_FALSE(parse_delete_result(""));
    EXPECT_FALSE(parse_delete_result("<Error><Code>X</Code></Error>"));
    EXPECT_FALSE(parse_delete_result("<DeleteResult><Error>"));
}

TEST(ParseErrorDocument, ReadsCodeMessageAndRequestId) {
    const auto error = parse_error_document(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code>"
        "<Message>The specified bucket does not exist</Message><BucketName>b</BucketName>"
        "<RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "NoSuchBucket");
    EXPECT_EQ(error->message, "The specified bucket does not exist");
    EXPECT_EQ(error->request_id, "4442587FB7D0A2F9");
}

TEST(ParseErrorDocument, NothingForOtherBodies) {
    EXPECT_FALSE(parse_error_document(""));
    EXPECT_FALSE(parse_error_document("<html>502</html>"));
    EXPECT_FALSE(parse_error_document("<Error><Code>Trunc"));
    EXPECT_FALSE(parse_error_document("{\"message\": \"json\"}"));
}

TEST(XmlEscape, EscapesMarkupQuotesAndLineEnds) {
    EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    EXPECT_EQ(xml_escape("l1\r\nl2\tx"), "l1&#13;&#10;l2&#9;x");
    EXPECT_EQ(xml_escape("文件 😀"), "文件 😀");
}

TEST(XmlEscape, ControlCharactersAreNotRepresentable) {
    EXPECT_TRUE(is_xml_representable("plain/key with\ttab\nand\rcr 文件"));
    EXPECT_FALSE(is_xml_representable(std::string("bell\x07", 5)));
    EXPECT_FALSE(is_xml_representable(std::string("nul\0x", 5)));
}

TEST(BuildDeleteBody, QuietRequestWhoseKeysParseBackExactly) {
    std::vector<std::string> keys = kAwkwardKeys;
    keys.push_back("amp&lt;not-an-entity");
    keys.push_back("line\r\nbreak");
    keys.push_back("  leading and trailing spaces  ");
    keys.push_back("   ");
    const std::string body = build_delete_body(keys);

    pugi::xml_document document;
    ASSERT_TRUE(document.load_string(body.c_str(), pugi::parse_default | pugi::parse_ws_pcdata));
    const auto root = document.child("Delete");
    ASSERT_TRUE(root);
    EXPECT_EQ(std::string(root.attribute("xmlns").value()),
              "http://s3.amazonaws.com/doc/2006-03-01/");
    EXPECT_EQ(std::string(root.child_value("Quiet")), "true");
    std::vector<std::string> parsed;
    for (const auto& object : root.children("Object")) parsed.push_back(object.child_value("Key"));
    EXPECT_EQ(parsed, keys);
    EXPECT_NE(body.find("<Key>x+y=z&amp;w~v%u(1)&apos;.txt</Key>"), std::string::npos);
}

// --- Multipart upload documents.

TEST(MultipartXml, InitiateGivesTheUploadId) {
    const auto id = parse_initiate_multipart_upload(
        R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>)");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*id, "VXBsb2FkIElE");
    EXPECT_FALSE(parse_initiate_multipart_upload("<InitiateMultipartUploadResult/>"));
    EXPECT_FALSE(parse_initiate_multipart_upload("<ListBucketResult/>"));
}

TEST(MultipartXml, CompleteGivesTheUnquotedEtagUnderEitherRootName) {
    for (const std::string root :
         {"CompleteMultipartUploadResult", "CompleteMultipartUploadResponse"}) {
        const auto etag = parse_complete_multipart_upload(
            "<" + root +
            "><Key>k</Key><ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag></" + root +
            ">");
        ASSERT_TRUE(etag) << etag.error().message;
        EXPECT_EQ(*etag, "3858f62230ac3c915f300c664312c11f-9");
    }
}

TEST(MultipartXml, AnErrorInAnHttp200CompleteIsAnError) {
    const auto etag = parse_complete_multipart_upload(
        "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message>"
        "</Error>");
    ASSERT_FALSE(etag);
    EXPECT_EQ(etag.error().kind, ErrorKind::S3);
    EXPECT_NE(etag.error().message.find("InternalError"), std::string::npos);
}

TEST(MultipartXml, CompleteBodyListsThePartsInOrderWithQuotedEtags) {
    EXPECT_EQ(build_complete_multipart_body({{1, "aa"}, {2, "b&b"}}),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              "<Part><PartNumber>1</PartNumber><ETag>\"aa\"</ETag></Part>"
              "<Part><PartNumber>2</PartNumber><ETag>\"b&amp;b\"</ETag></Part>"
              "</CompleteMultipartUpload>");
}

}  // namespace
}  // namespace repo2s3::s3
