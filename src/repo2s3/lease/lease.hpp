#pragma once
// One writer per destination: what a held lease offers, whatever keeps it (an S3 object with
// conditional writes, or flock on a local file), and the settings every flavour shares.

#include <chrono>
#include <functional>
#include <string>

#include "repo2s3/lease/lease_record.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::lease {

inline constexpr std::chrono::milliseconds kDefaultExpiry{std::chrono::minutes(15)};

/// Who asks for the lease: written into it, and shown to whoever meets it.
struct LeaseIdentity {
    std::string owner;  // random, per run
    std::string host;
    std::int64_t pid = 0;
    std::string template_name;
};

/// This process running `template_name`, with a fresh random owner id.
LeaseIdentity process_identity(const std::string& template_name);

struct LeaseSettings {
    LeaseIdentity identity;
    /// How long a lease lives without renewal; it is renewed every expiry / 3.
    std::chrono::milliseconds expiry = kDefaultExpiry;
    /// How long to wait for a live lease held by someone else (0: do not wait).
    std::chrono::milliseconds wait{0};
    /// Wall clock for expiries; system_clock::now when empty.
    std::function<std::chrono::system_clock::time_point()> clock;
    /// How to wait between polls; std::this_thread::sleep_for when empty.
    std::function<void(std::chrono::milliseconds)> sleep;
};

/// A held lease. Destroying it releases it (errors logged); release() reports them.
class Lease {
  public:
    virtual ~Lease() = default;
    Lease() = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&&) = delete;
    Lease& operator=(Lease&&) = delete;

    /// True once another run has taken the lease over (or it expired unrenewed): the holder
    /// must stop writing. Thread-safe.
    virtual bool lost() const = 0;
    /// Why it was lost, naming the new holder when known; empty while held.
    virtual std::string lost_reason() const = 0;
    /// Stops renewing and gives the lease up (only if still ours). Idempotent.
    virtual Result<void> release() = 0;
    /// Where the lease lives: "s3://bucket/.repo2s3/lease/site/lease.json", a file path.
    virtual std::string where() const = 0;
};

/// The record a lease taken (or renewed) at `now` holds: settings.identity, expiring
/// settings.expiry later.
LeaseRecord record_for(const LeaseSettings& settings, std::chrono::system_clock::time_point now);

/// The Busy error for a live lease held by someone else at `where`.
Error busy_error(const std::string& where, const LeaseRecord& holder);

/// Delay before poll `attempt` (from 0) while waiting for a lease: 250 ms doubling to 5 s.
std::chrono::milliseconds poll_delay(int attempt);

}  // namespace repo2s3::lease
