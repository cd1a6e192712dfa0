// Runs repo2s3's default AWS credential chain from the process environment and reports what it
// found, for integration tests against credential stand-ins (STS in moto, a container
// endpoint, an IMDSv2). Never prints a secret: the secret key and session token appear only
// as the first 12 hex digits of their SHA-256, enough to tell that they arrived intact.
//
//   aws_credentials_probe [--calls N] [--sleep SECONDS] [--advance SECONDS]
//
// Asks the chain N times (default 1), sleeping between calls. --advance moves the chain's clock
// (renewal, STS signing, session names) forward by that much after each call, so renewal
// inside the 5-minute window can be tested without waiting. One JSON line per call:
//   {"call": 1, "provider": "container", "access_key_id": "...", "secret_sha256": "...",
//    "session_token_sha256": "..." or null, "expiration": "2024-05-01T12:00:00Z" or null}
// or {"call": 1, "error": "...", "kind": "Auth"}, after which it exits 1.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "repo2s3/aws/credentials_chain.hpp"
#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/http/curl_client.hpp"
#include "repo2s3/util/timestamp.hpp"

namespace {

using namespace repo2s3;

std::string kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Usage:
            return "Usage";
        case ErrorKind::Io:
            return "Io";
        case ErrorKind::Network:
            return "Network";
        case ErrorKind::Timeout:
            return "Timeout";
        case ErrorKind::Http:
            return "Http";
        case ErrorKind::Auth:
            return "Auth";
        case ErrorKind::NotFound:
            return "NotFound";
        case ErrorKind::RateLimited:
            return "RateLimited";
        default:
            return "Other";
    }
}

std::string fingerprint(const std::string& secret) {
    return crypto::sha256_hex(secret).substr(0, 12);
}

}  // namespace

int main(int argc, char** argv) {
    // Stdout is the JSON lines the tests read; log lines (retries, say) go to stderr.
    spdlog::set_default_logger(spdlog::stderr_logger_st("probe"));
    int calls = 1;
    double sleep_seconds = 0;
    long long advance_seconds = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "usage: aws_credentials_probe [--calls N] [--sleep S] [--advance S]\n";
            return 2;
        }
        const std::string value = argv[++i];
        if (argument == "--calls") {
            calls = std::stoi(value);
        } else if (argument == "--sleep") {
            sleep_seconds = std::stod(value);
        } else if (argument == "--advance") {
            advance_seconds = std::stoll(value);
        } else {
            std::cerr << "unknown option " << argument << "\n";
            return 2;
        }
    }

    std::atomic<long long> offset{0};
    http::CurlClient client(http::CurlClientOptions{.user_agent = http::default_user_agent()});
    const auto chain = aws::default_credentials_chain(util::process_env(), client, [&offset] {
        return std::chrono::system_clock::now() + std::chrono::seconds(offset.load());
    });
    for (int call = 1; call <= calls; ++call) {
        if (call > 1 && sleep_seconds > 0) {
            std::this_thread::sleep_for(std::chrono::duration<double>(sleep_seconds));
        }
        nlohmann::json line = {{"call", call}};
        const auto found = chain->credentials();
        if (!found) {
            line["error"] = found.error().message;
            line["kind"] = kind_name(found.error().kind);
            std::cout << line.dump() << std::endl;
            return 1;
        }
        line["provider"] = chain->source_name();
        line["access_key_id"] = found->access_key_id;
        line["secret_sha256"] = fingerprint(found->secret_access_key);
        line["session_token_sha256"] = found->session_token.empty()
                                           ? nlohmann::json(nullptr)
                                           : nlohmann::json(fingerprint(found->session_token));
        line["expiration"] = found->expiration
                                 ? nlohmann::json(util::format_iso8601(*found->expiration))
                                 : nlohmann::json(nullptr);
        std::cout << line.dump() << std::endl;
        offset += advance_seconds;
    }
    return 0;
}
