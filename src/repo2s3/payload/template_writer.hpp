#pragma once
// The normalised form of a template, as `repo2s3 validate` prints it.

#include <string>

#include "repo2s3/payload/sync_template.hpp"

namespace repo2s3::payload {

/// YAML with every schema key in table order (REFERENCE §1), defaults filled in, KeyPrefix
/// normalised, GitHubApiUrl only when set, unknown keys left out. Strings are quoted (so IDs
/// stay strings and values like "yes" or "1.0" are not re-read as other types); booleans are
/// true/false. parse_template() of the output gives back an equal template.
std::string to_yaml(const SyncTemplate& sync_template);

}  // namespace repo2s3::payload
