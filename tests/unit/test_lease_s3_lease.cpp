#include <gtest/gtest.h>

#include <thread>

#include "repo2s3/lease/s3_lease.hpp"
#include "support/fake_object_store.hpp"

namespace repo2s3::lease {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const auto kStart = Clock::from_time_t(1'800'000'000);
const std::string kKey = ".repo2s3/lease/www/lease.json";

class S3LeaseTest : public ::testing::Test {
  protected:
    LeaseSettings settings(const std::string& owner = "me") {
        return {.identity = {.owner = owner, .host = "host-a", .pid = 42, .template_name = "site"},
                .expiry = 15min,
                .wait = 0ms,
                .clock = [this] { return now_; },
                .sleep =
                    [this](std::chrono::milliseconds delay) {
                        sleeps_.push_back(delay);
                        now_ += delay;
                        if (on_sleep_) on_sleep_();
                    }};
    }
    LeaseLocation location() { return {store_, "bucket", kKey}; }
    void hold(const std::string& owner, Clock::time_point expires,
              const std::string& etag = "theirs") {
        store_.objects[kKey] = {.etag = etag,
                                .body = lease_json({.owner = owner,
                                                    .host = "host-b",
                                                    .pid = 7,
                                                    .template_name = "other",
                                                    .expires = expires})};
    }
    LeaseRecord stored() { return *parse_lease(store_.objects.at(kKey).body, kKey); }

    testing::FakeObjectStore store_;
    Clock::time_point now_ = kStart;
    std::vector<std::chrono::milliseconds> sleeps_;
    std::function<void()> on_sleep_;
};

TEST(LeaseKey, LivesUnderTheReservedFolder) {
    EXPECT_EQ(lease_key(""), ".repo2s3/lease/lease.json");
    EXPECT_EQ(lease_key("www/"), ".repo2s3/lease/www/lease.json");
}

TEST_F(S3LeaseTest, AcquireWritesTheRecordAndReleaseDeletesIt) {
    auto lease = S3Lease::acquire(location(), settings(), /*renew=*/false);
    ASSERT_TRUE(lease) << lease.error().message;
    const auto record = stored();
    EXPECT_EQ(record.owner, "me");
    EXPECT_EQ(record.host, "host-a");
    EXPECT_EQ(record.pid, 42);
    EXPECT_EQ(record.template_name, "site");
    EXPECT_EQ(record.expires, kStart + 15min);
    EXPECT_EQ((*lease)->etag(), store_.objects.at(kKey).etag);
    EXPECT_EQ((*lease)->where(), "s3://bucket/" + kKey);
    EXPECT_FALSE((*lease)->lost());

    ASSERT_TRUE((*lease)->release());
    EXPECT_FALSE(store_.objects.contains(kKey));
    EXPECT_TRUE((*lease)->release());  // idempotent
    EXPECT_EQ(store_.delete_object_calls(), 1);
}

TEST_F(S3LeaseTest, DestroyingTheLeaseReleasesIt) {
    {
        auto lease = S3Lease::acquire(location(), settings(), false);
        ASSERT_TRUE(lease);
    }
    EXPECT_FALSE(store_.objects.contains(kKey));
}

TEST_F(S3LeaseTest, ALiveLeaseIsRefusedNamingItsHolder) {
    hold("them", kStart + 5min);
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().kind, ErrorKind::Busy);
    const auto& message = lease.error().message;
    EXPECT_NE(message.find("s3://bucket/" + kKey), std::string::npos) << message;
    EXPECT_NE(message.find("host host-b, pid 7, template other, until 2027-01-15T08:05:00Z"),
              std::string::npos)
        << message;
    EXPECT_EQ(store_.objects.at(kKey).etag, "theirs");  // untouched
    EXPECT_TRUE(sleeps_.empty());                       // no --lease-wait: no wait
}

TEST_F(S3LeaseTest, AnExpiredLeaseIsTakenOverWithIfMatch) {
    hold("them", kStart - 1s);
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ(stored().owner, "me");
    EXPECT_NE(store_.objects.at(kKey).etag, "theirs");
}

TEST_F(S3LeaseTest, AnUnreadableLeaseIsTakenOver) {
    store_.objects[kKey] = {.etag = "junk", .body = "not json"};
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ(stored().owner, "me");
}

TEST_F(S3LeaseTest, TakeOverLosesToAFasterRunAndThenWaitsForIt) {
    hold("them", kStart - 1s);
    // Between our read and our If-Match write, a third run takes the expired lease over.
    int puts = 0;
    store_.before_put_bytes = [&](const std::string&) {
        if (++puts == 2) hold("third", kStart + 10min, "third");
    };
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().kind, ErrorKind::Busy);
    EXPECT_NE(lease.error().message.find("until 2027-01-15T08:10:00Z"), std::string::npos);
}

