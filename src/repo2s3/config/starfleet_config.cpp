#include "repo2s3/config/starfleet_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "repo2s3/payload/yaml_fields.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::config {
namespace {

constexpr std::uintmax_t kMaxConfigBytes = 1024 * 1024;
constexpr std::string_view kStarfleet = "STARFLEET";
constexpr std::string_view kWorker = "GitHubSyncWorkerShip";

util::Unexpected<Error> config_error(std::string_view origin, std::string_view key,
                                     const std::string& problem) {
    std::string message(origin);
    message += ": ";
    if (!key.empty()) message += std::string(key) + ": ";
    return fail(ErrorKind::Usage, message + problem);
}

// The value of `key` in a mapping; the last one when the key is written twice, as PyYAML
// (which Starfleet used) reads it.
std::optional<YAML::Node> last_value(const YAML::Node& mapping, std::string_view key) {
    std::optional<YAML::Node> found;
    for (const auto& entry : mapping) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key) found = entry.second;
    }
    return found;
}

std::string join(std::string_view path, std::string_view key) {
    return std::string(path) + "." + std::string(key);
}

// A value that must be a mapping.
Result<YAML::Node> mapping_at(const YAML::Node& node, std::string_view origin,
                              std::string_view path) {
    if (node.IsMap()) return node;
    if (node.IsNull()) {
        return config_error(origin, path, "has no value; give a mapping or remove the key");
    }
    return config_error(origin, path,
                        "expected a mapping, got " + payload::describe_yaml_kind(node));
}

// A non-empty string at mapping[key]; nothing when absent and not required.
Result<std::optional<std::string>> string_at(const YAML::Node& mapping, std::string_view key,
                                             bool required, std::string_view origin,
                                             std::string_view path) {
    const auto value = last_value(mapping, key);
    const std::string where = join(path, key);
    if (!value) {
        if (!required) return std::optional<std::string>();
        return config_error(origin, path, "missing required key " + std::string(key));
    }
    if (value->IsNull()) return config_error(origin, where, "has no value");
    if (!value->IsScalar()) {
        return config_error(origin, where,
                            "expected a string, got " + payload::describe_yaml_kind(*value));
    }
    const std::string& text = value->Scalar();
    if (text.empty()) return config_error(origin, where, "must not be empty");
    if (!util::is_valid_utf8(text)) return config_error(origin, where, "is not valid UTF-8");
    return std::optional<std::string>(text);
}

Result<YAML::Node> parse_document(std::string_view text, std::string_view origin) {
    std::vector<YAML::Node> documents;
    try {
        documents = payload::load_all_documents(text);
    } catch (const YAML::Exception& error) {
        return config_error(origin, "", payload::yaml_error_text(error));
    }
    if (documents.empty() || (documents.size() == 1 && documents.front().IsNull())) {
        return config_error(origin, "", "the file is empty");
    }
    if (documents.size() > 1) {
        return config_error(origin, "",
                            "holds " + std::to_string(documents.size()) +
                                " YAML documents (separated by ---); a configuration file is a "
                                "single mapping");
    }
    if (!documents.front().IsMap()) {
        return config_error(origin, "",
                            "expected a mapping of sections such as \"STARFLEET:\" at the top "
                            "level, got " +
                                payload::describe_yaml_kind(documents.front()));
    }
    return documents.front();
}

struct Section {
    YAML::Node node;
    std::string origin;  // the file that defined it
};

struct Sections {
    std::optional<Section> starfleet;
    std::optional<Section> worker;
};

Result<void> collect_section(const YAML::Node& document, std::string_view origin,
                             std::string_view key, std::optional<Section>& section) {
    const auto value = last_value(document, key);
    if (!value) return {};
    if (section) {
        return config_error(
            origin, key,
            "is also defined in " + section->origin + "; define each section in one file only");
    }
    section = Section{*value, std::string(origin)};
    return {};
}

Result<void> collect(const YAML::Node& document, std::string_view origin, Sections& sections) {
    if (auto ok = collect_section(document, origin, kStarfleet, sections.starfleet); !ok) return ok;
    return collect_section(document, origin, kWorker, sections.worker);
}

Result<void> read_starfleet(const Section& section, StarfleetConfig& config) {
    auto starfleet = mapping_at(section.node, section.origin, kStarfleet);
    if (!starfleet) return util::unexpected(std::move(starfleet.error()));

    const std::string enabled_key = join(kStarfleet, "SlackEnabled");
    if (const auto enabled = last_value(*starfleet, "SlackEnabled")) {
        const auto value = enabled->IsScalar() ? payload::parse_bool_word(enabled->Scalar())
                                               : std::optional<bool>();
        if (!value) {
            return config_error(
                section.origin, enabled_key,
                "expected true or false, got " + payload::describe_yaml_kind(*enabled));
        }
        config.slack_enabled = *value;
    }

    const auto secrets = last_value(*starfleet, "SecretsManager");
    if (!secrets) return {};
    const std::string secrets_path = join(kStarfleet, "SecretsManager");
    auto secrets_map = mapping_at(*secrets, section.origin, secrets_path);
    if (!secrets_map) return util::unexpected(std::move(secrets_map.error()));
    auto id = string_at(*secrets_map, "SecretId", true, section.origin, secrets_path);
    if (!id) return util::unexpected(std::move(id.error()));
    auto region = string_at(*secrets_map, "SecretRegion", true, section.origin, secrets_path);
    if (!region) return util::unexpected(std::move(region.error()));
    config.secret_id = std::move(*id);
    config.secret_region = std::move(*region);
    return {};
}

