#include "repo2s3/lease/lease.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <random>

#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::lease {

LeaseIdentity process_identity(const std::string& template_name) {
    std::random_device random;
    std::string bytes(16, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random() & 0xFFU);
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    return {.owner = crypto::hex_encode(bytes),
            .host = host.data(),
            .pid = static_cast<std::int64_t>(getpid()),
            .template_name = template_name};
}

LeaseRecord record_for(const LeaseSettings& settings, std::chrono::system_clock::time_point now) {
    return {.owner = settings.identity.owner,
            .host = settings.identity.host,
            .pid = settings.identity.pid,
            .template_name = settings.identity.template_name,
            .expires = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                now + settings.expiry)};
}

Error busy_error(const std::string& where, const LeaseRecord& holder) {
    return {ErrorKind::Busy, "another run holds the lease " + where + " (" +
                                 describe_holder(holder) +
                                 "); nothing was changed; try again later"};
}

std::chrono::milliseconds poll_delay(int attempt) {
    std::chrono::milliseconds delay{250};
    for (int i = 0; i < attempt && delay < std::chrono::seconds(5); ++i) delay *= 2;
    return std::min<std::chrono::milliseconds>(delay, std::chrono::seconds(5));
}

}  // namespace repo2s3::lease
