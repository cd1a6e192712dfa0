#pragma once
// The lease for run state kept in a local directory: flock(2) on a file there. The kernel
// drops the lock when the holder exits, however it exits, so there is no expiry to renew; the
// file's content (a LeaseRecord) only names the holder for whoever meets it.

#include <memory>
#include <string>

#include "repo2s3/lease/lease.hpp"

namespace repo2s3::lease {

class FileLease final : public Lease {
  public:
    /// Locks `path` (created if missing, mode 0600, in private directories) and writes this run's
    /// record into it. A lock held elsewhere (another process, or another open file description in
    /// this one) is waited for up to settings.wait, then ErrorKind::Busy naming the holder from the
    /// file.
    static Result<std::unique_ptr<FileLease>> acquire(const std::string& path,
                                                      LeaseSettings settings);
    ~FileLease() override;

    bool lost() const override { return false; }  // a held flock cannot be taken away
    std::string lost_reason() const override { return {}; }
    Result<void> release() override;
    std::string where() const override { return path_; }

  private:
    FileLease(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    std::string path_;
    int fd_ = -1;
};

}  // namespace repo2s3::lease
