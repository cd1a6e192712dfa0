#include "support/fake_http_client.hpp"

namespace repo2s3::testing {

Result<http::Response> FakeHttpClient::send(const http::Request& request) {
    {
        const std::lock_guard lock(mutex_);
        http::Request recorded = request;
        recorded.sink = nullptr;
        requests_.push_back(std::move(recorded));
    }
    auto response = handler_(request);
    if (!response || !request.sink) return response;
    constexpr std::size_t kPiece = 1000;
    for (std::size_t offset = 0; offset < response->body.size(); offset += kPiece) {
        const auto piece = std::string_view(response->body).substr(offset, kPiece);
        if (!request.sink(piece)) return fail(ErrorKind::Io, "the body sink stopped the transfer");
    }
    response->body.clear();
    return response;
}

std::vector<http::Request> FakeHttpClient::requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t FakeHttpClient::request_count() const {
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
