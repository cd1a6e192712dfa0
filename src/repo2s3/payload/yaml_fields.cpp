#include "repo2s3/payload/yaml_fields.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <sstream>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

constexpr std::string_view kTrue[] = {"true", "True", "TRUE", "t",  "T",  "yes", "Yes",
                                      "YES",  "y",    "Y",    "on", "On", "ON",  "1"};
constexpr std::string_view kFalse[] = {"false", "False", "FALSE", "f",   "F",   "no",  "No",
                                       "NO",    "n",     "N",     "off", "Off", "OFF", "0"};

bool contains(const auto& words, std::string_view word) {
    return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

/// Where the latest document started; every other event is ignored.
class DocumentStarts final : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    const YAML::Mark& start() const { return start_; }

  private:
    YAML::Mark start_;
};

}  // namespace

std::vector<YAML::Node> load_all_documents(std::string_view text) {
    const std::string input(text);
    // A first pass over the events only: a document that starts where the previous one started
    // consumed nothing, and yaml-cpp would start it again forever.
    std::istringstream stream(input);
    YAML::Parser parser(stream);
    DocumentStarts documents;
    std::optional<int> previous_start;
    while (parser.HandleNextDocument(documents)) {
        const YAML::Mark& start = documents.start();
        if (previous_start == start.pos) {
            const auto at = static_cast<std::size_t>(start.pos);
            throw YAML::ParserException(start, at < input.size() && input[at] == ','
                                                   ? "unexpected ',' outside [ ] or { }"
                                                   : "unexpected token");
        }
        previous_start = start.pos;
    }
    return YAML::LoadAll(input);
}

std::optional<bool> parse_bool_word(std::string_view text) {
    if (contains(kTrue, text)) return true;
    if (contains(kFalse, text)) return false;
    return std::nullopt;
}

std::string yaml_error_text(const YAML::Exception& error) {
    std::string where;
    if (!error.mark.is_null()) {
        where = "line " + std::to_string(error.mark.line + 1) + ", column " +
                std::to_string(error.mark.column + 1) + ": ";
    }
    // yaml-cpp quotes the offending character, which may be a line break or a control byte.
    return where + "YAML syntax error: " + util::printable(error.msg);
}

std::string describe_yaml_kind(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Scalar:
            return "\"" + util::printable(node.Scalar()) + "\"";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return "no value";
    }
    return "no value";
}

YamlFields::YamlFields(const YAML::Node& mapping) {
    for (const auto& entry : mapping) {
        if (!entry.first.IsScalar()) {
            report("keys must be plain names, got " + describe_yaml_kind(entry.first) +
                   " as a key");
            continue;
        }
        const std::string& key = entry.first.Scalar();
        if (!values_.emplace(key, entry.second).second) {
            report(util::printable(key) + ": the key appears more than once");
            continue;
        }
        key_order_.push_back(key);
    }
}

void YamlFields::report(std::string problem) {
    if (!problem_) problem_ = std::move(problem);
}

const YAML::Node* YamlFields::find(std::string_view key) {
    read_keys_.emplace_back(key);
    const auto found = values_.find(key);
    return found == values_.end() ? nullptr : &found->second;
}

std::optional<std::string> YamlFields::scalar_text(std::string_view key, const YAML::Node& node,
                                                   std::string_view expected) {
    if (node.IsNull()) {
        report(std::string(key) + ": has no value; give one or remove the key");
        return std::nullopt;
    }
    if (!node.IsScalar()) {
        report(std::string(key) + ": expected " + std::string(expected) + ", got " +
               describe_yaml_kind(node));
        return std::nullopt;
    }
    if (!util::is_valid_utf8(node.Scalar())) {
        report(std::string(key) + ": is not valid UTF-8");
        return std::nullopt;
    }
    return node.Scalar();
}

