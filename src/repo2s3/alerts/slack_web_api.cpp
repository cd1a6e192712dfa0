#include "repo2s3/alerts/slack_web_api.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "repo2s3/util/json_text.hpp"

namespace repo2s3::alerts {
namespace {

constexpr std::array<std::string_view, 5> kAuthErrors = {
    "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"};

ErrorKind kind_of(std::string_view code) {
    for (const auto auth : kAuthErrors) {
        if (code == auth) return ErrorKind::Auth;
    }
    if (code == "ratelimited" || code == "rate_limited") return ErrorKind::RateLimited;
    return ErrorKind::Http;
}

// Slack explains invalid_blocks and similar in response_metadata.messages.
std::string detail_of(const nlohmann::json& answer) {
    const auto metadata = answer.find("response_metadata");
    if (metadata == answer.end() || !metadata->is_object()) return {};
    const auto messages = metadata->find("messages");
    if (messages == metadata->end() || !messages->is_array() || messages->empty() ||
        !messages->front().is_string()) {
        return {};
    }
    return " (" + body_excerpt(messages->front().get<std::string>()) + ")";
}

}  // namespace

SlackWebApi::SlackWebApi(http::Client& client, TokenProvider token, SlackWebApiConfig config)
    : client_(client), token_(std::move(token)), config_(std::move(config)) {
    while (!config_.api_url.empty() && config_.api_url.back() == '/') config_.api_url.pop_back();
}

std::string SlackWebApi::destination() const {
    return "Slack channel " + config_.channel;
}

Result<void> SlackWebApi::post(const Message& message) {
    const std::string what = "Slack chat.postMessage to channel " + config_.channel;
    auto token = token_ ? token_() : fail(ErrorKind::Auth, "no Slack token provider");
    if (!token) return util::unexpected(std::move(token.error()));

    nlohmann::json body = slack_payload(message);
    body["channel"] = config_.channel;
    http::Headers headers;
    headers.set("Authorization", "Bearer " + *token);
    const std::string url = config_.api_url + "/chat.postMessage";
    auto response =
        post_json(client_, url, std::move(headers), util::json_text(body), config_.http, what, url);
    if (!response) return util::unexpected(std::move(response.error()));

    if (response->status == 429) {
        return fail(ErrorKind::RateLimited, what + ": rate limited (HTTP 429) twice");
    }
    const auto answer = nlohmann::json::parse(response->body, nullptr, false);
    const bool readable = !answer.is_discarded() && answer.is_object() && answer.contains("ok") &&
                          answer["ok"].is_boolean();
    if (response->status != 200 || !readable) {
        std::string error = what + ": HTTP " + std::to_string(response->status);
        if (readable && answer.contains("error") && answer["error"].is_string()) {
            error += ": " + body_excerpt(answer["error"].get<std::string>());
        } else if (!response->body.empty()) {
            error += ": " + body_excerpt(response->body);
        }
        return fail(response->status >= 500 ? ErrorKind::Network : ErrorKind::Http, error);
    }
    if (answer["ok"].get<bool>()) return {};
    std::string code = "unknown_error";
    if (answer.contains("error") && answer["error"].is_string()) {
        code = body_excerpt(answer["error"].get<std::string>());
    }
    return fail(kind_of(code), what + ": " + code + detail_of(answer));
}

}  // namespace repo2s3::alerts
