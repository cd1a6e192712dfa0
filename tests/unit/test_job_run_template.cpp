#include <gtest/gtest.h>

#include <stdexcept>

#include "repo2s3/job/run_template.hpp"
#include "repo2s3/util/utf8.hpp"
#include "support/fake_object_store.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::job {
namespace {

/// A store whose listing throws, as a bug deep in a parser would.
class ThrowingStore final : public testing::FakeObjectStore {
  public:
    Result<std::vector<s3::ObjectSummary>> list_objects(const std::string&) override {
        throw std::runtime_error("[json.exception.type_error.316] invalid UTF-8 byte \xE2\x80");
    }
};

payload::SyncTemplate site() {
    payload::SyncTemplate t;
    t.template_name = "site";
    t.repository = "site";
    t.bucket_name = "bucket";
    t.key_prefix = "www/";
    t.delete_missing_files = true;
    return t;
}

TEST(RunTemplate, AnExceptionIsTheRunsFailureWithAReport) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    ThrowingStore store;
    Services services{.store = store, .content_type_for = {}};
    const auto report =
        run_template(site(), {.directory = dir.path().string()}, {.commit = true}, services);
    ASSERT_TRUE(report.error);
    EXPECT_EQ(report.error->kind, ErrorKind::Internal);
    EXPECT_EQ(report.error->message.rfind("internal error: [json.exception.type_error.316]", 0),
              0U)
        << report.error->message;
    EXPECT_TRUE(util::is_valid_utf8(report.error->message));
    EXPECT_EQ(report.template_name, "site");
    EXPECT_EQ(report.target(), "s3://bucket/www/");
    EXPECT_EQ(store.put_calls() + store.delete_calls(), 0);
}

TEST(RunTemplate, TheTemplatesMaxDeletePercentAppliesUnlessOverridden) {
    testing::TempDir dir;
    dir.write("index.html", "<html>");
    testing::FakeObjectStore store;
    for (int i = 0; i < 20; ++i) store.objects["www/old-" + std::to_string(i)] = {"x", 1};
    Services services{.store = store, .content_type_for = {}};
    auto t = site();
    t.max_delete_percent = 50;
    const auto guarded = run_template(t, {.directory = dir.path().string()}, {}, services);
    ASSERT_TRUE(guarded.outcome.delete_guard);
    EXPECT_EQ(guarded.outcome.delete_guard->max_percent, 50U);
    const auto overridden = run_template(t, {.directory = dir.path().string()},
                                         {.max_delete_percent = 100}, services);
    EXPECT_FALSE(overridden.outcome.delete_guard);
}

}  // namespace
}  // namespace repo2s3::job
