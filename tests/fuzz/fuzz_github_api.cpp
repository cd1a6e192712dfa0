// The GitHub JSON readers, driven through a fake http::Client that answers every request with
// the fuzz input:
//   byte 0   the status: 200, 201, 401, 403, 404, 422, 429, 500, 502, 301 (modulo)
//   byte 1   rate-limit headers: bit 0 x-ratelimit-remaining: 0 (else 4999), bit 1
//            x-ratelimit-reset, bit 2 retry-after; with bit 1 or 2 the value of those two is the
//            input up to the first '\n' (at most 32 bytes), and the body is what follows
//   the rest the body
// github::create_installation_token, github::resolve_branch_sha, github::response_error and
// github::response_message all read the same response.
//   A token is returned only for 200/201 and is the body's "token"; 401 is Auth, 404 and 422
//   NotFound; no message quotes the App JWT or the installation token unless the body did, and
//   a 200/201 whose token cannot be used gives the same message with any other token.
//   A SHA is returned only for 200 and is 40 lower-case hex digits; 404/422 are NotFound.
//   response_error starts "GitHub <what>: " and its kind follows the status.
//   response_message is one line of valid UTF-8, at most 200 bytes when quoting a body.
// Retries (5xx, rate limits) happen as in production but wait for nothing.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "repo2s3/github/api.hpp"
#include "repo2s3/github/branch_archive.hpp"
#include "repo2s3/github/installation_token.hpp"
#include "repo2s3/util/utf8.hpp"

namespace {

using namespace repo2s3;

constexpr std::array<long, 10> kStatuses = {200, 201, 401, 403, 404, 422, 429, 500, 502, 301};
constexpr const char* kJwt = "eyJhbGciOiJSUzI1NiJ9.fuzz-app-jwt.c2lnbmF0dXJl";
constexpr const char* kToken = "ghs_fuzzinstallationtoken0123456789";
constexpr const char* kWhat = "branch main of octo-org/site";

/// Answers every request with one response, and remembers the last request.
class FixedClient final : public http::Client {
  public:
    explicit FixedClient(http::Response response) : response_(std::move(response)) {}

    Result<http::Response> send(const http::Request& request) override {
        last_request_ = request;
        if (request.sink) {  // a streaming caller gets the body through its sink, as from curl
            http::Response streamed = response_;
            if (!request.sink(streamed.body)) return fail(ErrorKind::Io, "sink refused the body");
            streamed.body.clear();
            return streamed;
        }
        return response_;
    }
    const http::Request& last_request() const { return last_request_; }

