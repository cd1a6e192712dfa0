#pragma once
// A small HTTP server for `watch` (Prometheus metrics, GitHub webhooks) on HOST:PORT, serving
// fixed routes from background threads.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::schedule {

struct ListenAddress {
    std::string host;
    int port = 0;  // 0: any free port
};

/// "127.0.0.1:9100", "0.0.0.0:9100", "[::1]:9100", ":9100" (all interfaces). Errors name `flag`.
Result<ListenAddress> parse_listen_address(const std::string& text, const std::string& flag);

/// A request as a handler sees it.
struct HttpExchange {
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    /// The header's value, or "" (`name` in lower case).
    std::string header(const std::string& name) const;
};

struct HttpAnswer {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

struct HttpRoute {
    std::string method;  // "GET" or "POST"
    std::string path;
    std::function<HttpAnswer(const HttpExchange&)> handle;
};

class HttpListener {
  public:
    HttpListener();
    ~HttpListener();
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;
    HttpListener(HttpListener&&) = delete;
    HttpListener& operator=(HttpListener&&) = delete;

    /// Binds and starts serving `routes`; returns the bound port. A body over `max_body` bytes
    /// is answered 413 without being read; any other path or method is 404. Errors name `flag`.
    Result<int> start(const ListenAddress& address, const std::string& flag,
                      std::vector<HttpRoute> routes, std::size_t max_body = 1024 * 1024);
    /// Stops serving and joins the thread. Idempotent.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::thread thread_;
};

}  // namespace repo2s3::schedule
