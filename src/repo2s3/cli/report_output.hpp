#pragma once
// How a run report is shown: a readable plan and one summary line, or one JSON object.

#include <nlohmann/json.hpp>
#include <string>

#include "repo2s3/job/run_template.hpp"
#include "repo2s3/util/thousands.hpp"

namespace repo2s3::cli {

using job::change_lists;
using job::ChangeLists;
using util::with_thousands;

/// The machine-readable summary (README, "JSON summary"). `alert_sent` says whether an alert
/// about this run reached Slack.
nlohmann::json report_json(const job::RunReport& report, bool alert_sent = false);

/// The human-readable plan followed by a one-line summary.
std::string report_text(const job::RunReport& report);

}  // namespace repo2s3::cli
