#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/s3/s3_bucket.hpp"
#include "repo2s3/s3/s3_xml.hpp"
#include "support/fixed_credentials.hpp"
#include "support/scripted_http_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::s3 {
namespace {

using namespace std::chrono_literals;
using testing::make_response;
using testing::ScriptedHttpClient;

const auto k20150830T123600Z = std::chrono::system_clock::from_time_t(1440938160);
const std::string kEmptySha256 = crypto::sha256_hex("");

std::string error_xml(const std::string& code, const std::string& message,
                      const std::string& request_id = "REQ1") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
           message + "</Message><RequestId>" + request_id + "</RequestId></Error>";
}

std::string page_xml(const std::vector<std::string>& keys, const std::string& next_token) {
    std::string xml =
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<EncodingType>url</EncodingType><IsTruncated>";
    xml += next_token.empty() ? "false" : "true";
    xml += "</IsTruncated>";
    for (const auto& key : keys) {
        xml += "<Contents><Key>" + key + "</Key><ETag>\"etag-" + key +
               "\"</ETag><Size>3</Size></Contents>";
    }
    if (!next_token.empty())
        xml += "<NextContinuationToken>" + next_token + "</NextContinuationToken>";
    return xml + "</ListBucketResult>";
}

// The query parameters of a URL, still encoded.
std::map<std::string, std::string> query_of(const std::string& url) {
    std::map<std::string, std::string> parameters;
    const auto question = url.find('?');
    if (question == std::string::npos) return parameters;
    std::string query = url.substr(question + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        const std::string piece = query.substr(start, end - start);
        const auto equals = piece.find('=');
        parameters[piece.substr(0, equals)] =
            equals == std::string::npos ? "" : piece.substr(equals + 1);
        start = end + 1;
    }
    return parameters;
}

class S3BucketTest : public ::testing::Test {
  protected:
    S3Location path_style_location() {
        return {"my-bucket", "eu-west-1", "http://127.0.0.1:9000", true};
    }

    S3Options options() {
        S3Options result;
        result.clock = [this] { return k20150830T123600Z + std::chrono::seconds(ticks_++); };
        result.sleep = [this](std::chrono::milliseconds delay) { sleeps_.push_back(delay); };
        return result;
    }

    std::unique_ptr<S3Bucket> bucket(ScriptedHttpClient& client) {
        return std::make_unique<S3Bucket>(client, credentials_, path_style_location(), options());
    }

    PutObjectInput put_input(const std::string& key, const std::string& content) {
        const auto path = dir_.write("files/" + std::to_string(files_++), content);
        PutObjectInput input;
        input.key = key;
        input.file_path = path.string();
        input.size = content.size();
        input.md5_hex = crypto::md5_hex(content);
        input.content_type = "text/plain; charset=utf-8";
        input.metadata = {{"repo2s3-md5", input.md5_hex}};
        return input;
    }

    std::shared_ptr<testing::FixedCredentialsProvider> credentials_ =
        std::make_shared<testing::FixedCredentialsProvider>();
    std::vector<std::chrono::milliseconds> sleeps_;
    int ticks_ = 0;
    int files_ = 0;
    testing::TempDir dir_;
};

// --- addressing -------------------------------------------------------------------------------

TEST_F(S3BucketTest, PathStyleUrls) {
    ScriptedHttpClient client;
    const S3Bucket s3(client, credentials_, path_style_location());
    EXPECT_EQ(s3.bucket_url(), "http://127.0.0.1:9000/my-bucket/");
    EXPECT_EQ(s3.object_url("dir/a b+c=d&e~f%g(1)'.txt"),
              "http://127.0.0.1:9000/my-bucket/dir/a%20b%2Bc%3Dd%26e~f%25g%281%29%27.txt");
    EXPECT_EQ(s3.object_url("unicodé/文件 😀"),
              "http://127.0.0.1:9000/my-bucket/unicod%C3%A9/%E6%96%87%E4%BB%B6%20%F0%9F%98%80");
}

TEST_F(S3BucketTest, VirtualHostedUrls) {
    ScriptedHttpClient client;
    const S3Bucket s3(client, credentials_,
                      {"my-bucket", "eu-west-1", "https://s3.eu-west-1.amazonaws.com/", false});
    EXPECT_EQ(s3.bucket_url(), "https://my-bucket.s3.eu-west-1.amazonaws.com/");
    EXPECT_EQ(s3.object_url("a/b c"), "https://my-bucket.s3.eu-west-1.amazonaws.com/a/b%20c");
}

TEST_F(S3BucketTest, VirtualHostedKeepsAnExplicitPort) {
    ScriptedHttpClient client;
    const S3Bucket s3(client, credentials_, {"b", "us-east-1", "http://s3.local:9000", false});
    EXPECT_EQ(s3.bucket_url(), "http://b.s3.local:9000/");
}