TEST_F(S3LeaseTest, WaitsForALiveLeaseWithBackoffThenTakesIt) {
    hold("them", kStart + 10min);
    auto with_wait = settings();
    with_wait.wait = 30s;
    int polls = 0;
    on_sleep_ = [&] {
        if (++polls == 3) store_.objects.erase(kKey);  // the holder releases it
    };
    auto lease = S3Lease::acquire(location(), with_wait, false);
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ(stored().owner, "me");
    ASSERT_EQ(sleeps_.size(), 3U);
    EXPECT_EQ(sleeps_[0], 250ms);
    EXPECT_EQ(sleeps_[1], 500ms);
    EXPECT_EQ(sleeps_[2], 1000ms);
}

TEST_F(S3LeaseTest, GivesUpWhenTheWaitRunsOut) {
    hold("them", kStart + 10min);
    auto with_wait = settings();
    with_wait.wait = 10s;
    auto lease = S3Lease::acquire(location(), with_wait, false);
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().kind, ErrorKind::Busy);
    EXPECT_FALSE(sleeps_.empty());
    EXPECT_LE(now_, kStart + 10s);
}

TEST_F(S3LeaseTest, ConditionalRequestConflictIsTriedAgain) {
    store_.conflicts_to_answer = 2;
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ(store_.put_bytes_calls(), 3);
    EXPECT_EQ(sleeps_.size(), 2U);
}

TEST_F(S3LeaseTest, OtherErrorsAreReturned) {
    store_.conflicts_to_answer = 100;  // past the retries
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().kind, ErrorKind::Conflict);
}

TEST_F(S3LeaseTest, RenewalPushesTheExpiryWithIfMatch) {
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease);
    const auto first = (*lease)->etag();
    now_ += 5min;
    (*lease)->renew_once();
    EXPECT_FALSE((*lease)->lost());
    EXPECT_NE((*lease)->etag(), first);
    EXPECT_EQ((*lease)->etag(), store_.objects.at(kKey).etag);
    EXPECT_EQ(stored().expires, kStart + 20min);
}

TEST_F(S3LeaseTest, RenewalFindingATakeOverMarksTheLeaseLost) {
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease);
    hold("them", kStart + 30min);  // taken over behind our back
    (*lease)->renew_once();
    EXPECT_TRUE((*lease)->lost());
    EXPECT_NE((*lease)->lost_reason().find("host host-b, pid 7"), std::string::npos)
        << (*lease)->lost_reason();
    ASSERT_TRUE((*lease)->release());
    EXPECT_EQ(store_.objects.at(kKey).etag, "theirs");  // theirs is left alone
}

TEST_F(S3LeaseTest, RenewalFindingTheLeaseDeletedMarksItLost) {
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease);
    store_.objects.erase(kKey);  // If-Match on a missing key: 404, as in S3
    (*lease)->renew_once();
    EXPECT_TRUE((*lease)->lost());
    EXPECT_NE((*lease)->lost_reason().find("deleted"), std::string::npos);
}

TEST_F(S3LeaseTest, AWriteThatLandedWithItsAnswerLostIsAdopted) {
    // The create lands, but the answer is lost and the retry meets the lease it wrote.
    store_.before_put_bytes = [&](const std::string&) {
        if (store_.put_bytes_calls() == 0) {
            store_.objects[kKey] = {.etag = "mine-1",
                                    .body = lease_json(record_for(settings(), now_))};
        }
    };
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease) << lease.error().message;
    EXPECT_EQ((*lease)->etag(), "mine-1");

    // The same for a renewal: the object already holds our newer record.
    store_.before_put_bytes = [&](const std::string&) {
        store_.objects[kKey] = {.etag = "mine-2", .body = lease_json(record_for(settings(), now_))};
    };
    (*lease)->renew_once();
    EXPECT_FALSE((*lease)->lost());
    EXPECT_EQ((*lease)->etag(), "mine-2");
    store_.before_put_bytes = {};
    ASSERT_TRUE((*lease)->release());
    EXPECT_FALSE(store_.objects.contains(kKey));
}

TEST_F(S3LeaseTest, ReleaseLeavesALeaseThatChangedHands) {
    auto lease = S3Lease::acquire(location(), settings(), false);
    ASSERT_TRUE(lease);
    hold("them", kStart + 30min);
    const auto released = (*lease)->release();
    ASSERT_FALSE(released);
    EXPECT_EQ(released.error().kind, ErrorKind::Precondition);
    EXPECT_TRUE(store_.objects.contains(kKey));
}

TEST_F(S3LeaseTest, TheBackgroundThreadRenews) {
    auto quick = settings();
    quick.clock = {};
    quick.sleep = {};
    quick.expiry = 60ms;  // renewed every 20 ms
    auto lease = S3Lease::acquire(location(), quick, true);
    ASSERT_TRUE(lease);
    std::this_thread::sleep_for(300ms);
    EXPECT_GE(store_.put_bytes_calls(), 3);
    EXPECT_FALSE((*lease)->lost());
    ASSERT_TRUE((*lease)->release());
    EXPECT_FALSE(store_.objects.contains(kKey));
}

}  // namespace
}  // namespace repo2s3::lease