  private:
    http::Response response_;
    http::Request last_request_;
};

http::Response make_response(std::string_view input) {
    http::Response response;
    if (input.size() < 2) {
        response.status = 200;
        response.body = std::string(input);
        return response;
    }
    response.status = kStatuses[static_cast<unsigned char>(input[0]) % kStatuses.size()];
    const auto flags = static_cast<unsigned char>(input[1]);
    input.remove_prefix(2);
    response.headers.set("x-ratelimit-remaining", (flags & 1U) != 0 ? "0" : "4999");
    if ((flags & 6U) != 0) {
        const auto end = input.find('\n');
        const std::string_view value = input.substr(0, std::min<std::size_t>(end, 32));
        if ((flags & 2U) != 0) response.headers.set("x-ratelimit-reset", std::string(value));
        if ((flags & 4U) != 0) response.headers.set("retry-after", std::string(value));
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    }
    response.body = std::string(input);
    return response;
}

/// Production's API settings, with retries that wait for nothing.
github::ApiConfig api() {
    github::ApiConfig config;
    config.retry.sleep = [](std::chrono::milliseconds) {};
    return config;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

Result<github::InstallationToken> request_token(const http::Response& response,
                                                http::Request* sent = nullptr) {
    FixedClient client(response);
    const github::TokenRequest request{.app_id = "123456",
                                       .installation_id = "98765432",
                                       .organization = "octo-org",
                                       .repository = "site"};
    auto token = github::create_installation_token(client, api(), request, kJwt);
    if (sent != nullptr) *sent = client.last_request();
    return token;
}

void check_token(const http::Response& response) {
    http::Request sent;
    const auto token = request_token(response, &sent);
    FUZZ_CHECK(sent.method == "POST");
    FUZZ_CHECK(nlohmann::json::accept(sent.body));

    auto json = nlohmann::json::parse(response.body, nullptr, false);
    const bool has_token = json.is_object() && json.contains("token") && json["token"].is_string();
    if (token) {
        FUZZ_CHECK(response.status == 200 || response.status == 201);
        FUZZ_CHECK(has_token && token->token == json["token"].get<std::string>());
        return;
    }
    const Error& error = token.error();
    FUZZ_CHECK(!error.message.empty());
    if (response.status == 401) FUZZ_CHECK(error.kind == ErrorKind::Auth);
    if (response.status == 404 || response.status == 422) {
        FUZZ_CHECK(error.kind == ErrorKind::NotFound);
    }
    if (!contains(response.body, kJwt)) {
        FUZZ_CHECK_MSG(!contains(error.message, kJwt), error.message);
    }
    // A token GitHub sent but that could not be used is not quoted: the same response with
    // another token gives the same message.
    if ((response.status == 200 || response.status == 201) && has_token) {
        json["token"] =
            "ghs_another_token_" + std::to_string(json["token"].get<std::string>().size());
        http::Response other = response;
        other.body = json.dump();
        const auto again = request_token(other);
        FUZZ_CHECK(!again.has_value());
        FUZZ_CHECK_MSG(again.error().message == error.message, error.message);
    }
}

bool is_sha(std::string_view text) {
    return text.size() == 40 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

void check_branch_sha(const http::Response& response) {
    FixedClient client(response);
    const github::RepositoryRef ref{"octo-org", "site", "main"};
    const auto sha = github::resolve_branch_sha(client, api(), ref, kToken);
    FUZZ_CHECK(client.last_request().method == "GET");
    if (sha) {
        FUZZ_CHECK(response.status == 200);
        FUZZ_CHECK_MSG(is_sha(*sha), *sha);
        return;
    }
    FUZZ_CHECK(!sha.error().message.empty());
    if (response.status == 404 || response.status == 409 || response.status == 422)
        FUZZ_CHECK(sha.error().kind == ErrorKind::NotFound);
    if (response.status == 401) FUZZ_CHECK(sha.error().kind == ErrorKind::Auth);
    if (!contains(response.body, kToken)) FUZZ_CHECK(!contains(sha.error().message, kToken));
}

void check_response_error(const http::Response& response) {
    const Error error = github::response_error(response, kWhat);
    FUZZ_CHECK_MSG(error.message.starts_with(std::string("GitHub ") + kWhat + ": "), error.message);
    switch (response.status) {
        case 401:
            FUZZ_CHECK(error.kind == ErrorKind::Auth);
            break;
        case 404:
            FUZZ_CHECK(error.kind == ErrorKind::NotFound);
            break;
        case 429:
            FUZZ_CHECK(error.kind == ErrorKind::RateLimited);
            break;
        case 403:
            FUZZ_CHECK(error.kind == ErrorKind::RateLimited || error.kind == ErrorKind::Http);
            break;
        default:
            FUZZ_CHECK(error.kind == ErrorKind::Http);
    }

    const std::string message = github::response_message(response);
    FUZZ_CHECK_MSG(util::is_valid_utf8(message), message);
    FUZZ_CHECK_MSG(message == util::single_line(message), message);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_object() && json.contains("message") && json["message"].is_string()) {
        FUZZ_CHECK(message == util::single_line(json["message"].get<std::string>()));
    } else {
        // A quote of the body: its start, as one line, cut to 200 bytes (more after repair).
        const std::string body_line = util::sanitize_utf8(util::single_line(response.body));
        FUZZ_CHECK_MSG(message.size() <= 3 * 200 && body_line.starts_with(message), message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const http::Response response = make_response(fuzz::as_text(data, size));
    check_token(response);
    check_branch_sha(response);
    check_response_error(response);
    return 0;
}
