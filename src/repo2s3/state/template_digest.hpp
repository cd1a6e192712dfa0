#pragma once
// A digest of everything in a template that shapes a run's plan, so that state recorded under
// another template (another source, filter, prefix, extraction or delete rule) is never taken
// for this one's.

#include <string>
#include <string_view>

#include "repo2s3/payload/sync_template.hpp"

namespace repo2s3::state {

/// Hex SHA-256 over the plan-shaping keys of `sync_template` and `source_kind` ("github",
/// "directory" or "zip"). Keys that only decide what happens around the plan (names,
/// descriptions, MaxDeletePercent, the state location) do not count.
std::string template_digest(const payload::SyncTemplate& sync_template,
                            std::string_view source_kind);

}  // namespace repo2s3::state
