#pragma once
// Typed reads of the top-level keys of a template mapping, in the vocabulary of the template
// (string, boolean, list of strings). The first problem is remembered and later reads return
// defaults, so a parser can read every key in order and check once at the end; the problem is
// a fragment naming the key, e.g. `DeleteMissingFiles: expected true or false, got "maybe"`.
//
// Scalars are taken as written: a bare number such as `GitHubAppId: 1234567` is the string
// "1234567" (Starfleet's docs asked for quotes; they are not needed here).
// Booleans accept exactly what Starfleet's schema library (marshmallow's Boolean) accepted, so
// existing templates keep working: true/True/TRUE/t/T/yes/Yes/YES/y/Y/on/On/ON/1 and
// false/False/FALSE/f/F/no/No/NO/n/N/off/Off/OFF/0, quoted or not. Mixed case such as "tRUE"
// is refused, as it was there.
// A key written with no value (`KeyPrefix:` or `~`) is an error, as in Starfleet: remove the
// key to get its default.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace repo2s3::payload {

class YamlFields {
  public:
    /// `mapping` must be a YAML map. Keys that are not scalars, and keys written twice, are
    /// problems (YAML libraries disagree on which duplicate wins).
    explicit YamlFields(const YAML::Node& mapping);

    std::string required_string(std::string_view key);
    std::optional<std::string> optional_string(std::string_view key);
    bool required_bool(std::string_view key);
    bool optional_bool(std::string_view key, bool default_value);
    /// A list of strings; `fallback` when the key is absent.
    std::vector<std::string> optional_string_list(std::string_view key,
                                                  std::vector<std::string> fallback);

    /// A whole number from `min` to `max` (a bare number or a quoted one); `fallback` when the
    /// key is absent.
    unsigned optional_number(std::string_view key, unsigned fallback, unsigned min, unsigned max);

    /// A map of strings to strings (e.g. metadata); empty when the key is absent.
    std::map<std::string, std::string> optional_string_map(std::string_view key);

    /// The raw value, for a key whose value has a structure of its own (read with its own
    /// parser); null when absent.
    const YAML::Node* optional_node(std::string_view key) { return find(key); }

    /// Keys present in the mapping that no read asked for, in file order.
    std::vector<std::string> unread_keys() const;
    /// Every key a read asked for, present or not: the keys this schema knows.
    const std::vector<std::string>& requested_keys() const { return read_keys_; }

    const std::optional<std::string>& problem() const { return problem_; }

  private:
    const YAML::Node* find(std::string_view key);
    void report(std::string problem);
    bool parse_bool(std::string_view key, const YAML::Node& node, bool default_value);
    std::optional<std::string> scalar_text(std::string_view key, const YAML::Node& node,
                                           std::string_view expected);

    std::map<std::string, YAML::Node, std::less<>> values_;
    std::vector<std::string> key_order_;
    std::vector<std::string> read_keys_;
    std::optional<std::string> problem_;
};

/// "a list", "a mapping", "a string", "no value" — for "expected X, got <this>" messages.
std::string describe_yaml_kind(const YAML::Node& node);

/// A boolean written as Starfleet's schemas accepted it (see above); nothing for other text.
std::optional<bool> parse_bool_word(std::string_view text);

/// The documents of `text`, as YAML::LoadAll reads them, but without yaml-cpp 0.7's endless
/// loop (jbeder/yaml-cpp#1040): a token that cannot start a value, such as a ',' outside any
/// flow collection, made it start an empty document at that token again and again, until the
/// memory ran out. Here it is a syntax error at the token. Throws YAML::Exception.
std::vector<YAML::Node> load_all_documents(std::string_view text);

/// "line 3, column 5: YAML syntax error: <what>" for a yaml-cpp parse error.
std::string yaml_error_text(const YAML::Exception& error);

}  // namespace repo2s3::payload
