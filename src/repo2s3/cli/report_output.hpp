#pragma once
// How a run report is shown: a readable plan and one summary line, or one JSON object.

#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/job/run_template.hpp"

namespace repo2s3::cli {

/// What happened, path by path: what was applied after a commit, what is planned on a dry run.
struct ChangeLists {
    std::vector<std::string> new_paths;
    std::vector<std::string> modified_paths;
    std::vector<std::string> deleted_paths;
};
ChangeLists change_lists(const job::RunReport& report);

/// The machine-readable summary (README, "JSON summary").
nlohmann::json report_json(const job::RunReport& report);

/// The human-readable plan followed by a one-line summary.
std::string report_text(const job::RunReport& report);

/// "1,204"
std::string with_thousands(std::size_t value);

}  // namespace repo2s3::cli