std::string YamlFields::required_string(std::string_view key) {
    const YAML::Node* node = find(key);
    if (node == nullptr) {
        report("missing required key " + std::string(key));
        return {};
    }
    auto text = scalar_text(key, *node, "a string");
    if (text && text->empty()) report(std::string(key) + ": must not be empty");
    return text.value_or("");
}

std::optional<std::string> YamlFields::optional_string(std::string_view key) {
    const YAML::Node* node = find(key);
    if (node == nullptr) return std::nullopt;
    return scalar_text(key, *node, "a string");
}

bool YamlFields::required_bool(std::string_view key) {
    const YAML::Node* node = find(key);
    if (node == nullptr) {
        report("missing required key " + std::string(key) + " (true or false)");
        return false;
    }
    return parse_bool(key, *node, false);
}

bool YamlFields::optional_bool(std::string_view key, bool default_value) {
    const YAML::Node* node = find(key);
    if (node == nullptr) return default_value;
    return parse_bool(key, *node, default_value);
}

bool YamlFields::parse_bool(std::string_view key, const YAML::Node& node, bool default_value) {
    const auto text = scalar_text(key, node, "true or false");
    if (!text) return default_value;
    if (const auto value = parse_bool_word(*text)) return *value;
    report(std::string(key) + ": expected true or false, got \"" + util::printable(*text) + "\"");
    return default_value;
}

std::vector<std::string> YamlFields::optional_string_list(std::string_view key,
                                                          std::vector<std::string> fallback) {
    const YAML::Node* node = find(key);
    if (node == nullptr) return fallback;
    if (node->IsNull()) {
        report(std::string(key) + ": has no value; give a list or remove the key");
        return fallback;
    }
    if (!node->IsSequence()) {
        report(std::string(key) + ": expected a list of regular expressions, got " +
               describe_yaml_kind(*node));
        return fallback;
    }
    std::vector<std::string> items;
    for (std::size_t index = 0; index < node->size(); ++index) {
        const std::string item_key = std::string(key) + "[" + std::to_string(index) + "]";
        auto text = scalar_text(item_key, (*node)[index], "a string");
        if (!text) return fallback;
        items.push_back(std::move(*text));
    }
    return items;
}

unsigned YamlFields::optional_number(std::string_view key, unsigned fallback, unsigned min,
                                     unsigned max) {
    const YAML::Node* node = find(key);
    if (node == nullptr) return fallback;
    const auto text = scalar_text(key, *node, "a whole number");
    if (!text) return fallback;
    unsigned value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || error != std::errc() || stop != end || value < min || value > max) {
        report(std::string(key) + ": expected a whole number from " + std::to_string(min) + " to " +
               std::to_string(max) + ", got \"" + util::printable(*text) + "\"");
        return fallback;
    }
    return value;
}

std::map<std::string, std::string> YamlFields::optional_string_map(std::string_view key) {
    const YAML::Node* node = find(key);
    if (node == nullptr) return {};
    if (!node->IsMap()) {
        report(std::string(key) + ": expected a mapping of names to values, got " +
               describe_yaml_kind(*node));
        return {};
    }
    std::map<std::string, std::string> entries;
    for (const auto& entry : *node) {
        if (!entry.first.IsScalar()) {
            report(std::string(key) + ": names must be plain text, got " +
                   describe_yaml_kind(entry.first));
            return {};
        }
        const std::string name = entry.first.Scalar();
        auto value =
            scalar_text(std::string(key) + "." + util::printable(name), entry.second, "a string");
        if (!value) return {};
        if (!entries.emplace(name, std::move(*value)).second) {
            report(std::string(key) + "." + util::printable(name) + ": appears more than once");
            return {};
        }
    }
    return entries;
}

std::vector<std::string> YamlFields::unread_keys() const {
    std::vector<std::string> unread;
    for (const auto& key : key_order_) {
        if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end()) {
            unread.push_back(key);
        }
    }
    return unread;
}

}  // namespace repo2s3::payload
