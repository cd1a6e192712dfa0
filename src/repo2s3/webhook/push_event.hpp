#pragma once
// GitHub's `push` event: which repository and ref moved, and to which commit; and which
// templates it concerns.

#include <string>
#include <string_view>

#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::webhook {

struct PushEvent {
    std::string full_name;  // repository.full_name, "octo-org/site"
    std::string ref;        // "refs/heads/main"
    std::string after;      // the new head; only a hint, the run resolves the branch itself
    bool deleted = false;   // the ref was deleted
};

/// The fields repo2s3 reads from a push event's JSON body; a body without them is a Usage
/// error that says which is missing.
Result<PushEvent> parse_push_event(std::string_view body);

/// True when the push moved `sync_template`'s branch: its Organization/Repository equals the
/// event's repository (ignoring case, as GitHub does) and refs/heads/<BranchName> its ref.
bool push_matches(const payload::SyncTemplate& sync_template, const PushEvent& event);

}  // namespace repo2s3::webhook