TEST_F(S3BucketTest, DottedBucketsAndIpEndpointsFallBackToPathStyle) {
    ScriptedHttpClient client;
    const S3Bucket dotted(
        client, credentials_,
        {"www.example.com", "us-east-1", "https://s3.us-east-1.amazonaws.com", false});
    EXPECT_EQ(dotted.bucket_url(), "https://s3.us-east-1.amazonaws.com/www.example.com/");
    const S3Bucket ip(client, credentials_, {"b", "us-east-1", "http://127.0.0.1:5000", false});
    EXPECT_EQ(ip.bucket_url(), "http://127.0.0.1:5000/b/");
}

// --- PutObject --------------------------------------------------------------------------------

TEST_F(S3BucketTest, PutObjectStreamsTheFileWithDigestsAclAndMetadata) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    const std::string content = "hello, bucket\n";
    const auto input = put_input("site/a b.txt", content);
    const auto result = s3->put_object(input);
    ASSERT_TRUE(result) << result.error().message;

    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 1U);
    const http::Request& sent = requests[0];
    EXPECT_EQ(sent.method, "PUT");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/site/a%20b.txt");
    EXPECT_EQ(sent.body_file, input.file_path);
    EXPECT_EQ(requests[0].body_file_bytes, content);
    EXPECT_TRUE(sent.body.empty());
    EXPECT_EQ(sent.headers.get("Content-MD5"), crypto::base64_encode(crypto::md5(content)));
    EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), crypto::sha256_hex(content));
    EXPECT_EQ(sent.headers.get("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(sent.headers.get("x-amz-acl"), "bucket-owner-full-control");
    EXPECT_EQ(sent.headers.get("x-amz-meta-repo2s3-md5"), crypto::md5_hex(content));
    EXPECT_EQ(sent.headers.get("Host"), "127.0.0.1:9000");
}

TEST_F(S3BucketTest, RequestsAreSignedOverWhatIsSent) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    ASSERT_TRUE(s3->put_object(put_input("k", "body")));
    const http::Request sent = client.requests().at(0);

    const auto authorization = sent.headers.get("Authorization");
    ASSERT_TRUE(authorization);
    EXPECT_TRUE(authorization->starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/s3/aws4_request, "
        "SignedHeaders=content-md5;content-type;host;x-amz-acl;x-amz-content-sha256;x-amz-date;"
        "x-amz-meta-repo2s3-md5, Signature="))
        << *authorization;
    EXPECT_EQ(sent.headers.get("X-Amz-Date"), "20150830T123600Z");

    // Signing the recorded request again gives the same signature: nothing changed after signing.
    http::Request again = sent;
    aws::sigv4::sign_request(again, credentials_->credentials().value(), {"eu-west-1", "s3"},
                             crypto::sha256_hex("body"), k20150830T123600Z);
    EXPECT_EQ(again.headers.get("Authorization"), authorization);
}

TEST_F(S3BucketTest, SessionTokenIsSent) {
    ScriptedHttpClient client;
    credentials_ = std::make_shared<testing::FixedCredentialsProvider>(
        aws::Credentials{"ASIAEXAMPLE", "secret", "session-token-value", std::nullopt});
    const auto s3 = bucket(client);
    ASSERT_TRUE(s3->head_object("k"));
    EXPECT_EQ(client.requests().at(0).headers.get("X-Amz-Security-Token"), "session-token-value");
}

TEST_F(S3BucketTest, PutObjectRefusesAFileThatChangedSincePlanning) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    auto input = put_input("k", "new content");
    input.md5_hex = crypto::md5_hex("old content");
    const auto result = s3->put_object(input);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Io);
    EXPECT_NE(result.error().message.find(input.file_path), std::string::npos);
    EXPECT_EQ(client.request_count(), 0U);
}

TEST_F(S3BucketTest, PutObjectOfAMissingFileIsIo) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    PutObjectInput input;
    input.key = "k";
    input.file_path = (dir_.path() / "missing").string();
    const auto result = s3->put_object(input);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Io);
    EXPECT_EQ(client.request_count(), 0U);
}

TEST_F(S3BucketTest, PutObjectRefusesMetadataThatCannotBeAHeader) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"bad name", "v"}, {"", "v"}, {"ok", "line\r\nInjected: 1"}, {"ok", "ünicode"}}) {
        auto input = put_input("k", "x");
        input.metadata = {{name, value}};
        const auto result = s3->put_object(input);
        ASSERT_FALSE(result) << name;
        EXPECT_EQ(result.error().kind, ErrorKind::Usage);
    }
    EXPECT_EQ(client.request_count(), 0U);
}

TEST_F(S3BucketTest, EmptyContentTypeBecomesOctetStream) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    auto input = put_input("k", "");
    input.content_type.clear();
    ASSERT_TRUE(s3->put_object(input));
    const auto sent = client.requests().at(0);
    EXPECT_EQ(sent.headers.get("Content-Type"), "application/octet-stream");
    EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), kEmptySha256);
}

// --- retries ----------------------------------------------------------------------------------

