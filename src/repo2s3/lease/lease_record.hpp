#pragma once
// What a lease object holds: who holds the destination and until when. Pure: JSON in and out.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "repo2s3/util/error.hpp"

namespace repo2s3::lease {

struct LeaseRecord {
    std::string owner;  // a random id per run; only the run that wrote it matches it
    std::string host;
    std::int64_t pid = 0;
    std::string template_name;
    std::chrono::system_clock::time_point expires;
};

/// {"owner": …, "host": …, "pid": …, "template": …, "expires": "2026-01-01T00:00:00Z"}
std::string lease_json(const LeaseRecord& record);

/// The record in `text`, or an Io error naming `where` when it is not one.
Result<LeaseRecord> parse_lease(std::string_view text, std::string_view where);

/// "host build-1, pid 4242, template site, until 2026-01-01T00:00:00Z"
std::string describe_holder(const LeaseRecord& record);

/// True once `now` has reached the record's expiry.
bool expired(const LeaseRecord& record, std::chrono::system_clock::time_point now);

}  // namespace repo2s3::lease
