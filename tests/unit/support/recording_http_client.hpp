#pragma once
// An http::Client for unit tests: answers from a scripted handler and records every request,
// including the bytes of a streamed body file as they were at send time.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "repo2s3/http/client.hpp"

namespace repo2s3::testing {

struct RecordedRequest {
    http::Request request;        // sink dropped
    std::string body_file_bytes;  // contents of request.body_file when it was sent
};

class RecordingHttpClient final : public http::Client {
  public:
    using Handler = std::function<Result<http::Response>(const http::Request&)>;

    /// Without a handler every request gets an empty 200.
    explicit RecordingHttpClient(Handler handler = {}) : handler_(std::move(handler)) {}

    Result<http::Response> send(const http::Request& request) override;

    std::vector<RecordedRequest> requests() const;
    std::size_t request_count() const;

  private:
    Handler handler_;
    mutable std::mutex mutex_;
    std::vector<RecordedRequest> requests_;
};

/// A response with the given status, body and headers.
http::Response make_response(long status, std::string body = {},
                             std::vector<std::pair<std::string, std::string>> headers = {});

}  // namespace repo2s3::testing
