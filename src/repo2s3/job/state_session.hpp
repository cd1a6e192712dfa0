#pragma once
// A run's use of its destination's recorded state: read once, when the source's own checks have
// passed (from the process's memory when it has it), trusted only for the same template
// digest, and written after a committed run succeeded. State is advisory: anything wrong with
// it costs a full run and a warning, never the run.

#include <chrono>
#include <optional>
#include <string>

#include "repo2s3/state/run_state.hpp"
#include "repo2s3/state/state_store.hpp"

namespace repo2s3::job {

class StateSession {
  public:
    /// No state when `store` is null. `memory` may be null.
    StateSession(state::StateStore* store, state::StateMemory* memory, std::string digest);

    bool enabled() const { return store_ != nullptr; }
    std::string where() const { return store_ != nullptr ? store_->where() : std::string("none"); }

    /// Reads the recorded state, once. Called only after the source's own checks passed (the
    /// GitHub token, the zip, the directory scan), so a run that fails before never reaches the
    /// store the state lives in.
    void load();

    /// The recorded state, whatever template made it (its object records and branch ETag are
    /// facts about the bucket and the branch), or nothing.
    const state::RunState* recorded() const { return recorded_ ? &*recorded_ : nullptr; }
    /// The recorded state when it was made by this template from `source_version`.
    const state::RunState* matching(const std::string& source_version) const;
    /// Why the recorded state cannot serve as is, for the report: "none recorded", "made by
    /// another template", "unreadable: ...".
    const std::string& unusable_reason() const { return unusable_reason_; }

    /// Records `next` (its template digest is set here). A failure is logged and forgotten:
    /// the next run is then a full run.
    bool save(state::RunState next);

  private:
    state::StateStore* store_;
    state::StateMemory* memory_;
    std::string digest_;
    bool loaded_ = false;
    std::optional<state::RunState> recorded_;
    std::string unusable_reason_;
};

}  // namespace repo2s3::job
