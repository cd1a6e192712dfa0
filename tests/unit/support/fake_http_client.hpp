#pragma once
// An http::Client for unit tests: answers from a handler, records every request, and hands
// response bodies to a request's sink in small pieces, as a streaming transport would.

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "repo2s3/http/client.hpp"

namespace repo2s3::testing {

class FakeHttpClient : public http::Client {
  public:
    using Handler = std::function<Result<http::Response>(const http::Request&)>;

    explicit FakeHttpClient(Handler handler) : handler_(std::move(handler)) {}

    /// Records the request (without its sink), asks the handler, and streams the body to the
    /// sink when there is one, whatever the status. A sink that refuses a piece makes the call
    /// fail with ErrorKind::Io, like a real transfer aborted by its writer.
    Result<http::Response> send(const http::Request& request) override;

    std::vector<http::Request> requests() const;
    std::size_t request_count() const;

  private:
    Handler handler_;
    mutable std::mutex mutex_;
    std::vector<http::Request> requests_;
};

/// A response value: status, body, headers.
http::Response make_response(long status, std::string body = {},
                             const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace repo2s3::testing
