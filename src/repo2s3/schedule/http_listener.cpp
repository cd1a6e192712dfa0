#include "repo2s3/schedule/http_listener.hpp"

#include <httplib.h>

#include <cctype>
#include <charconv>
#include <chrono>

namespace repo2s3::schedule {

struct HttpListener::Impl {
    httplib::Server server;
};

std::string HttpExchange::header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

Result<ListenAddress> parse_listen_address(const std::string& text, const std::string& flag) {
    const auto error = [&](const std::string& why) {
        return fail(ErrorKind::Usage, flag + ": \"" + text + "\": " + why);
    };
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return error("expected HOST:PORT, e.g. 127.0.0.1:9100");
    std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    int port = -1;
    const auto* end = port_text.data() + port_text.size();
    const auto parsed = std::from_chars(port_text.data(), end, port);
    if (port_text.empty() || parsed.ec != std::errc() || parsed.ptr != end || port < 0 ||
        port > 65535) {
        return error("the port must be a number from 0 to 65535");
    }
    return ListenAddress{host, port};
}

HttpListener::HttpListener() : impl_(std::make_unique<Impl>()) {}

HttpListener::~HttpListener() {
    stop();
}

Result<int> HttpListener::start(const ListenAddress& address, const std::string& flag,
                                std::vector<HttpRoute> routes, std::size_t max_body) {
    // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second process
    // share the port silently instead of failing.
    impl_->server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    impl_->server.set_payload_max_length(max_body);
    // One request per connection: an idle keep-alive connection would hold one of the few
    // server threads for seconds, and a burst of deliveries would queue behind it.
    impl_->server.set_keep_alive_max_count(1);
    for (auto& route : routes) {
        auto serve = [handle = std::move(route.handle)](const httplib::Request& request,
                                                        httplib::Response& response) {
            HttpExchange exchange;
            for (const auto& [name, value] : request.headers) {
                std::string lower = name;
                for (auto& c : lower)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                exchange.headers.emplace(std::move(lower), value);
            }
            exchange.body = request.body;
            const auto answer = handle(exchange);
            response.status = answer.status;
            response.set_content(answer.body, answer.content_type);
        };
        if (route.method == "POST") {
            impl_->server.Post(route.path, std::move(serve));
        } else {
            impl_->server.Get(route.path, std::move(serve));
        }
    }
    int port = address.port;
    if (port == 0) {
        port = impl_->server.bind_to_any_port(address.host);
    } else if (!impl_->server.bind_to_port(address.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        return fail(ErrorKind::Network, flag + ": cannot listen on " + address.host + ":" +
                                            std::to_string(address.port));
    }
    thread_ = std::thread([this] { impl_->server.listen_after_bind(); });
    // stop() is a no-op until the server runs, so do not return before it does.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!impl_->server.is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return port;
}

void HttpListener::stop() {
    impl_->server.stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace repo2s3::schedule