TEST_F(S3BucketTest, RetriesServiceUnavailableThenSucceeds) {
    int calls = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls <= 2)
            return make_response(503, error_xml("SlowDown", "Please reduce your request rate."));
        return make_response(200);
    });
    const auto s3 = bucket(client);
    const auto result = s3->put_object(put_input("k", "content"));
    ASSERT_TRUE(result) << result.error().message;
    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 3U);
    EXPECT_EQ(sleeps_.size(), 2U);
    EXPECT_EQ(credentials_->calls.load(), 3);
    // Each attempt is signed afresh, at its own time, with the whole body each time.
    std::set<std::string> dates;
    for (const auto& recorded : requests) {
        dates.insert(recorded.headers.get("X-Amz-Date").value_or(""));
        EXPECT_EQ(recorded.body_file_bytes, "content");
    }
    EXPECT_EQ(dates.size(), 3U);
}

TEST_F(S3BucketTest, RetriesNetworkErrorsAndTimeouts) {
    int calls = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        if (calls == 1) return fail(ErrorKind::Network, "GET x: connection reset");
        if (calls == 2) return fail(ErrorKind::Timeout, "GET x: timed out");
        return make_response(200, page_xml({"a"}, ""));
    });
    const auto s3 = bucket(client);
    const auto listed = s3->list_objects("");
    ASSERT_TRUE(listed) << listed.error().message;
    EXPECT_EQ(listed->size(), 1U);
    EXPECT_EQ(calls, 3);
}

TEST_F(S3BucketTest, GivesUpAfterTheConfiguredRetries) {
    ScriptedHttpClient client(
        make_response(500, error_xml("InternalError", "We encountered an internal error.")));
    const auto s3 = bucket(client);
    const auto result = s3->head_object("k");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::S3);
    EXPECT_EQ(client.request_count(), 4U);  // 1 + retries (3)
    EXPECT_EQ(sleeps_.size(), 3U);
    EXPECT_NE(result.error().message.find("after 4 attempts"), std::string::npos)
        << result.error().message;
}

TEST_F(S3BucketTest, BackoffGrowsWithJitterAndIsCapped) {
    ScriptedHttpClient client(fail(ErrorKind::Network, "down"));
    auto opts = options();
    opts.retries = 5;
    opts.retry_base_delay = 100ms;
    opts.retry_max_delay = 400ms;
    S3Bucket s3(client, credentials_, path_style_location(), opts);
    ASSERT_FALSE(s3.head_object("k"));
    ASSERT_EQ(sleeps_.size(), 5U);
    const std::vector<std::pair<long, long>> bounds = {
        {50, 100}, {100, 200}, {200, 400}, {200, 400}, {200, 400}};
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        EXPECT_GE(sleeps_[i].count(), bounds[i].first) << i;
        EXPECT_LE(sleeps_[i].count(), bounds[i].second) << i;
    }
}

TEST_F(S3BucketTest, SlowDownBacksOffHarder) {
    ScriptedHttpClient client(
        make_response(503, error_xml("SlowDown", "Please reduce your request rate.")));
    auto opts = options();
    opts.retries = 3;
    opts.retry_base_delay = 100ms;
    opts.retry_max_delay = 400ms;
    opts.slow_down_max_delay = 2000ms;
    S3Bucket s3(client, credentials_, path_style_location(), opts);
    ASSERT_FALSE(s3.head_object("k"));
    ASSERT_EQ(sleeps_.size(), 3U);
    const std::vector<std::pair<long, long>> bounds = {{200, 400}, {400, 800}, {800, 1600}};
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        EXPECT_GE(sleeps_[i].count(), bounds[i].first) << i;
        EXPECT_LE(sleeps_[i].count(), bounds[i].second) << i;
    }
}

TEST_F(S3BucketTest, NoRetryWaitsPastTheDeadline) {
    ScriptedHttpClient client(fail(ErrorKind::Network, "down"));
    auto opts = options();
    opts.retry_base_delay = 10s;
    opts.retry_max_delay = 10s;
    opts.deadline = util::Deadline::after(5s);
    S3Bucket s3(client, credentials_, path_style_location(), opts);
    const auto result = s3.head_object("k");
    ASSERT_FALSE(result);
    EXPECT_EQ(client.request_count(), 1U);
    EXPECT_TRUE(sleeps_.empty());
    const auto sent = client.requests().at(0);
    ASSERT_TRUE(sent.deadline.bounded());
    EXPECT_EQ(sent.deadline.at(), opts.deadline.at());
}

