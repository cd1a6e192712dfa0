#pragma once
// The http::Client of the unit tests. It answers as the test scripts it (one fixed answer, or a
// handler that looks at each request), records every request it is sent, and delivers bodies the
// way a streaming transport does. Safe to call from several threads at once, as http::Client
// requires.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "repo2s3/http/client.hpp"

namespace repo2s3::testing {

/// One request as the fake received it: the request itself (its sink dropped) and the bytes its
/// body_file held at send time (empty when it has none or it cannot be read).
struct SentRequest : http::Request {
    std::string body_file_bytes;
};

class ScriptedHttpClient final : public http::Client {
  public:
    /// The answer to one request: a response (any status) or a transport error
    /// (`fail(ErrorKind::Network, ...)`). It may be called from several threads at once.
    using Handler = std::function<Result<http::Response>(const http::Request&)>;

    /// The size of the pieces a response body is handed to a request's sink in: small, so that
    /// code under test sees a body arrive in several pieces, as it does from libcurl.
    static constexpr std::size_t kSinkPieceBytes = 7;

    /// Every request gets an empty 200.
    ScriptedHttpClient();
    /// Every request gets this answer.
    explicit ScriptedHttpClient(Result<http::Response> answer);
    /// Every request gets what the handler returns for it.
    explicit ScriptedHttpClient(Handler handler);

    /// From now on every request gets this answer (for fixtures that script each test).
    void answer_with(Result<http::Response> answer);
    /// From now on every request gets what the handler returns for it.
    void answer_with(Handler handler);

    /// Records the request, then answers it. When the request has a sink, the body of the
    /// response (whatever its status) goes to the sink in pieces of kSinkPieceBytes and the
    /// returned response has an empty body; a sink that refuses a piece ends the call with
    /// ErrorKind::Io, like a transfer aborted by its writer.
    Result<http::Response> send(const http::Request& request) override;

    /// Every request sent so far, in the order they were sent.
    std::vector<SentRequest> requests() const;
    std::size_t request_count() const;

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Handler> handler_;  // replaced whole by answer_with
    std::vector<SentRequest> requests_;
};

/// A response with the given status, body and headers (in this order).
http::Response make_response(long status, std::string body = {},
                             const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace repo2s3::testing
