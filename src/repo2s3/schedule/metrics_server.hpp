#pragma once
// Serves GET /metrics (Prometheus text format) on HOST:PORT from a background thread.

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "repo2s3/util/error.hpp"

namespace repo2s3::schedule {

struct ListenAddress {
    std::string host;
    int port = 0;  // 0: any free port
};

/// "127.0.0.1:9100", "0.0.0.0:9100", "[::1]:9100", ":9100" (all interfaces). Errors name `flag`.
Result<ListenAddress> parse_listen_address(const std::string& text, const std::string& flag);

class MetricsServer {
  public:
    MetricsServer();
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;
    MetricsServer(MetricsServer&&) = delete;
    MetricsServer& operator=(MetricsServer&&) = delete;

    /// Binds and starts serving `render()` at /metrics; returns the bound port.
    Result<int> start(const ListenAddress& address, std::function<std::string()> render);
    /// Stops serving and joins the thread. Idempotent.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::thread thread_;
};

}  // namespace repo2s3::schedule
