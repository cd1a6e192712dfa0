#include "repo2s3/s3/s3_bucket.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <random>
#include <thread>
#include <unordered_set>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"
#include "repo2s3/http/url.hpp"
#include "repo2s3/s3/s3_error.hpp"
#include "repo2s3/s3/s3_xml.hpp"

namespace repo2s3::s3 {
namespace {

constexpr std::size_t kDeleteBatchSize = 1000;
constexpr std::string_view kMetadataPrefix = "x-amz-meta-";

bool is_ip_literal(std::string_view host) {
    if (host.starts_with('[')) return true;  // IPv6
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// RFC 9110 token characters: what a header name may contain.
bool is_header_name(std::string_view name) {
    constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               kExtra.find(c) != std::string_view::npos;
    });
}

// S3 keeps user metadata as US-ASCII header values.
bool is_header_value(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte < 0x7F;
    });
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::uint64_t parse_size(const std::optional<std::string>& text) {
    std::uint64_t value = 0;
    if (text) std::from_chars(text->data(), text->data() + text->size(), value);
    return value;
}

Error with_context(Error error, std::string_view context) {
    error.message = std::string(context) + error.message;
    return error;
}

Result<void> check_metadata(const std::map<std::string, std::string>& metadata,
                            const std::string& context) {
    for (const auto& [name, value] : metadata) {
        if (!is_header_name(name)) {
            return fail(ErrorKind::Usage,
                        context + "metadata name \"" + name + "\" is not a valid header name");
        }
        if (!is_header_value(value)) {
            return fail(ErrorKind::Usage,
                        context + "metadata \"" + name + "\" must be printable US-ASCII");
        }
    }
    return {};
}

Result<void> check_content_headers(const ContentHeaders& content, const std::string& context) {
    for (const auto* value :
         {&content.cache_control, &content.content_encoding, &content.content_language,
          &content.content_disposition, &content.website_redirect_location}) {
        if (*value && !is_header_value(**value)) {
            return fail(ErrorKind::Usage,
                        context + "header value \"" + **value + "\" must be printable US-ASCII");
        }
    }
    return {};
}

Result<void> check_object_headers(const ContentHeaders& content,
                                  const std::map<std::string, std::string>& metadata,
                                  const std::string& context) {
    if (auto checked = check_content_headers(content, context); !checked) return checked;
    return check_metadata(metadata, context);
}

// What every new object carries, whether it goes up whole, in parts or as a copy of itself.
void set_object_headers(http::Headers& headers, const std::string& content_type,
                        const ContentHeaders& content,
                        const std::map<std::string, std::string>& metadata) {
    headers.set("Content-Type", content_type.empty() ? "application/octet-stream" : content_type);
    headers.set("x-amz-acl", "bucket-owner-full-control");
    const std::pair<const char*, const std::optional<std::string>*> optional[] = {
        {"Cache-Control", &content.cache_control},
        {"Content-Encoding", &content.content_encoding},
        {"Content-Language", &content.content_language},
        {"Content-Disposition", &content.content_disposition},
        {"x-amz-website-redirect-location", &content.website_redirect_location},
    };
    for (const auto& [name, value] : optional) {
        if (*value) headers.set(name, **value);
    }
    for (const auto& [name, value] : metadata) {
        headers.set(std::string(kMetadataPrefix) + name, value);
    }
}

}  // namespace

// One S3 operation, before signing; execute() turns it into a request for each attempt.
struct S3Bucket::Call {
    std::string_view operation;  // "PutObject", for messages
    std::string target;          // "s3://bucket/key", for messages
    std::string method;
    std::string url;
    http::Headers headers;
    std::string body;
    std::optional<std::string> body_file;
    std::uint64_t body_offset = 0;  // with body_file: the part of it to send
    std::optional<std::uint64_t> body_length;
    std::string payload_sha256_hex;
    std::chrono::milliseconds timeout{};
    std::optional<http::MinimumSpeed> minimum_speed;
    /// When non-zero, the response body is streamed and the call fails past this many bytes.
    std::uint64_t max_response_bytes = 0;

