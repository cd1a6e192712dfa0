#pragma once
// What a run tells Slack, by outcome:
//   failed                        → PROBLEM: the error line, the target, what was already applied
//   committed and changed things  → IMPORTANT: new, modified and deleted paths, commit, target
//   committed, nothing to change  → SUCCESS
//   dry run                       → INFORMATIONAL: what a commit would change
// Titles name the template. No message carries a secret: error lines never hold one.

#include <string_view>

#include "repo2s3/alerts/message.hpp"
#include "repo2s3/job/run_template.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::alerts {

Message message_for_run(const job::RunReport& report);

/// PROBLEM for a payload template that could not be read or validated.
Message message_for_invalid_payload(std::string_view payload_file, const Error& error);

}  // namespace repo2s3::alerts
