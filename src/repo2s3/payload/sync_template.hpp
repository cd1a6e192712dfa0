#pragma once
// A validated GitHub-sync payload template: the Starfleet schema, plus optional keys of our own.

#include <optional>
#include <string>
#include <vector>

#include "repo2s3/payload/header_rules.hpp"
#include "repo2s3/payload/run_state_settings.hpp"

namespace repo2s3::payload {

struct SyncTemplate {
    std::string template_name;
    std::string template_description;
    std::string organization;
    std::string repository;
    std::string branch_name;
    std::string github_app_id;  // the JWT `iss`
    std::string github_installation_id;
    std::string bucket_name;
    std::string bucket_region;  // a known AWS region
    bool extract_zip_contents = true;
    std::vector<std::string> include_repo_paths{"^.+$"};  // PCRE2, unanchored search
    std::vector<std::string> exclude_repo_paths;          // wins over include
    /// Empty (bucket root) or ends with '/'. A template value without a trailing '/' gets one,
    /// so that neighbours such as "<prefix>-other/" are never listed, compared or deleted.
    std::string key_prefix;
    bool delete_missing_files = false;
    /// The mass-delete guard: a committed run deletes nothing when it would delete more than
    /// this share (0-100) of the objects under the prefix, and more than
    /// 10 objects. 100 turns the guard off.
    unsigned max_delete_percent = 50;
    std::optional<std::string> github_api_url;  // optional key GitHubApiUrl (GitHub Enterprise)
    /// StateLocation: where the destination's run state is kept; unset means the process's
    /// default (REPO2S3_STATE_URI, else the destination bucket).
    std::optional<StateLocation> state_location;
    /// DriftCheck: how often an unchanged branch still lists the bucket; unset means --drift-check.
    std::optional<DriftCheck> drift_check;
    /// HeaderRules: headers for uploaded objects, by path (payload/header_rules.hpp).
    std::vector<HeaderRule> header_rules;
    /// CloudFrontDistributionId (with CloudFrontOriginPath, InvalidationWildcardThreshold):
    /// what a committed run that changed anything invalidates.
    std::optional<CloudFrontSettings> cloudfront;
    /// Keys in the template that repo2s3 does not use, in file order: keys of other Starfleet
    /// workers, accepted as Starfleet accepts them; callers warn about them. (Keys that are
    /// almost one of ours are refused as typos before this list is made.)
    std::vector<std::string> unknown_keys;
};

}  // namespace repo2s3::payload