    std::string context() const { return "S3 " + std::string(operation) + " " + target + ": "; }
};

S3Bucket::S3Bucket(http::Client& client, std::shared_ptr<aws::CredentialsProvider> credentials,
                   S3Location location, S3Options options)
    : client_(client),
      credentials_(std::move(credentials)),
      location_(std::move(location)),
      options_(std::move(options)) {
    if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
    if (!options_.sleep) options_.sleep = [](auto delay) { std::this_thread::sleep_for(delay); };

    std::string endpoint = location_.endpoint;
    while (endpoint.ends_with('/')) endpoint.pop_back();
    const auto url = http::parse_url(endpoint);
    const bool virtual_hosted = !location_.path_style && url &&
                                location_.bucket.find('.') == std::string::npos &&
                                !is_ip_literal(url->host);
    if (virtual_hosted) {
        std::string base_path = url->target.substr(0, url->target.find('?'));
        while (base_path.ends_with('/')) base_path.pop_back();
        bucket_url_ = url->scheme + "://" + location_.bucket + "." + url->host +
                      (url->port.empty() ? "" : ":" + url->port) + base_path + "/";
    } else {
        bucket_url_ = endpoint + "/" + http::percent_encode(location_.bucket, false) + "/";
    }
}

std::string S3Bucket::bucket_url() const {
    return bucket_url_;
}

std::string S3Bucket::object_url(std::string_view key) const {
    return bucket_url_ + http::percent_encode(key, /*keep_slash=*/true);
}

Result<aws::Credentials> S3Bucket::current_credentials() {
    if (!credentials_) return fail(ErrorKind::Auth, "no AWS credentials provider configured");
    const std::lock_guard guard(credentials_mutex_);
    return credentials_->credentials();
}

std::chrono::milliseconds S3Bucket::backoff(int retry, bool slow_down) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto max_delay = slow_down ? options_.slow_down_max_delay : options_.retry_max_delay;
    auto ceiling = slow_down ? options_.retry_base_delay * 4 : options_.retry_base_delay;
    for (int i = 0; i < retry && ceiling < max_delay; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, max_delay);
    const auto half = ceiling.count() / 2;
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(half, 0));
    return std::chrono::milliseconds(ceiling.count() - half + jitter(random));
}

bool S3Bucket::wait_before_retry(int retry, bool slow_down) {
    const auto delay = backoff(retry, slow_down);
    if (delay >= options_.deadline.remaining()) return false;
    options_.sleep(delay);
    return true;
}

Result<http::Response> S3Bucket::execute(const Call& call) {
    const auto attempts_note = [](int attempt) {
        return attempt == 0 ? std::string() : " after " + std::to_string(attempt + 1) + " attempts";
    };
    for (int attempt = 0;; ++attempt) {
        auto credentials = current_credentials();
        if (!credentials) {
            return util::unexpected(with_context(credentials.error(), call.context()));
        }

        http::Request request;
        request.method = call.method;
        request.url = call.url;
        request.headers = call.headers;
        request.body = call.body;
        request.body_file = call.body_file;
        request.body_offset = call.body_offset;
        request.body_length = call.body_length;
        request.timeout = call.timeout;
        request.minimum_speed = call.minimum_speed;
        request.deadline = options_.deadline;
        std::string streamed;
        bool too_large = false;
        if (call.max_response_bytes > 0) {
            request.sink = [&streamed, &too_large, limit = call.max_response_bytes](auto chunk) {
                if (streamed.size() + chunk.size() > limit) {
                    too_large = true;
                    return false;
                }
                streamed.append(chunk);
                return true;
            };
        }
        aws::sigv4::sign_request(request, *credentials, {location_.region, "s3"},
                                 call.payload_sha256_hex, options_.clock());

        auto response = client_.send(request);
        if (too_large) {
            return fail(ErrorKind::Io, call.context() + "the object is larger than " +
                                           std::to_string(call.max_response_bytes) + " bytes");
        }
        if (response && call.max_response_bytes > 0 && response->body.empty()) {
            response->body = std::move(streamed);
        }
        const bool may_retry = attempt < options_.retries;
        if (!response) {
            const ErrorKind kind = response.error().kind;
            if (may_retry && (kind == ErrorKind::Network || kind == ErrorKind::Timeout) &&
                wait_before_retry(attempt, false)) {
                continue;
            }
            return fail(kind, call.context() + response.error().message + attempts_note(attempt));
        }
        if (response->status >= 200 && response->status < 300) return response;

        const ServiceError service = service_error(*response);
        const bool slow_down = service.code == "SlowDown" || service.http_status == 503;
        if (may_retry && is_retryable(service) && wait_before_retry(attempt, slow_down)) {
            continue;
        }
        Error error = to_error(service, call.operation, call.target);
        error.message += attempts_note(attempt);
        return util::unexpected(std::move(error));
    }
}

