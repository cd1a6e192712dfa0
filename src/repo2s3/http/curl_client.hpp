#pragma once
// The production http::Client, over libcurl. Easy handles are pooled and reused, so each one
// keeps its idle connections alive between requests; DNS answers and TLS sessions are shared
// between handles. Any number of threads may send at once: each request takes its own handle.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "repo2s3/http/client.hpp"

namespace repo2s3::http {

struct CurlClientOptions {
    /// Sent when the request has no User-Agent header of its own.
    std::string user_agent;
    /// CA bundle path; when unset, find_ca_bundle() decides from the environment.
    std::optional<std::string> ca_bundle;
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
};

/// "repo2s3/<version>".
std::string default_user_agent();

class CurlClient final : public Client {
  public:
    explicit CurlClient(CurlClientOptions options = {});
    ~CurlClient() override;

    /// Request::timeout bounds the whole exchange; a body file is streamed with its size sent
    /// up front (no "Expect: 100-continue" round trip); Response::headers are those of the
    /// final response. Errors: Timeout, Network (DNS, connect, TLS, reset), Io (body file,
    /// sink). Messages name the method and the URL without its query, never a header.
    Result<Response> send(const Request& request) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace repo2s3::http
