#include <gtest/gtest.h>

#include <atomic>

#include "repo2s3/lease/leased_store.hpp"
#include "support/fake_object_store.hpp"

namespace repo2s3::lease {
namespace {

class FakeLease final : public Lease {
  public:
    explicit FakeLease(std::atomic<int>& releases) : releases_(releases) {}
    bool lost() const override { return is_lost; }
    std::string lost_reason() const override { return is_lost ? "taken over by host-b" : ""; }
    Result<void> release() override {
        ++releases_;
        return {};
    }
    std::string where() const override { return "s3://bucket/.repo2s3/lease/lease.json"; }
    std::atomic<bool> is_lost{false};

  private:
    std::atomic<int>& releases_;
};

class LeasedStoreTest : public ::testing::Test {
  protected:
    LeasedStore store() {
        return LeasedStore(inner_, [this]() -> Result<std::unique_ptr<Lease>> {
            ++acquisitions_;
            if (busy_) return fail(ErrorKind::Busy, "another run holds the lease");
            auto lease = std::make_unique<FakeLease>(releases_);
            lease_ = lease.get();
            return std::unique_ptr<Lease>(std::move(lease));
        });
    }

    testing::FakeObjectStore inner_;
    std::atomic<int> acquisitions_{0};
    std::atomic<int> releases_{0};
    bool busy_ = false;
    FakeLease* lease_ = nullptr;
};

TEST_F(LeasedStoreTest, TheLeaseIsTakenOnTheFirstRequestOnly) {
    auto leased = store();
    EXPECT_EQ(leased.lease(), nullptr);
    EXPECT_EQ(acquisitions_, 0);  // a run failing before it reads the bucket touches nothing
    ASSERT_TRUE(leased.list_objects("www/"));
    ASSERT_TRUE(leased.put_object({.key = "www/a", .md5_hex = "m"}));
    EXPECT_EQ(acquisitions_, 1);
    EXPECT_NE(leased.lease(), nullptr);
    EXPECT_TRUE(inner_.objects.contains("www/a"));
    ASSERT_TRUE(leased.release());
    ASSERT_TRUE(leased.release());
    EXPECT_EQ(releases_, 2);  // the lease's own release is idempotent
}

TEST_F(LeasedStoreTest, ListingsLeaveTheLeaseKeyOut) {
    inner_.objects["lease.json"] = {"e", 1};
    inner_.objects["index.html"] = {"x", 1};
    LeasedStore leased(
        inner_,
        [this]() -> Result<std::unique_ptr<Lease>> {
            return std::unique_ptr<Lease>(std::make_unique<FakeLease>(releases_));
        },
        "lease.json");
    const auto listed = leased.list_objects("");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1U);
    EXPECT_EQ(listed->front().key, "index.html");
}

TEST_F(LeasedStoreTest, ABusyDestinationIsTheAnswerToEveryRequest) {
    busy_ = true;
    auto leased = store();
    const auto listed = leased.list_objects("www/");
    ASSERT_FALSE(listed);
    EXPECT_EQ(listed.error().kind, ErrorKind::Busy);
    EXPECT_FALSE(leased.put_object({.key = "www/a"}));
    const auto deleted = leased.delete_objects({"www/b"});
    ASSERT_TRUE(deleted.error);
    EXPECT_EQ(deleted.error->kind, ErrorKind::Busy);
    EXPECT_EQ(acquisitions_, 1);
    EXPECT_EQ(inner_.list_calls() + inner_.put_calls() + inner_.delete_calls(), 0);
    EXPECT_TRUE(leased.release());
}

TEST_F(LeasedStoreTest, WritesAreRefusedOnceTheLeaseIsLostAndReadsGoOn) {
    inner_.objects["www/b"] = {"x", 1};
    auto leased = store();
    ASSERT_TRUE(leased.list_objects("www/"));
    lease_->is_lost = true;
    const auto deleted = leased.delete_objects({"www/b"});
    ASSERT_TRUE(deleted.error);
    EXPECT_EQ(deleted.error->kind, ErrorKind::Safety);
    EXPECT_NE(deleted.error->message.find("was lost (taken over by host-b); refusing to delete 1"),
              std::string::npos)
        << deleted.error->message;
    const auto put = leased.put_object({.key = "www/c"});
    ASSERT_FALSE(put);
    EXPECT_EQ(put.error().kind, ErrorKind::Safety);
    EXPECT_FALSE(leased.delete_object("www/b", std::nullopt));
    EXPECT_EQ(inner_.delete_calls() + inner_.put_calls() + inner_.delete_object_calls(), 0);
    EXPECT_TRUE(inner_.objects.contains("www/b"));
    EXPECT_TRUE(leased.head_object("www/b"));
}

}  // namespace
}  // namespace repo2s3::lease