Result<std::vector<ObjectSummary>> S3Bucket::list_objects(const std::string& prefix) {
    std::vector<ObjectSummary> objects;
    std::string token;
    for (;;) {
        Call call{.operation = "ListObjectsV2",
                  .target = "s3://" + location_.bucket + "/" + prefix,
                  .method = "GET"};
        call.url = bucket_url_ + "?list-type=2&prefix=" + http::percent_encode(prefix, false) +
                   "&encoding-type=url";
        if (!token.empty()) call.url += "&continuation-token=" + http::percent_encode(token, false);
        call.payload_sha256_hex = crypto::sha256_hex("");
        call.timeout = options_.timeout;

        auto response = execute(call);
        if (!response) return util::unexpected(std::move(response.error()));
        auto page = parse_list_objects_page(response->body);
        if (!page) return util::unexpected(with_context(page.error(), call.context()));
        std::move(page->objects.begin(), page->objects.end(), std::back_inserter(objects));
        if (!page->is_truncated) return objects;
        if (page->next_continuation_token.empty() || page->next_continuation_token == token) {
            return fail(ErrorKind::S3, call.context() +
                                           "the listing is truncated but gives no new "
                                           "continuation token; stopping after " +
                                           std::to_string(objects.size()) + " keys");
        }
        token = std::move(page->next_continuation_token);
    }
}

