#include "repo2s3/payload/template_writer.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace repo2s3::payload {
namespace {

/// Single quotes keep regular expressions readable (no doubled backslashes); they cannot hold
/// line breaks or other control characters, which need double quotes and escapes.
YAML::EMITTER_MANIP quoting_for(const std::string& value) {
    const bool has_control = std::any_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20U || byte == 0x7FU;
    });
    return has_control ? YAML::DoubleQuoted : YAML::SingleQuoted;
}

void emit_string(YAML::Emitter& out, const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value << quoting_for(value) << value;
}

void emit_bool(YAML::Emitter& out, const char* key, bool value) {
    out << YAML::Key << key << YAML::Value << YAML::TrueFalseBool << YAML::LowerCase << value;
}

void emit_list(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
    out << YAML::Key << key << YAML::Value;
    if (values.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
    }
    out << YAML::BeginSeq;
    for (const auto& value : values) out << quoting_for(value) << value;
    out << YAML::EndSeq;
}

void emit_header_rules(YAML::Emitter& out, const std::vector<HeaderRule>& rules) {
    out << YAML::Key << "HeaderRules" << YAML::Value << YAML::BeginSeq;
    for (const auto& rule : rules) {
        out << YAML::BeginMap;
        emit_string(out, "Match", rule.match);
        for (const auto& [name, value] : header_fields(rule)) {
            if (*value) emit_string(out, name, **value);
        }
        if (!rule.metadata.empty()) {
            out << YAML::Key << "Metadata" << YAML::Value << YAML::BeginMap;
            for (const auto& [name, value] : rule.metadata) emit_string(out, name.c_str(), value);
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

}  // namespace

std::string to_yaml(const SyncTemplate& t) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    emit_string(out, "TemplateName", t.template_name);
    emit_string(out, "TemplateDescription", t.template_description);
    emit_string(out, "Organization", t.organization);
    emit_string(out, "Repository", t.repository);
    emit_string(out, "BranchName", t.branch_name);
    emit_string(out, "GitHubAppId", t.github_app_id);
    emit_string(out, "GitHubInstallationId", t.github_installation_id);
    emit_string(out, "BucketName", t.bucket_name);
    emit_string(out, "BucketRegion", t.bucket_region);
    emit_bool(out, "ExtractZipContents", t.extract_zip_contents);
    emit_list(out, "IncludeRepoPaths", t.include_repo_paths);
    emit_list(out, "ExcludeRepoPaths", t.exclude_repo_paths);
    emit_string(out, "KeyPrefix", t.key_prefix);
    emit_bool(out, "DeleteMissingFiles", t.delete_missing_files);
    out << YAML::Key << "MaxDeletePercent" << YAML::Value << t.max_delete_percent;
    if (t.github_api_url) emit_string(out, "GitHubApiUrl", *t.github_api_url);
    if (t.state_location) emit_string(out, "StateLocation", describe(*t.state_location));
    if (t.drift_check) emit_string(out, "DriftCheck", describe(*t.drift_check));
    if (!t.header_rules.empty()) emit_header_rules(out, t.header_rules);
    if (t.cloudfront) {
        emit_string(out, "CloudFrontDistributionId", t.cloudfront->distribution_id);
        if (!t.cloudfront->origin_path.empty()) {
            emit_string(out, "CloudFrontOriginPath", t.cloudfront->origin_path);
        }
        out << YAML::Key << "InvalidationWildcardThreshold" << YAML::Value
            << t.cloudfront->wildcard_threshold;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace repo2s3::payload
