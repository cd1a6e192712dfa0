#include "repo2s3/lease/s3_lease.hpp"

#include <spdlog/spdlog.h>

namespace repo2s3::lease {
namespace {

constexpr std::uint64_t kMaxLeaseBytes = 64 * 1024;
constexpr int kMaxConflicts = 10;
constexpr const char* kContentType = "application/json";

/// An If-Match write or delete found another ETag (412), or no object at all (S3 answers 404
/// NoSuchKey then).
bool changed_hands(const Error& error) {
    return error.kind == ErrorKind::Precondition || error.kind == ErrorKind::NotFound;
}

/// A conditional write, tried again on 409 ConditionalRequestConflict.
Result<std::string> put_conditionally(const LeaseLocation& location, const std::string& body,
                                      const s3::WriteCondition& condition,
                                      const LeaseSettings& settings) {
    for (int attempt = 0;; ++attempt) {
        auto written = location.store.put_bytes(location.key, body, kContentType, condition);
        if (written || written.error().kind != ErrorKind::Conflict || attempt >= kMaxConflicts) {
            return written;
        }
        settings.sleep(poll_delay(0) / 5 * (attempt + 1));
    }
}

}  // namespace

std::string lease_key(const std::string& key_prefix) {
    return ".repo2s3/lease/" + key_prefix + "lease.json";
}

Result<std::unique_ptr<S3Lease>> S3Lease::acquire(const LeaseLocation& location,
                                                  LeaseSettings settings, bool renew) {
    if (!settings.clock) settings.clock = [] { return std::chrono::system_clock::now(); };
    if (!settings.sleep) settings.sleep = [](auto delay) { std::this_thread::sleep_for(delay); };
    const std::string where = "s3://" + location.bucket + "/" + location.key;
    const auto give_up_at = settings.clock() + settings.wait;

    for (int poll = 0;; ++poll) {
        LeaseRecord mine = record_for(settings, settings.clock());
        auto created =
            put_conditionally(location, lease_json(mine), {.if_none_match_any = true}, settings);
        std::unique_ptr<S3Lease> lease;
        if (created) {
            lease.reset(new S3Lease(location, settings, *created, mine));
        } else if (created.error().kind != ErrorKind::Precondition) {
            return util::unexpected(std::move(created.error()));
        } else {
            // Someone holds it: read who, and until when.
            auto current = location.store.get_object_with_etag(location.key, kMaxLeaseBytes);
            if (!current && current.error().kind == ErrorKind::NotFound) continue;  // just freed
            if (!current) return util::unexpected(std::move(current.error()));
            auto holder = parse_lease(current->body, where);
            const auto now = settings.clock();
            if (holder && holder->owner == settings.identity.owner) {
                // Our own write landed but its answer was lost (a retried request): ours.
                lease.reset(new S3Lease(location, settings, current->etag, *holder));
            } else if (!holder || expired(*holder, now)) {
                mine = record_for(settings, now);
                auto taken = put_conditionally(location, lease_json(mine),
                                               {.if_match = current->etag}, settings);
                if (!taken && changed_hands(taken.error())) continue;  // raced: look again
                if (!taken) return util::unexpected(std::move(taken.error()));
                if (holder) {
                    spdlog::warn("{}: took over the expired lease {} from {}",
                                 settings.identity.template_name, where, describe_holder(*holder));
                } else {
                    spdlog::warn("{}: took over the unreadable lease {}: {}",
                                 settings.identity.template_name, where, holder.error().message);
                }
                lease.reset(new S3Lease(location, settings, *taken, mine));
            } else {
                const auto delay = poll_delay(poll);
                if (now + delay > give_up_at) return util::unexpected(busy_error(where, *holder));
                if (poll == 0) {
                    spdlog::info("{}: waiting for the lease {} ({})",
                                 settings.identity.template_name, where, describe_holder(*holder));
                }
                settings.sleep(delay);
                continue;
            }
        }
        if (renew) lease->renewer_ = std::thread([raw = lease.get()] { raw->renew_loop(); });
        return lease;
    }
}

S3Lease::S3Lease(const LeaseLocation& location, LeaseSettings settings, std::string etag,
                 LeaseRecord record)
    : store_(location.store),
      bucket_(location.bucket),
      key_(location.key),
      settings_(std::move(settings)),
      etag_(std::move(etag)),
      record_(std::move(record)) {}

S3Lease::~S3Lease() {
    if (auto released = release(); !released) {
        spdlog::warn("{}: {}", settings_.identity.template_name, released.error().message);
    }
}

std::string S3Lease::where() const {
    return "s3://" + bucket_ + "/" + key_;
}

std::string S3Lease::etag() const {
    const std::lock_guard lock(mutex_);
    return etag_;
}

std::string S3Lease::lost_reason() const {
    const std::lock_guard lock(mutex_);
    return lost_reason_;
}

void S3Lease::mark_lost(std::string reason) {
    {
        const std::lock_guard lock(mutex_);
        if (lost_reason_.empty()) lost_reason_ = std::move(reason);
    }
    lost_ = true;
    spdlog::error("{}: lost the lease {}: {}", settings_.identity.template_name, where(),
                  lost_reason());
}

void S3Lease::renew_once() {
    if (lost_) return;
    std::string etag;
    std::chrono::system_clock::time_point expires;
    {
        const std::lock_guard lock(mutex_);
        etag = etag_;
        expires = record_.expires;
    }
    const LeaseRecord renewed = record_for(settings_, now());
    auto written = put_conditionally({store_, bucket_, key_}, lease_json(renewed),
                                     {.if_match = etag}, settings_);
    if (written) {
        const std::lock_guard lock(mutex_);
        etag_ = *written;
        record_ = renewed;
        return;
    }
    if (changed_hands(written.error())) {
        std::string holder = "it was deleted";
        if (auto current = store_.get_object_with_etag(key_, kMaxLeaseBytes)) {
            if (auto record = parse_lease(current->body, where())) {
                if (record->owner == settings_.identity.owner) {
                    // Our renewal landed but its answer was lost (a retried request).
                    const std::lock_guard lock(mutex_);
                    etag_ = current->etag;
                    record_ = *record;
                    return;
                }
                holder = "now held by " + describe_holder(*record);
            }
        }
        mark_lost("another run took it over (" + holder + ")");
        return;
    }
    if (now() >= expires) {
        mark_lost("it expired before it could be renewed: " + written.error().message);
    } else {
        spdlog::warn("{}: renewing the lease {} failed, trying again: {}",
                     settings_.identity.template_name, where(), written.error().message);
    }
}

void S3Lease::renew_loop() {
    const auto period =
        std::max<std::chrono::milliseconds>(settings_.expiry / 3, std::chrono::milliseconds(10));
    std::unique_lock lock(mutex_);
    while (!stopping_ && !lost_) {
        if (stop_.wait_for(lock, period, [this] { return stopping_; })) break;
        lock.unlock();
        renew_once();
        lock.lock();
    }
}

Result<void> S3Lease::release() {
    std::string etag;
    {
        const std::lock_guard lock(mutex_);
        if (released_) return {};
        released_ = true;
        stopping_ = true;
        etag = etag_;
    }
    stop_.notify_all();
    if (renewer_.joinable()) renewer_.join();
    if (lost_) return {};  // not ours any more: leave it to its holder
    auto deleted = store_.delete_object(key_, etag);
    if (!deleted && deleted.error().kind == ErrorKind::NotFound) return {};  // already gone
    if (!deleted && deleted.error().kind == ErrorKind::Precondition) {
        return fail(ErrorKind::Precondition,
                    "the lease " + where() + " changed hands before it was released; left as is");
    }
    if (!deleted) {
        return fail(deleted.error().kind, "releasing the lease " + where() + ": " +
                                              deleted.error().message + "; it expires by itself");
    }
    return {};
}

}  // namespace repo2s3::lease