TEST_F(S3BucketTest, UploadsHaveNoTimeLimitButFailWhenTheyStall) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    ASSERT_TRUE(s3->put_object(put_input("big", std::string(100'000, 'x'))));
    const auto sent = client.requests().at(0);
    EXPECT_EQ(sent.timeout.count(), 0);
    ASSERT_TRUE(sent.minimum_speed);
    EXPECT_EQ(sent.minimum_speed->bytes_per_second, 1024U);
    EXPECT_EQ(sent.minimum_speed->window, 30s);
}

TEST_F(S3BucketTest, NoRetryOnAccessDenied) {
    ScriptedHttpClient client(
        make_response(403, error_xml("AccessDenied", "Access Denied", "REQ-403")));
    const auto s3 = bucket(client);
    const auto result = s3->put_object(put_input("dir/key.txt", "x"));
    ASSERT_FALSE(result);
    EXPECT_EQ(client.request_count(), 1U);
    EXPECT_TRUE(sleeps_.empty());
    EXPECT_EQ(result.error().kind, ErrorKind::S3);
    EXPECT_EQ(result.error().message,
              "S3 PutObject s3://my-bucket/dir/key.txt: AccessDenied: Access Denied (HTTP 403, "
              "request id REQ-403)");
}

TEST_F(S3BucketTest, NoRetryOnLocalIoErrors) {
    ScriptedHttpClient client(fail(ErrorKind::Io, "PUT x: reading the request body failed"));
    const auto s3 = bucket(client);
    const auto result = s3->put_object(put_input("k", "x"));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Io);
    EXPECT_EQ(client.request_count(), 1U);
}

TEST_F(S3BucketTest, MissingCredentialsStopBeforeAnyRequest) {
    ScriptedHttpClient client;
    credentials_->fail_with = "no AWS credentials in the environment";
    const auto s3 = bucket(client);
    const auto result = s3->list_objects("p/");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Auth);
    EXPECT_NE(result.error().message.find("no AWS credentials"), std::string::npos);
    EXPECT_EQ(client.request_count(), 0U);
}

TEST_F(S3BucketTest, ErrorMessagesNeverCarryRawXml) {
    ScriptedHttpClient client(make_response(400, error_xml("InvalidArgument", "Bad &amp; wrong")));
    const auto s3 = bucket(client);
    const auto result = s3->list_objects("");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message.find('<'), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("InvalidArgument: Bad & wrong"), std::string::npos);
}

TEST_F(S3BucketTest, PutObjectAnswersTheStoredObjectsEtag) {
    ScriptedHttpClient client(
        make_response(200, "", {{"ETag", "\"0123456789abcdef0123456789abcdef\""}}));
    const auto s3 = bucket(client);
    const auto stored = s3->put_object(put_input("k", "body"));
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_EQ(*stored, "0123456789abcdef0123456789abcdef");
}

// --- HeadObject -------------------------------------------------------------------------------

TEST_F(S3BucketTest, HeadObjectReadsEtagSizeTypeAndMetadata) {
    ScriptedHttpClient client(
        make_response(200, "",
                      {{"ETag", "\"9b2cf535f27731c974343645a3985328-2\""},
                       {"Content-Length", "10485760"},
                       {"Content-Type", "text/html"},
                       {"X-Amz-Meta-Repo2s3-MD5", "0cc175b9c0f1b6a831c399e269772661"},
                       {"x-amz-meta-Other", "v"},
                       {"x-amz-metadata-directive", "not metadata"},
                       {"x-amz-request-id", "R"}}));
    const auto s3 = bucket(client);
    const auto head = s3->head_object("dir/page.html");
    ASSERT_TRUE(head) << head.error().message;
    EXPECT_EQ(head->etag, "9b2cf535f27731c974343645a3985328-2");
    EXPECT_EQ(head->size, 10485760U);
    EXPECT_EQ(head->content_type, "text/html");
    EXPECT_EQ(head->metadata,
              (std::map<std::string, std::string>{
                  {"repo2s3-md5", "0cc175b9c0f1b6a831c399e269772661"}, {"other", "v"}}));
    const auto sent = client.requests().at(0);
    EXPECT_EQ(sent.method, "HEAD");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/dir/page.html");
    EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), kEmptySha256);
}

