#include "support/scripted_http_client.hpp"

#include <algorithm>
#include <string_view>

#include "support/test_paths.hpp"

namespace repo2s3::testing {
namespace {

ScriptedHttpClient::Handler always(Result<http::Response> answer) {
    return [answer = std::move(answer)](const http::Request&) { return answer; };
}

}  // namespace

ScriptedHttpClient::ScriptedHttpClient() : ScriptedHttpClient(make_response(200)) {}

ScriptedHttpClient::ScriptedHttpClient(Result<http::Response> answer)
    : ScriptedHttpClient(always(std::move(answer))) {}

ScriptedHttpClient::ScriptedHttpClient(Handler handler)
    : handler_(std::make_shared<const Handler>(std::move(handler))) {}

void ScriptedHttpClient::answer_with(Result<http::Response> answer) {
    answer_with(always(std::move(answer)));
}

void ScriptedHttpClient::answer_with(Handler handler) {
    auto shared = std::make_shared<const Handler>(std::move(handler));
    const std::lock_guard lock(mutex_);
    handler_ = std::move(shared);
}

Result<http::Response> ScriptedHttpClient::send(const http::Request& request) {
    std::string file_bytes;
    if (request.body_file) {
        file_bytes = read_file(*request.body_file);
        const auto start = std::min<std::size_t>(request.body_offset, file_bytes.size());
        file_bytes = file_bytes.substr(start, request.body_length
                                                  ? static_cast<std::size_t>(*request.body_length)
                                                  : std::string::npos);
    }
    SentRequest sent{request, std::move(file_bytes)};
    sent.sink = nullptr;
    std::shared_ptr<const Handler> handler;
    {
        const std::lock_guard lock(mutex_);
        requests_.push_back(std::move(sent));
        handler = handler_;
    }
    auto response = (*handler)(request);
    if (!response || !request.sink) return response;
    const std::string_view body = response->body;
    for (std::size_t offset = 0; offset < body.size(); offset += kSinkPieceBytes) {
        if (!request.sink(body.substr(offset, kSinkPieceBytes))) {
            return fail(ErrorKind::Io, "the body sink stopped the transfer");
        }
    }
    response->body.clear();
    return response;
}

std::vector<SentRequest> ScriptedHttpClient::requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t ScriptedHttpClient::request_count() const {
    const std::lock_guard lock(mutex_);
    return requests_.size();
}

http::Response make_response(long status, std::string body,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    http::Response response;
    response.status = status;
    response.body = std::move(body);
    for (const auto& [name, value] : headers) response.headers.add(name, value);
    return response;
}

}  // namespace repo2s3::testing
