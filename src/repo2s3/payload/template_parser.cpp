#include "repo2s3/payload/template_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "repo2s3/payload/header_rules.hpp"
#include "repo2s3/payload/key_suggestion.hpp"
#include "repo2s3/payload/template_validation.hpp"
#include "repo2s3/payload/yaml_fields.hpp"
#include "repo2s3/util/json_text.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

constexpr std::uintmax_t kMaxTemplateBytes = 1024 * 1024;

util::Unexpected<Error> payload_error(std::string_view source_name, const std::string& problem) {
    return fail(ErrorKind::Payload, std::string(source_name) + ": " + problem);
}

Result<YAML::Node> load_single_document(std::string_view text, std::string_view source_name) {
    std::vector<YAML::Node> documents;
    try {
        documents = load_all_documents(text);
    } catch (const YAML::Exception& error) {
        return payload_error(source_name, yaml_error_text(error));
    }
    if (documents.empty() || (documents.size() == 1 && documents.front().IsNull())) {
        return payload_error(source_name, "the file is empty");
    }
    if (documents.size() > 1) {
        return payload_error(source_name, "holds " + std::to_string(documents.size()) +
                                              " YAML documents (separated by ---); a template "
                                              "is a single mapping");
    }
    if (!documents.front().IsMap()) {
        return payload_error(source_name,
                             "expected a mapping of keys such as \"TemplateName: "
                             "...\" at the top level, got " +
                                 describe_yaml_kind(documents.front()));
    }
    return documents.front();
}

/// A plain scalar as YAML 1.1's core schema types it, as PyYAML's safe_load does for the
/// scalars templates use.
nlohmann::json scalar_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() != "?") return text;  // quoted: always a string
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return nullptr;
    }
    // Only canonical integers: "0123" or "+5" stay strings, so no digit is lost or added.
    const std::size_t sign = text[0] == '-' ? 1 : 0;
    const bool integer = text.size() > sign && text.size() < 19 &&
                         (text.size() == sign + 1 || text[sign] != '0') &&
                         std::all_of(text.begin() + static_cast<std::ptrdiff_t>(sign), text.end(),
                                     [](char c) { return c >= '0' && c <= '9'; }) &&
                         text != "-0";
    if (integer) return std::stoll(text);
    return text;
}

nlohmann::json node_json(const YAML::Node& node) {
    if (node.IsMap()) {
        nlohmann::json object = nlohmann::json::object();
        for (const auto& entry : node) object[entry.first.Scalar()] = node_json(entry.second);
        return object;
    }
    if (node.IsSequence()) {
        nlohmann::json array = nlohmann::json::array();
        for (const auto& item : node) array.push_back(node_json(item));
        return array;
    }
    if (node.IsScalar()) return scalar_json(node);
    return nullptr;
}

}  // namespace

Result<std::string> template_as_json(std::string_view text, std::string_view source_name) {
    auto document = load_single_document(text, source_name);
    if (!document) return util::unexpected(std::move(document.error()));
    return util::json_text(node_json(*document));
}

Result<SyncTemplate> parse_template(std::string_view text, std::string_view source_name) {
    auto document = load_single_document(text, source_name);
    if (!document) return util::unexpected(std::move(document.error()));

    YamlFields fields(*document);
    SyncTemplate t;
    t.template_name = fields.required_string("TemplateName");
    t.template_description = fields.required_string("TemplateDescription");
    t.organization = fields.required_string("Organization");
    t.repository = fields.required_string("Repository");
    t.branch_name = fields.required_string("BranchName");
    t.github_app_id = fields.required_string("GitHubAppId");
    t.github_installation_id = fields.required_string("GitHubInstallationId");
    t.bucket_name = fields.required_string("BucketName");
    t.bucket_region = fields.required_string("BucketRegion");
    t.extract_zip_contents = fields.required_bool("ExtractZipContents");
    t.include_repo_paths =
        fields.optional_string_list("IncludeRepoPaths", SyncTemplate{}.include_repo_paths);
    t.exclude_repo_paths = fields.optional_string_list("ExcludeRepoPaths", {});
    t.key_prefix = fields.optional_string("KeyPrefix").value_or("");
    t.delete_missing_files = fields.optional_bool("DeleteMissingFiles", false);
    t.github_api_url = fields.optional_string("GitHubApiUrl");
    t.max_delete_percent =
        fields.optional_number("MaxDeletePercent", SyncTemplate{}.max_delete_percent, 0, 100);
    const auto state_location = fields.optional_string("StateLocation");
    const auto drift_check = fields.optional_string("DriftCheck");
    const YAML::Node* header_rules = fields.optional_node("HeaderRules");
    const auto distribution_id = fields.optional_string("CloudFrontDistributionId");
    const auto origin_path = fields.optional_string("CloudFrontOriginPath");
    const unsigned wildcard_threshold = fields.optional_number(
        "InvalidationWildcardThreshold", CloudFrontSettings{}.wildcard_threshold, 1, 3000);
    const bool wildcard_threshold_given = fields.optional_node("InvalidationWildcardThreshold");
    // A typo comes first: "missing required key BucketName" would hide "BucketNmae".
    t.unknown_keys = fields.unread_keys();
    for (const auto& key : t.unknown_keys) {
        if (const auto meant = near_miss_key(key, fields.requested_keys())) {
            return payload_error(source_name, "unknown key \"" + util::printable(key) +
                                                  "\"; did you mean \"" + *meant + "\"?");
        }
    }
    if (fields.problem()) return payload_error(source_name, *fields.problem());
    if (state_location) {
        auto location = parse_state_location(*state_location, "StateLocation");
        if (!location) return payload_error(source_name, location.error().message);
        // Where this machine writes is the operator's choice, not a template author's (as
        // GitHubApiUrl needs the operator's consent).
        if (location->kind == StateLocation::Kind::Directory) {
            return payload_error(source_name,
                                 "StateLocation: \"" + util::printable(*state_location) +
                                     "\": a template cannot choose a local directory; the "
                                     "operator sets one with --state or REPO2S3_STATE_URI");
        }
        t.state_location = std::move(*location);
    }
    if (drift_check) {
        auto check = parse_drift_check(*drift_check, "DriftCheck");
        if (!check) return payload_error(source_name, check.error().message);
        t.drift_check = *check;
    }
    if (header_rules) {
        auto rules = parse_header_rules(*header_rules);
        if (!rules) return payload_error(source_name, rules.error().message);
        t.header_rules = std::move(*rules);
    }
    if (distribution_id) {
        t.cloudfront = CloudFrontSettings{.distribution_id = *distribution_id,
                                          .origin_path = origin_path.value_or(""),
                                          .wildcard_threshold = wildcard_threshold};
    } else if (origin_path || wildcard_threshold_given) {
        return payload_error(
            source_name,
            std::string(origin_path ? "CloudFrontOriginPath" : "InvalidationWildcardThreshold") +
                ": needs CloudFrontDistributionId");
    }

    return validate_template(std::move(t), source_name);
}

Result<SyncTemplate> load_template_file(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ErrorKind::Io, path + ": cannot read the template: " +
                                       (ec ? ec.message() : std::string("no such file")));
    }
    if (!std::filesystem::is_regular_file(status)) {
        return fail(ErrorKind::Io, path + ": cannot read the template: not a regular file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxTemplateBytes) {
        return payload_error(path,
                             "is " + std::to_string(size) + " bytes; a template is at most 1 MiB");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorKind::Io, path + ": cannot read the template: cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(ErrorKind::Io, path + ": cannot read the template: read error");
    return parse_template(text.str(), path);
}

}  // namespace repo2s3::payload