// GitHubSyncWorkerShip.AllowedGitHubApiUrls: a list of URLs.
Result<void> read_allowed_api_urls(const YAML::Node& worker, const std::string& origin,
                                   StarfleetConfig& config) {
    const auto urls = last_value(worker, "AllowedGitHubApiUrls");
    if (!urls) return {};
    const std::string path = join(kWorker, "AllowedGitHubApiUrls");
    if (!urls->IsSequence()) {
        return config_error(origin, path,
                            "expected a list of URLs, got " + payload::describe_yaml_kind(*urls));
    }
    for (std::size_t index = 0; index < urls->size(); ++index) {
        const YAML::Node item = (*urls)[index];
        const std::string where = path + "[" + std::to_string(index) + "]";
        if (!item.IsScalar() || item.Scalar().empty()) {
            return config_error(origin, where,
                                "expected a URL, got " + payload::describe_yaml_kind(item));
        }
        const std::string& url = item.Scalar();
        if (!util::is_valid_utf8(url) ||
            (!url.starts_with("https://") && !url.starts_with("http://"))) {
            return config_error(
                origin, where,
                "expected an http:// or https:// URL, got \"" + util::printable(url) + "\"");
        }
        config.allowed_github_api_urls.push_back(url);
    }
    return {};
}

Result<void> read_worker(const Section& section, StarfleetConfig& config) {
    auto worker = mapping_at(section.node, section.origin, kWorker);
    if (!worker) return util::unexpected(std::move(worker.error()));
    if (auto urls = read_allowed_api_urls(*worker, section.origin, config); !urls) return urls;
    const auto alerts = last_value(*worker, "AlertConfiguration");
    if (!alerts) return {};
    const std::string path = join(kWorker, "AlertConfiguration");
    auto alerts_map = mapping_at(*alerts, section.origin, path);
    if (!alerts_map) return util::unexpected(std::move(alerts_map.error()));

    auto channel = string_at(*alerts_map, "ChannelId", true, section.origin, path);
    if (!channel) return util::unexpected(std::move(channel.error()));
    auto priority_text = string_at(*alerts_map, "AlertPriority", true, section.origin, path);
    if (!priority_text) return util::unexpected(std::move(priority_text.error()));
    const auto priority = alerts::parse_priority(**priority_text);
    if (!priority) {
        return config_error(section.origin, join(path, "AlertPriority"),
                            "expected one of " + std::string(alerts::priority_names()) +
                                ", got \"" + util::printable(**priority_text) + "\"");
    }
    config.alert_channel = std::move(*channel);
    config.alert_priority = *priority;
    return {};
}

Result<StarfleetConfig> read_sections(const Sections& sections, std::string origin) {
    StarfleetConfig config;
    config.origin = std::move(origin);
    if (sections.starfleet) {
        if (auto ok = read_starfleet(*sections.starfleet, config); !ok) {
            return util::unexpected(std::move(ok.error()));
        }
    }
    if (sections.worker) {
        if (auto ok = read_worker(*sections.worker, config); !ok) {
            return util::unexpected(std::move(ok.error()));
        }
    }
    return config;
}

Result<std::string> read_text(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return fail(ErrorKind::Usage, name + ": cannot read the configuration: " + ec.message());
    if (size > kMaxConfigBytes) {
        return config_error(
            name, "",
            "is " + std::to_string(size) + " bytes; a configuration file is at most 1 MiB");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) {
        return fail(ErrorKind::Usage, name + ": cannot read the configuration: cannot open it");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorKind::Usage, name + ": cannot read the configuration: read error");
    }
    return text.str();
}

Result<void> collect_file(const std::filesystem::path& path, Sections& sections) {
    auto text = read_text(path);
    if (!text) return util::unexpected(std::move(text.error()));
    auto document = parse_document(*text, path.string());
    if (!document) return util::unexpected(std::move(document.error()));
    return collect(*document, path.string(), sections);
}

}  // namespace

Result<StarfleetConfig> parse_starfleet_config(std::string_view text,
                                               std::string_view source_name) {
    auto document = parse_document(text, source_name);
    if (!document) return util::unexpected(std::move(document.error()));
    Sections sections;
    if (auto ok = collect(*document, source_name, sections); !ok) {
        return util::unexpected(std::move(ok.error()));
    }
    return read_sections(sections, std::string(source_name));
}

Result<StarfleetConfig> load_starfleet_config(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ErrorKind::Usage, path + ": cannot read the configuration: " +
                                          (ec ? ec.message() : std::string("no such file")));
    }
    Sections sections;
    if (!std::filesystem::is_directory(status)) {
        if (auto ok = collect_file(path, sections); !ok) {
            return util::unexpected(std::move(ok.error()));
        }
        return read_sections(sections, path);
    }

    // Starfleet loads every *.yaml file of its configuration directory.
    std::vector<std::filesystem::path> files;
    std::filesystem::directory_iterator entries(path, ec);
    for (; !ec && entries != std::filesystem::directory_iterator(); entries.increment(ec)) {
        std::error_code type_ec;
        if (entries->path().extension() == ".yaml" && entries->is_regular_file(type_ec)) {
            files.push_back(entries->path());
        }
    }
    if (ec) {
        return fail(ErrorKind::Usage,
                    path + ": cannot list the configuration directory: " + ec.message());
    }
    if (files.empty()) return config_error(path, "", "holds no *.yaml configuration file");
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        if (auto ok = collect_file(file, sections); !ok) {
            return util::unexpected(std::move(ok.error()));
        }
    }
    return read_sections(sections, path);
}

}  // namespace repo2s3::config