TEST_F(S3BucketTest, HeadOfAMissingKeyIsNotFound) {
    ScriptedHttpClient client(make_response(404, "", {{"x-amz-request-id", "R404"}}));
    const auto s3 = bucket(client);
    const auto head = s3->head_object("gone.txt");
    ASSERT_FALSE(head);
    EXPECT_EQ(head.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(head.error().message,
              "S3 HeadObject s3://my-bucket/gone.txt: not found (HTTP 404, request id R404)");
    EXPECT_EQ(client.request_count(), 1U);
}

// --- ListObjectsV2 ----------------------------------------------------------------------------

TEST_F(S3BucketTest, ListingFollowsContinuationTokens) {
    ScriptedHttpClient client([](const http::Request& request) -> Result<http::Response> {
        const auto query = query_of(request.url);
        const auto token = query.find("continuation-token");
        if (token == query.end()) return make_response(200, page_xml({"p/a+1", "p/b"}, "tok/1+="));
        if (token->second == "tok%2F1%2B%3D") return make_response(200, page_xml({"p/c%2B"}, "t2"));
        if (token->second == "t2") return make_response(200, page_xml({"p/d"}, ""));
        return make_response(400, error_xml("InvalidArgument", "bad token"));
    });
    const auto s3 = bucket(client);
    const auto listed = s3->list_objects("p/");
    ASSERT_TRUE(listed) << listed.error().message;
    std::vector<std::string> keys;
    for (const auto& object : *listed) keys.push_back(object.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"p/a 1", "p/b", "p/c+", "p/d"}));
    EXPECT_EQ(listed->at(1).etag, "etag-p/b");

    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 3U);
    for (const auto& recorded : requests) {
        EXPECT_EQ(recorded.method, "GET");
        EXPECT_TRUE(recorded.url.starts_with("http://127.0.0.1:9000/my-bucket/?"));
        const auto query = query_of(recorded.url);
        EXPECT_EQ(query.at("list-type"), "2");
        EXPECT_EQ(query.at("prefix"), "p%2F");
        EXPECT_EQ(query.at("encoding-type"), "url");
        EXPECT_TRUE(recorded.headers.contains("Authorization"));
    }
    EXPECT_FALSE(query_of(requests[0].url).contains("continuation-token"));
}

TEST_F(S3BucketTest, PrefixWithAwkwardCharactersIsEncoded) {
    ScriptedHttpClient client(make_response(200, page_xml({}, "")));
    const auto s3 = bucket(client);
    ASSERT_TRUE(s3->list_objects("a b+c&d=e/"));
    EXPECT_EQ(query_of(client.requests().at(0).url).at("prefix"), "a%20b%2Bc%26d%3De%2F");
}

TEST_F(S3BucketTest, TruncatedListingWithoutANewTokenIsAnError) {
    for (const std::string& token : {std::string(""), std::string("same")}) {
        ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
            std::string xml = page_xml({"a"}, "same");
            if (token.empty()) {
                xml = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>";
            }
            return make_response(200, xml);
        });
        const auto s3 = bucket(client);
        const auto listed = s3->list_objects("");
        ASSERT_FALSE(listed);
        EXPECT_EQ(listed.error().kind, ErrorKind::S3);
        EXPECT_LE(client.request_count(), 2U);
    }
}

TEST_F(S3BucketTest, UnparseableListingIsAnError) {
    ScriptedHttpClient client(make_response(200, "<html>captive portal</html>"));
    const auto s3 = bucket(client);
    const auto listed = s3->list_objects("");
    ASSERT_FALSE(listed);
    EXPECT_EQ(listed.error().kind, ErrorKind::S3);
    EXPECT_TRUE(listed.error().message.starts_with("S3 ListObjectsV2 s3://my-bucket/: "))
        << listed.error().message;
    EXPECT_EQ(listed.error().message.find("captive"), std::string::npos);
}

// --- DeleteObjects ----------------------------------------------------------------------------

std::vector<std::string> keys_in_delete_body(const std::string& body) {
    std::vector<std::string> keys;
    std::size_t at = 0;
    while ((at = body.find("<Key>", at)) != std::string::npos) {
        const auto end = body.find("</Key>", at);
        keys.push_back(body.substr(at + 5, end - at - 5));
        at = end;
    }
    return keys;
}

TEST_F(S3BucketTest, DeletesInBatchesOfAThousandWithContentMd5) {
    ScriptedHttpClient client(make_response(200, "<DeleteResult></DeleteResult>"));
    const auto s3 = bucket(client);
    std::vector<std::string> keys;
    for (int i = 0; i < 2500; ++i) keys.push_back("p/file " + std::to_string(i) + ".txt");
    const auto outcome = s3->delete_objects(keys);
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_TRUE(outcome.failures.empty());
    EXPECT_EQ(outcome.deleted, keys);

    const auto requests = client.requests();
    ASSERT_EQ(requests.size(), 3U);
    std::vector<std::string> sent_keys;
    const std::vector<std::size_t> sizes = {1000, 1000, 500};
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const http::Request& sent = requests[i];
        EXPECT_EQ(sent.method, "POST");
        EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/?delete");
        EXPECT_EQ(sent.headers.get("Content-MD5"), crypto::base64_encode(crypto::md5(sent.body)));
        EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), crypto::sha256_hex(sent.body));
        EXPECT_EQ(sent.headers.get("Content-Type"), "application/xml");
        EXPECT_NE(sent.body.find("<Quiet>true</Quiet>"), std::string::npos);
        const auto batch = keys_in_delete_body(sent.body);
        EXPECT_EQ(batch.size(), sizes[i]);
        sent_keys.insert(sent_keys.end(), batch.begin(), batch.end());
    }
    EXPECT_EQ(sent_keys, keys);
}

