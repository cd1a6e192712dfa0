// CurlClient against a real HTTP server (cpp-httplib) on 127.0.0.1.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/http/curl_client.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::http {
namespace {

using namespace std::chrono_literals;

std::string big_body() {
    std::string body;
    body.reserve(3 * 1024 * 1024);
    for (std::size_t i = 0; body.size() < 3 * 1024 * 1024; ++i) {
        body += std::to_string(i);
        body += '\n';
    }
    return body;
}

class CurlClientTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<httplib::Server>();
        auto& server = *server_;
        // Idle keep-alive connections each hold a worker; leave room for the threaded test.
        server.new_task_queue = [] { return new httplib::ThreadPool(24); };
        server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("X-Custom-Header", "Value-1");
            res.set_content("hello world", "text/plain");
        });
        server.Get("/echo-header", [](const httplib::Request& req, httplib::Response& res) {
            res.set_content(req.get_header_value("x-test-header"), "text/plain");
        });
        server.Get("/number", [](const httplib::Request& req, httplib::Response& res) {
            res.set_content("n=" + req.get_param_value("n"), "text/plain");
        });
        server.Get("/peer", [](const httplib::Request& req, httplib::Response& res) {
            res.set_content(std::to_string(req.remote_port), "text/plain");
        });
        server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(big_body(), "application/octet-stream");
        });
        server.Get("/redirect", [](const httplib::Request&, httplib::Response& res) {
            res.status = 302;
            res.set_header("Location", "/hello");
            res.set_content("moved", "text/plain");
        });
        server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
            std::this_thread::sleep_for(1500ms);
            res.set_content("late", "text/plain");
        });
        // Sends a first byte, then nothing for 2.5 s: a stalled transfer.
        server.Get("/stall", [](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("application/octet-stream",
                                             [](std::size_t offset, httplib::DataSink& sink) {
                                                 if (offset == 0) return sink.write("x", 1);
                                                 std::this_thread::sleep_for(2500ms);
                                                 sink.done();
                                                 return true;
                                             });
        });
        server.Put("/upload", [](const httplib::Request& req, httplib::Response& res) {
            const std::string expect = req.has_header("Expect") ? "expect" : "no-expect";
            res.set_content(crypto::md5_hex(req.body) + " " + std::to_string(req.body.size()) +
                                " " + req.get_header_value("Content-Length") + " " + expect,
                            "text/plain");
        });
        server.Post("/post", [](const httplib::Request& req, httplib::Response& res) {
            res.status = 201;
            res.set_content(
                req.method + " " + req.get_header_value("Content-Type") + " " + req.body,
                "text/plain");
        });
        server.Delete("/thing",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
        port_ = server.bind_to_any_port("127.0.0.1");
        ASSERT_GT(port_, 0);
        thread_ = std::thread([] { server_->listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(5ms);
    }

    static void TearDownTestSuite() {
        server_->stop();
        thread_.join();
        server_.reset();
    }

    static std::string url(const std::string& path) {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

    static Request get(const std::string& path) {
        Request request;
        request.url = url(path);
        return request;
    }

    CurlClient client_;

    static std::unique_ptr<httplib::Server> server_;
    static std::thread thread_;
    static int port_;
};

std::unique_ptr<httplib::Server> CurlClientTest::server_;
std::thread CurlClientTest::thread_;
int CurlClientTest::port_ = 0;

TEST_F(CurlClientTest, GetReturnsStatusBodyAndHeaders) {
    const auto response = client_.send(get("/hello"));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello world");
    EXPECT_EQ(response->headers.get("Content-Type"), "text/plain");
}

TEST_F(CurlClientTest, ResponseHeadersAreCaseInsensitive) {
    const auto response = client_.send(get("/hello"));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->headers.get("x-custom-header"), "Value-1");
    EXPECT_EQ(response->headers.get("X-CUSTOM-HEADER"), "Value-1");
    EXPECT_EQ(response->headers.get("content-length"), "11");
}

TEST_F(CurlClientTest, SendsRequestHeaders) {
    Request request = get("/echo-header");
    request.headers.set("X-Test-Header", "some value");
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "some value");
}

