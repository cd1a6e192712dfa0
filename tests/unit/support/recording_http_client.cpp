#include "support/recording_http_client.hpp"

#include <fstream>
#include <sstream>

namespace repo2s3::testing {

Result<http::Response> RecordingHttpClient::send(const http::Request& request) {
    RecordedRequest recorded{request, {}};
    recorded.request.sink = nullptr;
    if (request.body_file) {
        std::ifstream in(*request.body_file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        recorded.body_file_bytes = bytes.str();
    }
    {
        const std::lock_guard guard(mutex_);
        requests_.push_back(std::move(recorded));
    }
    if (!handler_) return make_response(200);
    return handler_(request);
}

std::vector<RecordedRequest> RecordingHttpClient::requests() const {
    const std::lock_guard guard(mutex_);
    return requests_;
}

std::size_t RecordingHttpClient::request_count() const {
    const std::lock_guard guard(mutex_);
    return requests_.size();
}

http::Response make_response(long status, std::string body,
                             std::vector<std::pair<std::string, std::string>> headers) {
    http::Response response;
    response.status = status;
    response.body = std::move(body);
    for (auto& [name, value] : headers) response.headers.add(std::move(name), std::move(value));
    return response;
}

}  // namespace repo2s3::testing