TEST_F(S3BucketTest, DeleteReportsPerKeyErrors) {
    ScriptedHttpClient client(
        make_response(200,
                      "<DeleteResult><Error><Key>b &amp; c</Key><Code>AccessDenied</Code>"
                      "<Message>Access Denied</Message></Error></DeleteResult>"));
    const auto s3 = bucket(client);
    const auto outcome = s3->delete_objects({"a", "b & c"});
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    ASSERT_EQ(outcome.failures.size(), 1U);
    EXPECT_EQ(outcome.failures.at(0).key, "b & c");
    EXPECT_EQ(outcome.failures.at(0).code, "AccessDenied");
    EXPECT_EQ(outcome.failures.at(0).message, "Access Denied");
    EXPECT_EQ(outcome.deleted, std::vector<std::string>{"a"});
    EXPECT_NE(client.requests().at(0).body.find("<Key>b &amp; c</Key>"), std::string::npos);
}

TEST_F(S3BucketTest, KeysXmlCannotCarryFailWithoutStoppingTheRest) {
    ScriptedHttpClient client(make_response(200, "<DeleteResult/>"));
    const auto s3 = bucket(client);
    const std::string bad("bell\x07.txt");
    const auto outcome = s3->delete_objects({"good.txt", bad});
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    ASSERT_EQ(outcome.failures.size(), 1U);
    EXPECT_EQ(outcome.failures.at(0).key, bad);
    EXPECT_EQ(outcome.failures.at(0).code, "UnrepresentableKey");
    EXPECT_EQ(outcome.deleted, std::vector<std::string>{"good.txt"});
    ASSERT_EQ(client.request_count(), 1U);
    EXPECT_EQ(keys_in_delete_body(client.requests().at(0).body),
              std::vector<std::string>{"good.txt"});
}

TEST_F(S3BucketTest, DeletingNothingSendsNothing) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    const auto outcome = s3->delete_objects({});
    EXPECT_FALSE(outcome.error);
    EXPECT_TRUE(outcome.failures.empty());
    EXPECT_TRUE(outcome.deleted.empty());
    EXPECT_EQ(client.request_count(), 0U);
}

TEST_F(S3BucketTest, RequestLevelDeleteErrorIsAnError) {
    ScriptedHttpClient client(
        make_response(400, error_xml("MalformedXML", "The XML you provided was not well-formed")));
    const auto s3 = bucket(client);
    const auto outcome = s3->delete_objects({"a"});
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, ErrorKind::S3);
    EXPECT_NE(outcome.error->message.find("MalformedXML"), std::string::npos);
    EXPECT_TRUE(outcome.deleted.empty());
}

TEST_F(S3BucketTest, ABatchThatFailsKeepsWhatEarlierBatchesDeleted) {
    int batches = 0;
    ScriptedHttpClient client([&](const http::Request&) -> Result<http::Response> {
        // The first batch goes through with one key refused; the second fails as a whole.
        if (++batches == 1) {
            return make_response(200,
                                 "<DeleteResult><Error><Key>k7</Key><Code>AccessDenied</Code>"
                                 "<Message>Access Denied</Message></Error></DeleteResult>");
        }
        return make_response(403, error_xml("AccessDenied", "Access Denied"));
    });
    const auto s3 = bucket(client);
    std::vector<std::string> keys;
    for (int i = 0; i < 1500; ++i) keys.push_back("k" + std::to_string(i));
    const auto outcome = s3->delete_objects(keys);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.deleted.size(), 999U);
    EXPECT_EQ(outcome.deleted.front(), "k0");
    EXPECT_EQ(std::count(outcome.deleted.begin(), outcome.deleted.end(), "k7"), 0);
    EXPECT_EQ(outcome.deleted.back(), "k999");
    ASSERT_EQ(outcome.failures.size(), 1U);
    EXPECT_EQ(outcome.failures.front().key, "k7");
    EXPECT_EQ(batches, 2);
}

// --- threads ----------------------------------------------------------------------------------

TEST_F(S3BucketTest, ManyThreadsCanPutAtOnce) {
    ScriptedHttpClient client;
    S3Options opts;  // real clock, no sleeping needed
    const auto s3 = std::make_shared<S3Bucket>(client, credentials_, path_style_location(), opts);
    std::vector<PutObjectInput> inputs;
    for (int i = 0; i < 64; ++i)
        inputs.push_back(put_input("k" + std::to_string(i), std::to_string(i)));
    std::atomic<int> good{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < 64; i += 8) {
                    if (s3->put_object(inputs[static_cast<std::size_t>(i)])) ++good;
                }
            });
        }
    }
    EXPECT_EQ(good.load(), 64);
    std::set<std::string> urls;
    for (const auto& recorded : client.requests()) urls.insert(recorded.url);
    EXPECT_EQ(urls.size(), 64U);
}

// --- GetObject ----------------------------------------------------------------------------------

// The fake hands each body to the request's sink in small pieces, as curl does.

