#include "repo2s3/alerts/message.hpp"

#include "repo2s3/util/thousands.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::alerts {
namespace {

constexpr std::string_view kEllipsis = "\u2026";  // …
constexpr std::string_view kFence = "```";
// A path longer than this is shown cut, so that one path never fills a section.
constexpr std::size_t kMaxPathChars = 500;

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

std::size_t units_of(unsigned char lead) {
    return lead >= 0xF0 ? 2 : 1;
}

std::string more_line(std::size_t count) {
    return std::string(kEllipsis) + "and " + util::with_thousands(count) + " more";
}

// One path as a line of a code block: printable, escaped, never closing the block early.
std::string path_line(std::string_view path) {
    std::string line = escape_mrkdwn(util::printable(path));
    for (auto at = line.find(kFence); at != std::string::npos; at = line.find(kFence, at)) {
        line.insert(at + 1, "\u200B");  // a zero-width space keeps ``` from ending the block
        at += 2;
    }
    return truncate_text(line, kMaxPathChars);
}

}  // namespace

std::size_t slack_length(std::string_view text) {
    std::size_t length = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (!is_continuation(byte)) length += units_of(byte);
    }
    return length;
}

std::string truncate_text(std::string_view raw, std::size_t max_chars) {
    const std::string clean = util::sanitize_utf8(raw);
    const std::string_view text = clean;
    if (slack_length(text) <= max_chars) return clean;
    if (max_chars == 0) return {};
    const std::size_t budget = max_chars - 1;  // the ellipsis is one unit
    std::size_t used = 0;
    std::size_t cut = 0;
    while (cut < text.size()) {
        const auto lead = static_cast<unsigned char>(text[cut]);
        const std::size_t units = units_of(lead);
        if (used + units > budget) break;
        used += units;
        ++cut;
        while (cut < text.size() && is_continuation(static_cast<unsigned char>(text[cut]))) ++cut;
    }
    std::string_view kept = text.substr(0, cut);
    const auto amp = kept.rfind('&');
    if (amp != std::string_view::npos && kept.find(';', amp) == std::string_view::npos &&
        kept.size() - amp < 6) {
        kept = kept.substr(0, amp);  // "&am" would show as garbage
    }
    return std::string(kept) + std::string(kEllipsis);
}

std::string escape_mrkdwn(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string path_list_section(std::string_view heading, const std::vector<std::string>& paths,
                              std::size_t max_chars) {
    std::vector<std::string> lines;
    lines.reserve(paths.size());
    std::size_t all_lines = 0;
    for (const auto& path : paths) {
        lines.push_back(path_line(path));
        all_lines += slack_length(lines.back()) + 1;
    }
    const std::string open = std::string(heading) + "\n" + std::string(kFence) + "\n";
    const std::size_t fixed = slack_length(open) + kFence.size();
    const std::size_t budget = max_chars > fixed ? max_chars - fixed : 0;

    std::size_t included = lines.size();
    if (all_lines > budget) {
        const std::size_t reserve = slack_length(more_line(paths.size())) + 1;
        std::size_t used = 0;
        included = 0;
        for (const auto& line : lines) {
            const std::size_t length = slack_length(line) + 1;
            if (used + length + reserve > budget) break;
            used += length;
            ++included;
        }
    }

    if (included == 0 && !lines.empty()) {
        return truncate_text(std::string(heading) + "\n" + more_line(lines.size()), max_chars);
    }
    std::string out = open;
    for (std::size_t i = 0; i < included; ++i) out += lines[i] + "\n";
    out += kFence;
    if (included < lines.size()) out += "\n" + more_line(lines.size() - included);
    return out;
}

std::string header_text(const Message& message) {
    const std::string title = message.title.empty() ? std::string("repo2s3") : message.title;
    const std::string_view emoji = priority_emoji(message.priority);
    const std::string text = emoji.empty() ? title : std::string(emoji) + "  " + title;
    return truncate_text(text, kMaxHeaderChars);
}

nlohmann::json slack_payload(const Message& message) {
    const std::string header = header_text(message);
    nlohmann::json blocks = nlohmann::json::array();
    blocks.push_back({{"type", "header"},
                      {"text", {{"type", "plain_text"}, {"text", header}, {"emoji", true}}}});

    std::vector<const std::string*> sections;
    for (const auto& section : message.sections) {
        if (!section.empty()) sections.push_back(&section);
    }
    const std::size_t room = kMaxBlocks - 1;  // after the header
    const bool too_many = sections.size() > room;
    const std::size_t shown = too_many ? room - 1 : sections.size();
    auto section_block = [](const std::string& text) {
        return nlohmann::json{
            {"type", "section"},
            {"text", {{"type", "mrkdwn"}, {"text", truncate_text(text, kMaxSectionChars)}}}};
    };
    for (std::size_t i = 0; i < shown; ++i) blocks.push_back(section_block(*sections[i]));
    if (too_many) {
        blocks.push_back(section_block("_" + std::string(kEllipsis) +
                                       util::with_thousands(sections.size() - shown) +
                                       " more section(s) left out_"));
    }
    return {{"text", header}, {"blocks", std::move(blocks)}};
}

}  // namespace repo2s3::alerts
