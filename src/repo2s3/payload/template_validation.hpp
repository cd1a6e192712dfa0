#pragma once
// The checks a template must pass before anything touches the network, and its normalisation.

#include <string_view>

#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::payload {

/// Checks the values of `sync_template` in key order and returns it normalised, or the first
/// problem as `<source_name>: <Key>: <problem>` (ErrorKind::Payload). Checks: required strings
/// non-empty; Organization/Repository/BranchName/GitHubAppId/GitHubInstallationId well-formed
/// (github_names.hpp); BucketRegion a known AWS region; BucketName a valid bucket name for that
/// region; every IncludeRepoPaths/ExcludeRepoPaths entry compiles (util::Regex) and
/// IncludeRepoPaths is not empty (it would select nothing); KeyPrefix and GitHubApiUrl
/// well-formed. Normalisation: KeyPrefix gets a trailing '/', GitHubApiUrl loses trailing '/'.
Result<SyncTemplate> validate_template(SyncTemplate sync_template, std::string_view source_name);

}  // namespace repo2s3::payload
