#pragma once
// An alert as Slack shows it: a header block (plain text, the priority's emoji, the title) and
// mrkdwn section blocks, with the header text as the notification fallback `text`.
// Everything built here stays within Slack's limits, so a message is never refused for its
// size: a header of at most 150 characters, sections of at most 3,000, at most 50 blocks.
// Long path lists are cut with "…and N more".

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "repo2s3/alerts/priority.hpp"

namespace repo2s3::alerts {

inline constexpr std::size_t kMaxHeaderChars = 150;
inline constexpr std::size_t kMaxSectionChars = 3000;
inline constexpr std::size_t kMaxBlocks = 50;

struct Message {
    Priority priority = Priority::Informational;
    std::string title;                  // plain text, without the emoji
    std::vector<std::string> sections;  // mrkdwn, already escaped; empty ones are left out
};

/// Characters as Slack counts them against its limits (UTF-16 code units, the stricter
/// reading: an emoji outside the BMP counts twice).
std::size_t slack_length(std::string_view text);

/// `text` cut to at most `max_chars` (see slack_length), ending in "…" when cut. A cut never
/// splits a UTF-8 sequence or a mrkdwn entity such as "&amp;"; bytes that are not UTF-8 become
/// U+FFFD, so every header and section of a message is valid UTF-8.
std::string truncate_text(std::string_view text, std::size_t max_chars);

/// `text` with &, < and > written as Slack's mrkdwn requires (&amp; &lt; &gt;).
std::string escape_mrkdwn(std::string_view text);

/// A section listing `paths` one per line in a code block under a bold `heading` (mrkdwn,
/// escaped by the caller), with "…and N more" for the paths that do not fit in `max_chars`.
/// Paths are escaped here; control characters and invalid UTF-8 are written as \xNN.
std::string path_list_section(std::string_view heading, const std::vector<std::string>& paths,
                              std::size_t max_chars = kMaxSectionChars);

/// "<emoji>  <title>", cut to the header limit.
std::string header_text(const Message& message);

/// The chat.postMessage / webhook body without a channel:
/// {"text": header, "blocks": [{"type": "header", ...}, {"type": "section", ...}, ...]}.
nlohmann::json slack_payload(const Message& message);

}  // namespace repo2s3::alerts
