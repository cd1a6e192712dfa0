#pragma once
// The store a run writes through while it holds a lease: every write checks the lease first,
// so a run whose lease was taken over stops before its next upload and before any delete.

#include <string>

#include "repo2s3/lease/lease.hpp"
#include "repo2s3/s3/object_store.hpp"

namespace repo2s3::lease {

class GuardedStore final : public s3::ObjectStore {
  public:
    GuardedStore(s3::ObjectStore& inner, const Lease& lease) : inner_(inner), lease_(lease) {}

    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string& prefix) override {
        return inner_.list_objects(prefix);
    }
    Result<s3::ObjectHead> head_object(const std::string& key) override {
        return inner_.head_object(key);
    }
    Result<std::string> get_object(const std::string& key, std::uint64_t max_bytes) override {
        return inner_.get_object(key, max_bytes);
    }
    Result<s3::ObjectBytes> get_object_with_etag(const std::string& key,
                                                 std::uint64_t max_bytes) override {
        return inner_.get_object_with_etag(key, max_bytes);
    }
    /// Writes are refused with ErrorKind::Safety once the lease is lost.
    Result<std::string> put_object(const s3::PutObjectInput& input) override;
    s3::DeleteOutcome delete_objects(const std::vector<std::string>& keys) override;
    Result<std::string> put_bytes(const std::string& key, const std::string& body,
                                  const std::string& content_type,
                                  const s3::WriteCondition& condition) override;
    Result<void> delete_object(const std::string& key,
                               const std::optional<std::string>& if_match) override;

  private:
    Error lost_error(const std::string& what) const;
    s3::ObjectStore& inner_;
    const Lease& lease_;
};

}  // namespace repo2s3::lease
