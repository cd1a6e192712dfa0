#include <gtest/gtest.h>

#include "repo2s3/alerts/message.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/thousands.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::alerts {
namespace {

using nlohmann::json;

std::vector<std::string> many_paths(std::size_t count) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < count; ++i) {
        paths.push_back("docs/section-" + std::to_string(i / 100) + "/page-" + std::to_string(i) +
                        ".html");
    }
    return paths;
}

// Every limit Slack enforces on what we send.
void expect_valid_for_slack(const json& payload) {
    ASSERT_TRUE(payload.contains("text"));
    ASSERT_TRUE(payload["blocks"].is_array());
    const auto& blocks = payload["blocks"];
    EXPECT_LE(blocks.size(), kMaxBlocks);
    ASSERT_GE(blocks.size(), 1u);
    EXPECT_EQ(blocks[0]["type"], "header");
    EXPECT_EQ(blocks[0]["text"]["type"], "plain_text");
    const auto header = blocks[0]["text"]["text"].get<std::string>();
    EXPECT_FALSE(header.empty());
    EXPECT_LE(slack_length(header), kMaxHeaderChars);
    EXPECT_EQ(payload["text"], header);
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        EXPECT_EQ(blocks[i]["type"], "section");
        EXPECT_EQ(blocks[i]["text"]["type"], "mrkdwn");
        const auto text = blocks[i]["text"]["text"].get<std::string>();
        EXPECT_FALSE(text.empty());
        EXPECT_LE(slack_length(text), kMaxSectionChars);
        EXPECT_TRUE(util::is_valid_utf8(text));
    }
    EXPECT_TRUE(util::is_valid_utf8(payload.dump()));
}

TEST(SlackLength, CountsUtf16CodeUnits) {
    EXPECT_EQ(slack_length(""), 0u);
    EXPECT_EQ(slack_length("abc"), 3u);
    EXPECT_EQ(slack_length("h\u00e9"), 2u);       // é: one unit
    EXPECT_EQ(slack_length("\u2026"), 1u);        // …
    EXPECT_EQ(slack_length("\U0001F4E3"), 2u);    // 📣: a surrogate pair
    EXPECT_EQ(slack_length("\u2139\uFE0F"), 2u);  // ℹ️: two code points
}

TEST(TruncateText, LeavesShortTextAlone) {
    EXPECT_EQ(truncate_text("hello", 5), "hello");
}

TEST(TruncateText, CutsWithAnEllipsisWithinTheLimit) {
    EXPECT_EQ(truncate_text("hello world", 6), "hello\u2026");
    EXPECT_EQ(slack_length(truncate_text(std::string(5000, 'x'), 3000)), 3000u);
}

TEST(TruncateText, NeverSplitsAUtf8SequenceOrAnEntity) {
    const std::string text = "\u00e9\u00e9\u00e9\U0001F4E3\U0001F4E3";
    for (std::size_t max = 1; max < 8; ++max) {
        const auto cut = truncate_text(text, max);
        EXPECT_TRUE(util::is_valid_utf8(cut)) << max;
        EXPECT_LE(slack_length(cut), max);
    }
    EXPECT_EQ(truncate_text("a &amp; b", 5), "a \u2026");
    EXPECT_EQ(truncate_text("a &amp; b", 8), "a &amp;\u2026");
}

TEST(EscapeMrkdwn, EscapesTheThreeControlCharacters) {
    EXPECT_EQ(escape_mrkdwn("<a&b> *bold* `code`"), "&lt;a&amp;b&gt; *bold* `code`");
    EXPECT_EQ(escape_mrkdwn("<!channel>"), "&lt;!channel&gt;");
}

TEST(PathListSection, ListsEveryPathWhenTheyFit) {
    const auto text = path_list_section("*New (2):*", {"a.html", "b & c.html"});
    EXPECT_EQ(text, "*New (2):*\n```\na.html\nb &amp; c.html\n```");
}

TEST(PathListSection, CutsLongListsWithAndNMore) {
    const auto paths = many_paths(5000);
    const auto text = path_list_section("*New files (5,000):*", paths);
    EXPECT_LE(slack_length(text), kMaxSectionChars);
    const auto more = text.rfind("\u2026and ");
    ASSERT_NE(more, std::string::npos);
    const std::size_t listed =
        static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 3;
    EXPECT_EQ(text.substr(more), "\u2026and " + util::with_thousands(5000 - listed) + " more");
    EXPECT_NE(text.find("\n" + paths[0] + "\n"), std::string::npos);
    EXPECT_EQ(text.find(paths[4999]), std::string::npos);
    EXPECT_GT(listed, 50u);
}

