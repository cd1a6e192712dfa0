// Signs requests with aws::sigv4::sign_request, for cross-checks against other signers.
//
// Reads one JSON object a line from stdin:
//   {"id": any, "method": "GET", "url": "https://host/path?query",
//    "headers": {"Name": "value"} or [["Name", "value"], ...] (repeats allowed, order kept),
//    "body": "text", "payload_hash": "hex or UNSIGNED-PAYLOAD" (default: SHA-256 of body),
//    "service": "s3", "region": "us-east-1", "access_key": "...", "secret_key": "...",
//    "session_token": "..." (optional), "timestamp": "20150830T123600Z"}
// and prints one JSON object a line:
//   {"id": ..., "authorization": "...", "canonical_request": "...", "string_to_sign": "...",
//    "headers": [["Name", "value"], ...]}
// or {"id": ..., "error": "..."} for a line it cannot read. Exit code 0 unless stdin fails.

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "repo2s3/aws/sigv4.hpp"
#include "repo2s3/crypto/digest.hpp"

namespace {

using nlohmann::json;
using namespace repo2s3;

std::optional<std::chrono::system_clock::time_point> parse_amz_date(const std::string& text) {
    std::tm parts{};
    char zone = 0;
    if (text.size() != 16 ||
        std::sscanf(text.c_str(), "%4d%2d%2dT%2d%2d%2d%c", &parts.tm_year, &parts.tm_mon,
                    &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &zone) != 7 ||
        zone != 'Z') {
        return std::nullopt;
    }
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

http::Headers read_headers(const json& headers) {
    http::Headers out;
    if (headers.is_object()) {
        for (const auto& [name, value] : headers.items()) out.add(name, value.get<std::string>());
    } else if (headers.is_array()) {
        for (const auto& pair : headers) {
            out.add(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
        }
    }
    return out;
}

json sign_line(const json& input) {
    http::Request request;
    request.method = input.at("method").get<std::string>();
    request.url = input.at("url").get<std::string>();
    request.headers = read_headers(input.value("headers", json::object()));
    request.body = input.value("body", std::string());

    aws::Credentials credentials;
    credentials.access_key_id = input.at("access_key").get<std::string>();
    credentials.secret_access_key = input.at("secret_key").get<std::string>();
    const auto token = input.find("session_token");
    if (token != input.end() && token->is_string()) credentials.session_token = *token;

    const auto when = parse_amz_date(input.at("timestamp").get<std::string>());
    if (!when) throw std::invalid_argument("timestamp must look like 20150830T123600Z");
    const std::string payload_hash = input.value("payload_hash", crypto::sha256_hex(request.body));
    const aws::sigv4::SigningScope scope{input.at("region").get<std::string>(),
                                         input.at("service").get<std::string>()};

    const auto details = aws::sigv4::sign_request(request, credentials, scope, payload_hash, *when);

    json headers = json::array();
    for (const auto& [name, value] : request.headers.entries()) {
        headers.push_back(json::array({name, value}));
    }
    return {{"authorization", *request.headers.get("Authorization")},
            {"canonical_request", details.canonical_request},
            {"string_to_sign", details.string_to_sign},
            {"headers", std::move(headers)}};
}

}  // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        json output;
        json id;
        try {
            const json input = json::parse(line);
            id = input.value("id", json());
            output = sign_line(input);
        } catch (const std::exception& error) {
            output = {{"error", error.what()}};
        }
        output["id"] = id;
        std::cout << output.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    std::cout.flush();
    return std::cin.bad() ? 1 : 0;
}