TEST_F(S3BucketTest, GetObjectStreamsTheBodyIntoAString) {
    ScriptedHttpClient client(make_response(200, "BucketName: site\nRepository: www\n"));
    const auto s3 = bucket(client);
    const auto body = s3->get_object("templates/site.yaml", 1024);
    ASSERT_TRUE(body) << body.error().message;
    EXPECT_EQ(*body, "BucketName: site\nRepository: www\n");
    const auto sent = client.requests().at(0);
    EXPECT_EQ(sent.method, "GET");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/templates/site.yaml");
    EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), kEmptySha256);
}

TEST_F(S3BucketTest, GetObjectStopsPastTheSizeCap) {
    ScriptedHttpClient client(make_response(200, std::string(100, 'x')));
    const auto s3 = bucket(client);
    const auto body = s3->get_object("big.yaml", 50);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().kind, ErrorKind::Io);
    EXPECT_EQ(body.error().message,
              "S3 GetObject s3://my-bucket/big.yaml: the object is larger than 50 bytes");
    EXPECT_EQ(client.request_count(), 1U);
}

TEST_F(S3BucketTest, GetObjectOfAMissingKeyIsNotFound) {
    ScriptedHttpClient client(
        make_response(404, error_xml("NoSuchKey", "The specified key does not exist.")));
    const auto s3 = bucket(client);
    const auto body = s3->get_object("gone.yaml", 1024);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().kind, ErrorKind::NotFound);
    EXPECT_NE(body.error().message.find("s3://my-bucket/gone.yaml"), std::string::npos);
}

// --- multipart upload -------------------------------------------------------------------------

TEST_F(S3BucketTest, CreateMultipartUploadSendsTheObjectHeadersAndReadsTheUploadId) {
    ScriptedHttpClient client(
        make_response(200,
                      "<InitiateMultipartUploadResult><UploadId>up/1+2</UploadId>"
                      "</InitiateMultipartUploadResult>"));
    const auto s3 = bucket(client);
    const auto id = s3->create_multipart_upload(
        {.key = "big.bin", .content_type = "", .metadata = {{"repo2s3-md5", "abc"}}});
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*id, "up/1+2");

    const http::Request sent = client.requests().at(0);
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/big.bin?uploads");
    EXPECT_EQ(sent.headers.get("Content-Type"), "application/octet-stream");
    EXPECT_EQ(sent.headers.get("x-amz-acl"), "bucket-owner-full-control");
    EXPECT_EQ(sent.headers.get("x-amz-meta-repo2s3-md5"), "abc");
}

TEST_F(S3BucketTest, UploadPartSendsOnlyItsByteRangeWithItsDigests) {
    ScriptedHttpClient client(make_response(200, "", {{"ETag", "\"part-etag\""}}));
    const auto s3 = bucket(client);
    const auto input = put_input("big.bin", "0123456789abcdefghij");
    const auto etag = s3->upload_part({.key = "big.bin",
                                       .upload_id = "up/1+2",
                                       .part_number = 2,
                                       .file_path = input.file_path,
                                       .offset = 10,
                                       .size = 6});
    ASSERT_TRUE(etag) << etag.error().message;
    EXPECT_EQ(*etag, "part-etag");

    const auto requests = client.requests();
    const http::Request& sent = requests.at(0);
    EXPECT_EQ(sent.method, "PUT");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/big.bin?partNumber=2&uploadId=up%2F1%2B2");
    EXPECT_EQ(requests[0].body_file_bytes, "abcdef");
    EXPECT_EQ(sent.headers.get("Content-MD5"), crypto::base64_encode(crypto::md5("abcdef")));
    EXPECT_EQ(sent.headers.get("x-amz-content-sha256"), crypto::sha256_hex("abcdef"));
}

TEST_F(S3BucketTest, UploadPartOfAFileThatShrankIsIoWithoutARequest) {
    ScriptedHttpClient client;
    const auto s3 = bucket(client);
    const auto input = put_input("big.bin", "short");
    const auto etag = s3->upload_part({.key = "big.bin",
                                       .upload_id = "u",
                                       .part_number = 1,
                                       .file_path = input.file_path,
                                       .offset = 0,
                                       .size = 100});
    ASSERT_FALSE(etag);
    EXPECT_EQ(etag.error().kind, ErrorKind::Io);
    EXPECT_TRUE(client.requests().empty());
}

TEST_F(S3BucketTest, CompleteMultipartUploadListsThePartsAndAnErrorInA200Fails) {
    ScriptedHttpClient client(make_response(
        200,
        "<CompleteMultipartUploadResult><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>"));
    const auto s3 = bucket(client);
    const auto etag = s3->complete_multipart_upload("big.bin", "u1", {{1, "e1"}, {2, "e2"}});
    ASSERT_TRUE(etag) << etag.error().message;
    EXPECT_EQ(*etag, "abc-2");
    const http::Request sent = client.requests().at(0);
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, "http://127.0.0.1:9000/my-bucket/big.bin?uploadId=u1");
    EXPECT_EQ(sent.body, build_complete_multipart_body({{1, "e1"}, {2, "e2"}}));

    client.answer_with(make_response(200, error_xml("InternalError", "try again")));
    const auto failed = s3->complete_multipart_upload("big.bin", "u1", {{1, "e1"}});
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("InternalError"), std::string::npos);
}

