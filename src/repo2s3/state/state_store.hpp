#pragma once
// Where a destination's run state lives: an object in S3 (by default in the destination bucket,
// under the reserved prefix) or a file in a local directory. Loading and saving move bytes only;
// run_state.hpp encodes them. A warm process (watch, lambda) also remembers the last state per
// location, so a run that changes nothing reads nothing.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "repo2s3/payload/run_state_settings.hpp"
#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/state/run_state.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::state {

class StateStore {
  public:
    virtual ~StateStore() = default;
    StateStore() = default;
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;
    StateStore(StateStore&&) = delete;
    StateStore& operator=(StateStore&&) = delete;

    /// The recorded bytes; nothing when no state was ever recorded here.
    virtual Result<std::optional<std::string>> load() = 0;
    virtual Result<void> save(const std::string& bytes) = 0;
    /// "s3://bucket/key" or the file's path, for messages and as the memory's key.
    virtual std::string where() const = 0;
};

class S3StateStore final : public StateStore {
  public:
    /// `store` is the client of `bucket`.
    S3StateStore(s3::ObjectStore& store, std::string bucket, std::string key);
    Result<std::optional<std::string>> load() override;
    Result<void> save(const std::string& bytes) override;
    std::string where() const override;

  private:
    s3::ObjectStore& store_;
    std::string bucket_;
    std::string key_;
};

class LocalStateStore final : public StateStore {
  public:
    explicit LocalStateStore(std::filesystem::path file);
    Result<std::optional<std::string>> load() override;
    /// Writes a private temporary file next to it and renames it over, so a reader never sees
    /// half a state.
    Result<void> save(const std::string& bytes) override;
    std::string where() const override;

  private:
    std::filesystem::path file_;
};

/// The state object's key for a destination, when the state is kept in S3: under
/// ".repo2s3/state/" in the destination bucket by default, under the location's prefix and the
/// destination bucket's name otherwise. Ends in "state.json.gz".
std::string state_key(const payload::StateLocation& location, const std::string& bucket,
                      const std::string& key_prefix);

/// The state file for a destination in a local directory.
std::filesystem::path state_file(const std::string& directory, const std::string& bucket,
                                 const std::string& key_prefix);

/// Refuses (ErrorKind::Usage) a location whose state object the sync itself would list and
/// delete: in the destination bucket, under the synced prefix, outside the reserved prefix.
Result<void> check_outside_sync(const payload::StateLocation& location, const std::string& bucket,
                                const std::string& key_prefix);

/// The last state each location saw in this process. Thread-safe.
class StateMemory {
  public:
    std::optional<RunState> recall(const std::string& where) const;
    void remember(const std::string& where, RunState state);
    void forget(const std::string& where);

  private:
    mutable std::mutex mutex_;
    std::map<std::string, RunState> states_;
};

}  // namespace repo2s3::state