TEST(PathListSection, EveryCountFitsExactly) {
    for (std::size_t count : {1u, 10u, 80u, 81u, 90u, 100u, 120u, 1000u}) {
        const auto text = path_list_section("*Deleted:*", many_paths(count));
        EXPECT_LE(slack_length(text), kMaxSectionChars) << count;
    }
}

TEST(PathListSection, PathsCannotBreakOutOfTheCodeBlock) {
    const auto text = path_list_section("*x*", {"a```b", "new\nline", "<@U123>"});
    // Exactly the opening and closing fence remain.
    std::size_t fences = 0;
    for (auto at = text.find("```"); at != std::string::npos; at = text.find("```", at + 3)) {
        ++fences;
    }
    EXPECT_EQ(fences, 2u) << text;
    EXPECT_NE(text.find("new\\x0aline"), std::string::npos) << text;
    EXPECT_NE(text.find("&lt;@U123&gt;"), std::string::npos);
}

TEST(PathListSection, AnEnormousPathIsShortenedNotDropped) {
    const auto text = path_list_section("*x*", {std::string(5000, 'p')});
    EXPECT_LE(slack_length(text), kMaxSectionChars);
    EXPECT_NE(text.find(std::string(100, 'p')), std::string::npos);
}

TEST(SlackPayload, HeaderWithEmojiAndSectionsAndFallbackText) {
    const Message message{Priority::Important, "repo2s3 synced site", {"body *one*", "", "two"}};
    const auto payload = slack_payload(message);
    expect_valid_for_slack(payload);
    EXPECT_EQ(payload["text"], "\U0001F4E3  repo2s3 synced site");
    EXPECT_EQ(payload["blocks"][0]["text"]["emoji"], true);
    ASSERT_EQ(payload["blocks"].size(), 3u);  // the empty section is left out
    EXPECT_EQ(payload["blocks"][1]["text"]["text"], "body *one*");
    EXPECT_EQ(payload["blocks"][2]["text"]["text"], "two");
    EXPECT_FALSE(payload.contains("channel"));
}

TEST(SlackPayload, EmojiPerPriority) {
    EXPECT_EQ(header_text({Priority::Problem, "t", {}}), "\U0001F6A8  t");
    EXPECT_EQ(header_text({Priority::Success, "t", {}}), "\u2705  t");
    EXPECT_EQ(header_text({Priority::Informational, "t", {}}), "\u2139\uFE0F  t");
}

TEST(SlackPayload, TextThatIsNotUtf8IsRepairedEverywhere) {
    Message message{Priority::Problem,
                    "sync of si\xFFte failed",
                    {"*Error:* HTTP 502: <html>\xE2\x80", std::string(4000, 'x') + "\xF0\x9F"}};
    const auto payload = slack_payload(message);
    expect_valid_for_slack(payload);
    const std::string text = util::json_text(payload);  // would throw on a bad byte
    EXPECT_TRUE(util::is_valid_utf8(text));
    EXPECT_NE(payload["text"].get<std::string>().find("si\xEF\xBF\xBDte"), std::string::npos);
}

TEST(SlackPayload, OversizedPartsAreCutToTheLimits) {
    Message message{Priority::Problem, std::string(400, 'T'), {}};
    for (int i = 0; i < 80; ++i) message.sections.push_back(std::string(4000, 's'));
    const auto payload = slack_payload(message);
    expect_valid_for_slack(payload);
    EXPECT_EQ(payload["blocks"].size(), kMaxBlocks);
    const auto last = payload["blocks"].back()["text"]["text"].get<std::string>();
    EXPECT_NE(last.find("32 more section(s) left out"), std::string::npos) << last;
}

TEST(SlackPayload, EmptyTitleStillMakesAValidHeader) {
    expect_valid_for_slack(slack_payload({Priority::Success, "", {"x"}}));
}

TEST(SlackPayload, FiveThousandPathsMakeOneValidMessage) {
    const auto paths = many_paths(5000);
    Message message{Priority::Important, "repo2s3 synced site", {"summary"}};
    message.sections.push_back(path_list_section("*New files (5,000):*", paths));
    message.sections.push_back(path_list_section("*Modified files (5,000):*", paths));
    message.sections.push_back(path_list_section("*Files deleted (5,000):*", paths));
    const auto payload = slack_payload(message);
    expect_valid_for_slack(payload);
    EXPECT_EQ(payload["blocks"].size(), 5u);
}

}  // namespace
}  // namespace repo2s3::alerts
