#pragma once
// Requests to the GitHub REST API: the headers GitHub requires and the meaning of its failures.

#include <chrono>
#include <string>
#include <string_view>

#include "repo2s3/http/client.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::github {

inline constexpr std::string_view kDefaultApiUrl = "https://api.github.com";

struct ApiConfig {
    std::string base_url = std::string(kDefaultApiUrl);  // GitHub Enterprise: https://HOST/api/v3
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

/// A request to `path` (starting with '/') under the API base, with User-Agent, Accept,
/// X-GitHub-Api-Version and, when given, the Authorization header.
http::Request api_request(const ApiConfig& config, std::string method, std::string_view path,
                          std::string authorization, std::string accept = "application/vnd.github+json");

/// Describes a failed GitHub response as an Error. `what` names the request for the user
/// ("branch main of acme/site"). Rate limits become ErrorKind::RateLimited with the reset time;
/// 401 Auth; 404 NotFound (callers usually add their own advice); the rest Http.
Error response_error(const http::Response& response, std::string_view what);

/// GitHub's JSON "message" field, or the first 200 bytes of the body.
std::string response_message(const http::Response& response);

}  // namespace repo2s3::github