TEST_F(CurlClientTest, HeadHasNoBody) {
    Request request = get("/hello");
    request.method = "HEAD";
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "");
    EXPECT_EQ(response->headers.get("Content-Length"), "11");
}

TEST_F(CurlClientTest, PutStreamsABodyFileWithItsSizeAndNoExpectDelay) {
    const testing::TempDir dir;
    std::string content = big_body();
    content += "tail";
    const auto file = dir.write("upload.bin", content);
    Request request;
    request.method = "PUT";
    request.url = url("/upload");
    request.body_file = file.string();
    const auto started = std::chrono::steady_clock::now();
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);  // libcurl waits 1 s on Expect
    EXPECT_EQ(response->body, crypto::md5_hex(content) + " " + std::to_string(content.size()) +
                                  " " + std::to_string(content.size()) + " no-expect");
}

TEST_F(CurlClientTest, PutSendsOnlyTheByteRangeOfABodyFile) {
    const testing::TempDir dir;
    const std::string content = big_body();  // larger than one read, so the range is streamed
    const auto file = dir.write("upload.bin", content + "tail");
    Request request;
    request.method = "PUT";
    request.url = url("/upload");
    request.body_file = file.string();
    request.body_offset = 100;
    request.body_length = content.size() - 200;
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    const std::string part = content.substr(100, content.size() - 200);
    EXPECT_EQ(response->body, crypto::md5_hex(part) + " " + std::to_string(part.size()) + " " +
                                  std::to_string(part.size()) + " no-expect");

    request.body_length = content.size() + 100;  // past the end: the file changed
    const auto refused = client_.send(request);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Io);
}

TEST_F(CurlClientTest, PutOfAnEmptyFileSendsZeroLength) {
    const testing::TempDir dir;
    Request request;
    request.method = "PUT";
    request.url = url("/upload");
    request.body_file = dir.write("empty", "").string();
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, crypto::md5_hex("") + " 0 0 no-expect");
}

TEST_F(CurlClientTest, PutFromMemory) {
    Request request;
    request.method = "PUT";
    request.url = url("/upload");
    request.body = "in memory";
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, crypto::md5_hex("in memory") + " 9 9 no-expect");
}

TEST_F(CurlClientTest, PostSendsBodyWithoutImplicitFormType) {
    Request request;
    request.method = "POST";
    request.url = url("/post");
    request.body = "<Delete/>";
    request.headers.set("Content-Type", "application/xml");
    auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->body, "POST application/xml <Delete/>");

    request.headers.remove("Content-Type");
    response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "POST  <Delete/>");
}

TEST_F(CurlClientTest, DeleteWithoutBody) {
    Request request = get("/thing");
    request.method = "DELETE";
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 204);
}

TEST_F(CurlClientTest, MissingBodyFileIsAnIoError) {
    Request request;
    request.method = "PUT";
    request.url = url("/upload");
    request.body_file = "/definitely/not/here.bin";
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Io);
    EXPECT_NE(response.error().message.find("/definitely/not/here.bin"), std::string::npos);
}

TEST_F(CurlClientTest, SinkReceivesTheBodyInPieces) {
    Request request = get("/big");
    std::string received;
    int pieces = 0;
    request.sink = [&](std::string_view chunk) {
        received.append(chunk);
        ++pieces;
        return true;
    };
    const auto response = client_.send(request);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->body.empty());
    EXPECT_EQ(received, big_body());
    EXPECT_GT(pieces, 1);
}

TEST_F(CurlClientTest, SinkRefusalIsAnIoError) {
    Request request = get("/big");
    request.sink = [](std::string_view) { return false; };
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Io);
    // The client stays usable afterwards.
    const auto next = client_.send(get("/hello"));
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->body, "hello world");
}

TEST_F(CurlClientTest, RedirectsAreReturnedNotFollowed) {
    const auto response = client_.send(get("/redirect"));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 302);
    EXPECT_EQ(response->headers.get("location"), "/hello");
    EXPECT_EQ(response->body, "moved");
}