Result<ObjectHead> S3Bucket::head_object(const std::string& key) {
    Call call{.operation = "HeadObject",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "HEAD"};
    if (key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    call.url = object_url(key);
    call.payload_sha256_hex = crypto::sha256_hex("");
    call.timeout = options_.timeout;

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    ObjectHead head;
    head.etag = unquote_etag(response->headers.get("ETag").value_or(""));
    head.size = parse_size(response->headers.get("Content-Length"));
    head.content_type = response->headers.get("Content-Type").value_or("");
    for (const auto& [name, value] : response->headers.entries()) {
        const std::string lowered = lower(name);
        if (lowered.size() > kMetadataPrefix.size() && lowered.starts_with(kMetadataPrefix)) {
            head.metadata[lowered.substr(kMetadataPrefix.size())] = value;
        }
    }
    return head;
}

Result<std::string> S3Bucket::get_object(const std::string& key, std::uint64_t max_bytes) {
    auto object = get_object_with_etag(key, max_bytes);
    if (!object) return util::unexpected(std::move(object.error()));
    return std::move(object->body);
}

Result<ObjectBytes> S3Bucket::get_object_with_etag(const std::string& key,
                                                   std::uint64_t max_bytes) {
    Call call{.operation = "GetObject",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "GET"};
    if (key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    call.url = object_url(key);
    call.payload_sha256_hex = crypto::sha256_hex("");
    call.timeout = options_.timeout;
    call.max_response_bytes = std::max<std::uint64_t>(max_bytes, 1);

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    if (response->body.size() > call.max_response_bytes) {
        return fail(ErrorKind::Io, call.context() + "the object is larger than " +
                                       std::to_string(call.max_response_bytes) + " bytes");
    }
    return ObjectBytes{std::move(response->body),
                       unquote_etag(response->headers.get("ETag").value_or(""))};
}

Result<std::string> S3Bucket::put_object(const PutObjectInput& input) {
    Call call{.operation = "PutObject",
              .target = "s3://" + location_.bucket + "/" + input.key,
              .method = "PUT"};
    if (input.key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    if (auto checked = check_object_headers(input.headers, input.metadata, call.context());
        !checked) {
        return util::unexpected(std::move(checked.error()));
    }

    auto digests = crypto::md5_and_sha256_file(input.file_path);
    if (!digests) return util::unexpected(with_context(digests.error(), call.context()));
    const std::string md5_hex = crypto::hex_encode(digests->md5);
    if (!input.md5_hex.empty() && lower(input.md5_hex) != md5_hex) {
        return fail(ErrorKind::Io, call.context() + input.file_path +
                                       " changed after it was hashed (MD5 " + input.md5_hex +
                                       ", now " + md5_hex + "); run again");
    }

    call.url = object_url(input.key);
    set_object_headers(call.headers, input.content_type, input.headers, input.metadata);
    call.body_file = input.file_path;
    return send_file_body(call, digests->md5, digests->sha256);
}

Result<std::string> S3Bucket::send_file_body(Call& call, const std::string& md5,
                                             const std::string& sha256) {
    call.headers.set("Content-MD5", crypto::base64_encode(md5));
    call.payload_sha256_hex = crypto::hex_encode(sha256);
    call.timeout = std::chrono::milliseconds(0);  // no time limit while it moves
    call.minimum_speed = options_.upload_speed;

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    auto etag = unquote_etag(response->headers.get("ETag").value_or(""));
    return etag.empty() ? crypto::hex_encode(md5) : etag;
}

Result<std::string> S3Bucket::put_bytes(const std::string& key, const std::string& body,
                                        const std::string& content_type,
                                        const WriteCondition& condition) {
    Call call{.operation = "PutObject",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "PUT"};
    if (key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    call.url = object_url(key);
    call.body = body;
    call.headers.set("Content-Type",
                     content_type.empty() ? "application/octet-stream" : content_type);
    call.headers.set("Content-MD5", crypto::base64_encode(crypto::md5(body)));
    call.headers.set("x-amz-acl", "bucket-owner-full-control");
    call.headers.set(std::string(kMetadataPrefix) + "repo2s3-md5", crypto::md5_hex(body));
    if (condition.if_none_match_any) call.headers.set("If-None-Match", "*");
    if (condition.if_match) call.headers.set("If-Match", "\"" + *condition.if_match + "\"");
    call.payload_sha256_hex = crypto::sha256_hex(body);
    call.timeout = options_.timeout;

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    auto etag = unquote_etag(response->headers.get("ETag").value_or(""));
    return etag.empty() ? crypto::hex_encode(crypto::md5(body)) : etag;
}

Result<void> S3Bucket::delete_object(const std::string& key,
                                     const std::optional<std::string>& if_match) {
    Call call{.operation = "DeleteObject",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "DELETE"};
    if (key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    call.url = object_url(key);
    if (if_match) call.headers.set("If-Match", "\"" + *if_match + "\"");
    call.payload_sha256_hex = crypto::sha256_hex("");
    call.timeout = options_.timeout;

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    return {};
}

DeleteOutcome S3Bucket::delete_objects(const std::vector<std::string>& keys) {
    DeleteOutcome outcome;
    std::vector<std::string> deletable;
    deletable.reserve(keys.size());
    for (const auto& key : keys) {
        if (is_xml_representable(key)) {
            deletable.push_back(key);
        } else {
            outcome.failures.push_back({key, "UnrepresentableKey",
                                        "the key holds a control character that a DeleteObjects "
                                        "request cannot carry"});
        }
    }

    for (std::size_t start = 0; start < deletable.size(); start += kDeleteBatchSize) {
        const auto end = std::min(deletable.size(), start + kDeleteBatchSize);
        const std::vector<std::string> batch(deletable.begin() + static_cast<std::ptrdiff_t>(start),
                                             deletable.begin() + static_cast<std::ptrdiff_t>(end));
        Call call{.operation = "DeleteObjects",
                  .target = "s3://" + location_.bucket + " (" + std::to_string(batch.size()) +
                            (batch.size() == 1 ? " key" : " keys") + " from \"" + batch.front() +
                            "\")",
                  .method = "POST"};
        call.url = bucket_url_ + "?delete";
        call.body = build_delete_body(batch);
        call.headers.set("Content-Type", "application/xml");
        call.headers.set("Content-MD5", crypto::base64_encode(crypto::md5(call.body)));
        call.payload_sha256_hex = crypto::sha256_hex(call.body);
        call.timeout = options_.timeout;

        auto response = execute(call);
        if (!response) {
            outcome.error = std::move(response.error());
            return outcome;
        }
        auto refused = parse_delete_result(response->body);
        if (!refused) {
            outcome.error = with_context(refused.error(), call.context());
            return outcome;
        }
        std::unordered_set<std::string_view> refused_keys;
        for (const auto& failure : *refused) refused_keys.insert(failure.key);
        for (const auto& key : batch) {
            if (!refused_keys.contains(key)) outcome.deleted.push_back(key);
        }
        std::move(refused->begin(), refused->end(), std::back_inserter(outcome.failures));
    }
    return outcome;
}

// --- Multipart upload.

std::string S3Bucket::upload_url(std::string_view key, std::string_view upload_id) const {
    return object_url(key) + "?uploadId=" + http::percent_encode(upload_id, false);
}

Result<std::string> S3Bucket::create_multipart_upload(const MultipartUploadInput& input) {
    Call call{.operation = "CreateMultipartUpload",
              .target = "s3://" + location_.bucket + "/" + input.key,
              .method = "POST"};
    if (input.key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    if (auto checked = check_object_headers(input.headers, input.metadata, call.context());
        !checked) {
        return util::unexpected(std::move(checked.error()));
    }
    call.url = object_url(input.key) + "?uploads";
    set_object_headers(call.headers, input.content_type, input.headers, input.metadata);
    call.payload_sha256_hex = crypto::sha256_hex("");
    call.timeout = options_.timeout;

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    auto upload_id = parse_initiate_multipart_upload(response->body);
    if (!upload_id) return util::unexpected(with_context(upload_id.error(), call.context()));
    return upload_id;
}

Result<std::string> S3Bucket::upload_part(const UploadPartInput& input) {
    Call call{.operation = "UploadPart",
              .target = "s3://" + location_.bucket + "/" + input.key + " (part " +
                        std::to_string(input.part_number) + ")",
              .method = "PUT"};
    auto digests = crypto::md5_and_sha256_file_range(input.file_path, input.offset, input.size);
    if (!digests) return util::unexpected(with_context(digests.error(), call.context()));

    call.url = object_url(input.key) + "?partNumber=" + std::to_string(input.part_number) +
               "&uploadId=" + http::percent_encode(input.upload_id, false);
    call.body_file = input.file_path;
    call.body_offset = input.offset;
    call.body_length = input.size;
    return send_file_body(call, digests->md5, digests->sha256);
}

std::string S3Bucket::copy_source(std::string_view key) const {
    return "/" + http::percent_encode(location_.bucket, false) + "/" +
           http::percent_encode(key, true);
}

Result<std::string> S3Bucket::copy(Call& call, std::string_view source_key,
                                   std::string_view source_etag, std::string_view result_root) {
    call.headers.set("x-amz-copy-source", copy_source(source_key));
    call.headers.set("x-amz-copy-source-if-match", "\"" + std::string(source_etag) + "\"");
    call.payload_sha256_hex = crypto::sha256_hex("");
    // S3 copies within its own network; a large copy takes a while, with no bytes on ours.
    call.timeout = std::max(options_.timeout, std::chrono::milliseconds(std::chrono::minutes(10)));

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    auto etag = parse_copy_result(response->body, result_root);
    if (!etag) return util::unexpected(with_context(etag.error(), call.context()));
    return etag;
}

Result<std::string> S3Bucket::upload_part_copy(const UploadPartCopyInput& input) {
    Call call{.operation = "UploadPartCopy",
              .target = "s3://" + location_.bucket + "/" + input.key + " (part " +
                        std::to_string(input.part_number) + ")",
              .method = "PUT"};
    if (input.size == 0) return fail(ErrorKind::Usage, call.context() + "empty range");
    call.url = object_url(input.key) + "?partNumber=" + std::to_string(input.part_number) +
               "&uploadId=" + http::percent_encode(input.upload_id, false);
    call.headers.set("x-amz-copy-source-range", "bytes=" + std::to_string(input.offset) + "-" +
                                                    std::to_string(input.offset + input.size - 1));
    return copy(call, input.source_key, input.source_etag, "CopyPartResult");
}

Result<std::string> S3Bucket::replace_headers(const ReplaceHeadersInput& input) {
    Call call{.operation = "CopyObject",
              .target = "s3://" + location_.bucket + "/" + input.key,
              .method = "PUT"};
    if (input.key.empty()) return fail(ErrorKind::Usage, call.context() + "empty object key");
    if (auto checked = check_object_headers(input.headers, input.metadata, call.context());
        !checked) {
        return util::unexpected(std::move(checked.error()));
    }
    call.url = object_url(input.key);
    set_object_headers(call.headers, input.content_type, input.headers, input.metadata);
    call.headers.set("x-amz-metadata-directive", "REPLACE");
    return copy(call, input.key, input.etag, "CopyObjectResult");
}

Result<std::string> S3Bucket::complete_multipart_upload(const std::string& key,
                                                        const std::string& upload_id,
                                                        const std::vector<CompletedPart>& parts) {
    Call call{.operation = "CompleteMultipartUpload",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "POST"};
    call.url = upload_url(key, upload_id);
    call.body = build_complete_multipart_body(parts);
    call.headers.set("Content-Type", "application/xml");
    call.payload_sha256_hex = crypto::sha256_hex(call.body);
    // S3 may take minutes to join many parts; it keeps the connection alive meanwhile.
    call.timeout = std::max(options_.timeout, std::chrono::milliseconds(std::chrono::minutes(10)));

    auto response = execute(call);
    if (!response) return util::unexpected(std::move(response.error()));
    auto etag = parse_complete_multipart_upload(response->body);
    if (!etag) return util::unexpected(with_context(etag.error(), call.context()));
    return etag;
}

Result<void> S3Bucket::abort_multipart_upload(const std::string& key,
                                              const std::string& upload_id) {
    Call call{.operation = "AbortMultipartUpload",
              .target = "s3://" + location_.bucket + "/" + key,
              .method = "DELETE"};
    call.url = upload_url(key, upload_id);
    call.payload_sha256_hex = crypto::sha256_hex("");
    call.timeout = options_.timeout;
    auto response = execute(call);
    // An upload already gone (a retried abort that had succeeded) is what was wanted.
    if (!response && response.error().kind != ErrorKind::NotFound) {
        return util::unexpected(std::move(response.error()));
    }
    return {};
}

}  // namespace repo2s3::s3
