#pragma once
// The lease as an S3 object written with conditional writes: created with If-None-Match: *,
// renewed and taken over with If-Match on its ETag, deleted with If-Match. 412 means someone
// else wrote it; 409 (a concurrent conditional write) is tried again.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "repo2s3/lease/lease.hpp"
#include "repo2s3/s3/object_store.hpp"

namespace repo2s3::lease {

/// Where a destination's lease lives. Today the destination bucket itself; the run state may
/// move it to another bucket or prefix, so nothing else assumes the key.
struct LeaseLocation {
    s3::ObjectStore& store;
    std::string bucket;  // for messages
    std::string key;
};

/// ".repo2s3/lease/<key_prefix>lease.json"; `key_prefix` is empty or ends in '/'.
std::string lease_key(const std::string& key_prefix);

class S3Lease final : public Lease {
  public:
    /// Takes the lease at `location`: creates it, or takes over an expired one (with a warning
    /// naming the old holder). A lease holding this run's owner id is this run's (a retried
    /// write that landed). A live lease held by another run is waited for up to
    /// settings.wait (polling with backoff), then ErrorKind::Busy naming the holder. With
    /// `renew`, a background thread renews it every expiry / 3 until release().
    static Result<std::unique_ptr<S3Lease>> acquire(const LeaseLocation& location,
                                                    LeaseSettings settings, bool renew = true);
    ~S3Lease() override;

    bool lost() const override { return lost_.load(); }
    std::string lost_reason() const override;
    Result<void> release() override;
    std::string where() const override;

    /// One renewal now (the background thread calls this): pushes the expiry forward with
    /// If-Match; a refusal marks the lease lost, unless the object holds this run's own owner
    /// id (an earlier attempt landed but its answer was lost), which is adopted. A failure to reach
    /// the store is logged and marks it lost only once the current expiry has passed.
    void renew_once();
    /// The ETag of the lease object as this run last wrote it.
    std::string etag() const;

  private:
    S3Lease(const LeaseLocation& location, LeaseSettings settings, std::string etag,
            LeaseRecord record);
    void renew_loop();
    void mark_lost(std::string reason);
    std::chrono::system_clock::time_point now() const { return settings_.clock(); }

    s3::ObjectStore& store_;
    std::string bucket_;
    std::string key_;
    LeaseSettings settings_;

    mutable std::mutex mutex_;  // guards etag_, record_, lost_reason_, stopping_, released_
    std::condition_variable stop_;
    std::string etag_;
    LeaseRecord record_;
    std::string lost_reason_;
    bool stopping_ = false;
    bool released_ = false;
    std::atomic<bool> lost_{false};
    std::thread renewer_;
};

}  // namespace repo2s3::lease