TEST_F(CurlClientTest, SlowResponseTimesOut) {
    Request request = get("/slow?token=secret");
    request.timeout = 200ms;
    const auto started = std::chrono::steady_clock::now();
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);
    EXPECT_NE(response.error().message.find("/slow?…"), std::string::npos);
    EXPECT_EQ(response.error().message.find("secret"), std::string::npos);
}

TEST_F(CurlClientTest, ATransferThatStallsFailsWithoutATimeLimit) {
    Request request = get("/stall");
    request.timeout = 0ms;  // no limit on the whole exchange
    request.minimum_speed = MinimumSpeed{.bytes_per_second = 100, .window = 1s};
    const auto started = std::chrono::steady_clock::now();
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Timeout);
    EXPECT_NE(response.error().message.find("stalled"), std::string::npos)
        << response.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2400ms);
}

TEST_F(CurlClientTest, TheDeadlineCutsTheTimeoutShort) {
    Request request = get("/slow");
    request.timeout = 10s;
    request.deadline = util::Deadline::after(200ms);
    const auto started = std::chrono::steady_clock::now();
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);
}

TEST_F(CurlClientTest, NothingIsSentOnceTheDeadlineHasPassed) {
    Request request = get("/peer");
    request.deadline = util::Deadline(util::Deadline::Clock::now() - 1ms);
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Timeout);
    EXPECT_NE(response.error().message.find("not sent"), std::string::npos);
}

TEST_F(CurlClientTest, RefusedConnectionIsANetworkError) {
    // A port that was just free: bind, read the port, close.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    ::close(fd);

    Request request;
    request.url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/x?sig=abc";
    request.headers.set("Authorization", "Bearer top-secret");
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Network);
    EXPECT_NE(response.error().message.find("GET http://127.0.0.1:"), std::string::npos);
    EXPECT_EQ(response.error().message.find("sig=abc"), std::string::npos);
    EXPECT_EQ(response.error().message.find("top-secret"), std::string::npos);
}

TEST_F(CurlClientTest, UnsupportedSchemeIsRefused) {
    Request request;
    request.url = "file:///etc/passwd";
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().kind, ErrorKind::Usage);
}

TEST_F(CurlClientTest, HeaderWithLineBreakIsRefused) {
    Request request = get("/hello");
    request.headers.set("X-Bad", "a\r\nInjected: yes");
    const auto response = client_.send(request);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().message.find("Injected"), std::string::npos);
}

TEST_F(CurlClientTest, SequentialRequestsReuseTheConnection) {
    std::vector<std::string> ports;
    for (int i = 0; i < 3; ++i) {
        const auto response = client_.send(get("/peer"));
        ASSERT_TRUE(response) << response.error().message;
        ports.push_back(response->body);
    }
    EXPECT_EQ(ports[0], ports[1]);
    EXPECT_EQ(ports[1], ports[2]);
}

TEST_F(CurlClientTest, ManyThreadsAtOnce) {
    constexpr int kThreads = 8;
    constexpr int kRequestsEach = 25;
    std::atomic<int> good{0};
    std::vector<std::string> failures(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kRequestsEach; ++i) {
                    const std::string n = std::to_string(t * 1000 + i);
                    const auto response = client_.send(get("/number?n=" + n));
                    if (response && response->status == 200 && response->body == "n=" + n) {
                        ++good;
                    } else if (failures[static_cast<std::size_t>(t)].empty()) {
                        failures[static_cast<std::size_t>(t)] =
                            response ? response->body : response.error().message;
                    }
                }
            });
        }
    }
    EXPECT_EQ(good.load(), kThreads * kRequestsEach);
    for (const auto& failure : failures) EXPECT_EQ(failure, "");
}

TEST(DefaultUserAgent, NamesTheVersion) {
    EXPECT_EQ(default_user_agent(), std::string("repo2s3/") + REPO2S3_VERSION);
}

}  // namespace
}  // namespace repo2s3::http
