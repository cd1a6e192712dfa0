#include "repo2s3/state/template_digest.hpp"

#include <nlohmann/json.hpp>

#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/state/run_state.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::state {

std::string template_digest(const payload::SyncTemplate& sync_template,
                            std::string_view source_kind) {
    nlohmann::json shaping = {
        {"state_version", kStateVersion},
        {"source_kind", source_kind},
        {"organization", sync_template.organization},
        {"repository", sync_template.repository},
        {"branch", sync_template.branch_name},
        {"bucket", sync_template.bucket_name},
        {"key_prefix", sync_template.key_prefix},
        {"extract_zip_contents", sync_template.extract_zip_contents},
        {"include_repo_paths", sync_template.include_repo_paths},
        {"exclude_repo_paths", sync_template.exclude_repo_paths},
        {"delete_missing_files", sync_template.delete_missing_files},
    };
    // Only when set, so that states recorded before HeaderRules existed stay valid.
    if (!sync_template.header_rules.empty()) {
        nlohmann::json rules = nlohmann::json::array();
        for (const auto& rule : sync_template.header_rules) {
            nlohmann::json fields = {{"Match", rule.match}, {"Metadata", rule.metadata}};
            for (const auto& [name, value] : payload::header_fields(rule)) {
                if (*value) fields[name] = **value;
            }
            rules.push_back(std::move(fields));
        }
        shaping["header_rules"] = std::move(rules);
    }
    return crypto::sha256_hex(util::json_text(shaping));
}

}  // namespace repo2s3::state
