#include <gtest/gtest.h>

#include "repo2s3/lease/lease.hpp"
#include "repo2s3/lease/lease_record.hpp"

namespace repo2s3::lease {
namespace {

using namespace std::chrono_literals;
const auto kWhen = std::chrono::system_clock::from_time_t(1'800'000'000);

TEST(LeaseRecord, RoundTripsThroughJson) {
    const LeaseRecord record{
        .owner = "abc", .host = "h", .pid = 12, .template_name = "site", .expires = kWhen};
    const auto text = lease_json(record);
    EXPECT_EQ(
        text,
        R"({"expires":"2027-01-15T08:00:00Z","host":"h","owner":"abc","pid":12,"template":"site"})");
    const auto parsed = parse_lease(text, "k");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->owner, "abc");
    EXPECT_EQ(parsed->host, "h");
    EXPECT_EQ(parsed->pid, 12);
    EXPECT_EQ(parsed->template_name, "site");
    EXPECT_EQ(parsed->expires, kWhen);
}

TEST(LeaseRecord, RefusesWhatIsNotALease) {
    for (const std::string text :
         {"", "[]", R"({"owner":"a"})", R"({"owner":"a","expires":"soon"})", "\xff"}) {
        const auto parsed = parse_lease(text, "s3://b/k");
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().kind, ErrorKind::Io);
        EXPECT_EQ(parsed.error().message.rfind("s3://b/k: not a repo2s3 lease", 0), 0U);
    }
}

TEST(LeaseRecord, DescribesAndExpires) {
    const LeaseRecord record{
        .owner = "o", .host = "", .pid = 3, .template_name = "t\n", .expires = kWhen};
    EXPECT_EQ(describe_holder(record),
              "host ?, pid 3, template t\\x0a, until 2027-01-15T08:00:00Z");
    EXPECT_FALSE(expired(record, kWhen - 1s));
    EXPECT_TRUE(expired(record, kWhen));
}

TEST(LeaseRecord, PollDelayDoublesToFiveSeconds) {
    EXPECT_EQ(poll_delay(0), 250ms);
    EXPECT_EQ(poll_delay(1), 500ms);
    EXPECT_EQ(poll_delay(4), 4000ms);
    EXPECT_EQ(poll_delay(5), 5000ms);
    EXPECT_EQ(poll_delay(50), 5000ms);
}

TEST(LeaseRecord, ProcessIdentityIsRandomPerRun) {
    const auto a = process_identity("site");
    const auto b = process_identity("site");
    EXPECT_EQ(a.owner.size(), 32U);
    EXPECT_NE(a.owner, b.owner);
    EXPECT_EQ(a.template_name, "site");
    EXPECT_GT(a.pid, 0);
}

}  // namespace
}  // namespace repo2s3::lease