TEST_F(S3BucketTest, AbortMultipartUploadOfAnUploadAlreadyGoneSucceeds) {
    ScriptedHttpClient client(make_response(204));
    const auto s3 = bucket(client);
    EXPECT_TRUE(s3->abort_multipart_upload("big.bin", "u1"));
    EXPECT_EQ(client.requests().at(0).method, "DELETE");
    EXPECT_EQ(client.requests().at(0).url, "http://127.0.0.1:9000/my-bucket/big.bin?uploadId=u1");

    client.answer_with(make_response(404, error_xml("NoSuchUpload", "gone")));
    EXPECT_TRUE(s3->abort_multipart_upload("big.bin", "u1"));
    client.answer_with(make_response(403, error_xml("AccessDenied", "no")));
    EXPECT_FALSE(s3->abort_multipart_upload("big.bin", "u1"));
}

// --- conditional writes (the lease) ----------------------------------------------------------

TEST_F(S3BucketTest, PutBytesSendsTheConditionsSignedAndAnswersTheEtag) {
    auto answer = make_response(200);
    answer.headers.set("ETag", "\"e2\"");
    ScriptedHttpClient client(answer);
    const auto s3 = bucket(client);
    const auto created =
        s3->put_bytes("lease.json", "{}", "application/json", {.if_none_match_any = true});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(*created, "e2");
    const auto taken = s3->put_bytes("lease.json", "{}", "application/json", {.if_match = "e1"});
    ASSERT_TRUE(taken);

    const auto sent = client.requests();
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0].method, "PUT");
    EXPECT_EQ(sent[0].url, "http://127.0.0.1:9000/my-bucket/lease.json");
    EXPECT_EQ(sent[0].body, "{}");
    EXPECT_EQ(sent[0].headers.get("If-None-Match"), "*");
    EXPECT_FALSE(sent[0].headers.get("If-Match"));
    EXPECT_EQ(sent[0].headers.get("Content-Type"), "application/json");
    EXPECT_EQ(sent[0].headers.get("Content-MD5"), crypto::base64_encode(crypto::md5("{}")));
    EXPECT_EQ(sent[0].headers.get("x-amz-content-sha256"), crypto::sha256_hex("{}"));
    EXPECT_NE(sent[0].headers.get("Authorization")->find("if-none-match"), std::string::npos);
    EXPECT_EQ(sent[1].headers.get("If-Match"), "\"e1\"");
    EXPECT_NE(sent[1].headers.get("Authorization")->find("if-match"), std::string::npos);
}

TEST_F(S3BucketTest, ARefusedConditionIsPreconditionAndAConflictIsConflict) {
    ScriptedHttpClient client(make_response(
        412, error_xml("PreconditionFailed",
                       "At least one of the pre-conditions you specified did not hold")));
    const auto s3 = bucket(client);
    const auto refused =
        s3->put_bytes("lease.json", "{}", "application/json", {.if_none_match_any = true});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Precondition);
    EXPECT_EQ(client.request_count(), 1U);  // not retried

    client.answer_with(make_response(
        409, error_xml("ConditionalRequestConflict", "A conflicting operation is in progress")));
    const auto conflict = s3->put_bytes("lease.json", "{}", "", {.if_match = "e"});
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().kind, ErrorKind::Conflict);

    client.answer_with(make_response(412));  // HEAD-like: no document
    const auto deleted = s3->delete_object("lease.json", std::string("e"));
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().kind, ErrorKind::Precondition);
    EXPECT_NE(deleted.error().message.find("precondition failed"), std::string::npos);
}

TEST_F(S3BucketTest, GetObjectWithEtagAndDeleteObjectWithIfMatch) {
    auto answer = make_response(200, "{\"a\":1}");
    answer.headers.set("ETag", "\"abc\"");
    ScriptedHttpClient client(answer);
    const auto s3 = bucket(client);
    const auto object = s3->get_object_with_etag("lease.json", 1024);
    ASSERT_TRUE(object) << object.error().message;
    EXPECT_EQ(object->body, "{\"a\":1}");
    EXPECT_EQ(object->etag, "abc");

    client.answer_with(make_response(204));
    ASSERT_TRUE(s3->delete_object("lease.json", std::string("abc")));
    ASSERT_TRUE(s3->delete_object("other.json", std::nullopt));
    const auto sent = client.requests();
    ASSERT_EQ(sent.size(), 3U);
    EXPECT_EQ(sent[1].method, "DELETE");
    EXPECT_EQ(sent[1].url, "http://127.0.0.1:9000/my-bucket/lease.json");
    EXPECT_EQ(sent[1].headers.get("If-Match"), "\"abc\"");
    EXPECT_FALSE(sent[2].headers.get("If-Match"));
}

}  // namespace
}  // namespace repo2s3::s3
