#pragma once
// The one HTTP seam. S3, GitHub, Slack and the Lambda runtime talk through it, so unit tests can
// substitute a fake and the transport can change without touching them.

#include "repo2s3/http/message.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::http {

class Client {
  public:
    virtual ~Client() = default;
    Client() = default;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    Client(Client&&) = delete;
    Client& operator=(Client&&) = delete;

    /// Sends one request and returns the response, whatever its status. Redirects are never
    /// followed: callers decide what credentials a redirect target may see.
    /// Errors: Network (connect, DNS, TLS, reset), Timeout, Io (body file or sink).
    /// Implementations must be safe to call from several threads at once.
    virtual Result<Response> send(const Request& request) = 0;
};

}  // namespace repo2s3::http
