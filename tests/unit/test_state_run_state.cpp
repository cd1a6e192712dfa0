#include <gtest/gtest.h>

#include "repo2s3/payload/run_state_settings.hpp"
#include "repo2s3/payload/s3_names.hpp"
#include "repo2s3/state/recorded_listing.hpp"
#include "repo2s3/state/run_state.hpp"
#include "repo2s3/state/state_store.hpp"
#include "repo2s3/state/template_digest.hpp"
#include "repo2s3/util/gzip.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::state {
namespace {

RunState sample() {
    return {
        .bucket = "b",
        .prefix = "site/",
        .template_digest = "d",
        .source_version = std::string(40, 'a'),
        .branch_etag = "W/\"e\"",
        .checked_at = 1764570000,
        .source_files = 2,
        .objects = {{"site/a", "0cc175b9c0f1b6a831c399e269772661", 1,
                     "0cc175b9c0f1b6a831c399e269772661"},
                    {"site/big", "abc-3", 70, "92eb5ffee6ae2fec3ad71c777531578f", "d1"},
                    {"site/c", "e", 3, "", ""}},
        .files = {{"a", 1, 123, "0cc175b9c0f1b6a831c399e269772661"}},
        .pending_invalidation = PendingInvalidation{"E1", {"/site/a", "/site/"}, "repo2s3-ref"}};
}

TEST(RunState, RoundTripsThroughGzipJson) {
    const auto decoded = decode_state(encode_state(sample()));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, sample());
}

TEST(RunState, CorruptTruncatedOrForeignBytesAreRefusedNotThrown) {
    auto bytes = encode_state(sample());
    EXPECT_FALSE(decode_state(bytes.substr(0, bytes.size() / 2)));
    EXPECT_FALSE(decode_state("not gzip at all"));
    EXPECT_FALSE(decode_state(util::gzip_compress("{\"format\":\"other\"}")));
    const auto other_version =
        decode_state(util::gzip_compress("{\"format\":\"repo2s3-state\",\"version\":99}"));
    ASSERT_FALSE(other_version);
    EXPECT_NE(other_version.error().message.find("version 99"), std::string::npos);
    EXPECT_FALSE(decode_state(
        util::gzip_compress("{\"format\":\"repo2s3-state\",\"version\":1,\"objects\":[1]}")));
}

TEST(Gzip, RefusesToInflatePastTheLimit) {
    const auto compressed = util::gzip_compress(std::string(100000, 'x'));
    EXPECT_FALSE(util::gzip_decompress(compressed, 1000));
    const auto whole = util::gzip_decompress(compressed, 100000);
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->size(), 100000U);
}

TEST(TemplateDigest, ChangesWithWhatShapesThePlanOnly) {
    payload::SyncTemplate t;
    const auto base = template_digest(t, "github");
    auto renamed = t;
    renamed.template_name = "other";
    renamed.max_delete_percent = 10;
    EXPECT_EQ(template_digest(renamed, "github"), base);
    auto filtered = t;
    filtered.exclude_repo_paths = {"^drafts/"};
    EXPECT_NE(template_digest(filtered, "github"), base);
    EXPECT_NE(template_digest(t, "directory"), base);
    auto with_rules = t;
    with_rules.header_rules = {{.match = "\\.html$", .cache_control = "no-cache"}};
    const auto ruled = template_digest(with_rules, "github");
    EXPECT_NE(ruled, base);
    with_rules.header_rules[0].cache_control = "no-store";
    EXPECT_NE(template_digest(with_rules, "github"), ruled);
    auto with_cdn = t;
    with_cdn.cloudfront = payload::CloudFrontSettings{.distribution_id = "E1"};
    EXPECT_EQ(template_digest(with_cdn, "github"), base);  // it invalidates, it does not plan
}

TEST(RecordedListing, DriftCountsMissingChangedAndAddedIgnoringReservedKeys) {
    const std::vector<RecordedObject> recorded = {{"p/a", "e1", 1, ""}, {"p/b", "e2", 2, ""}};
    std::vector<s3::ObjectSummary> listing = {{"p/a", "e1", 1}, {"p/b", "e2", 2}};
    EXPECT_TRUE(compare_listing("p/", recorded, listing).none());
    listing.push_back({"p/dir/", "e", 0});  // folder markers do not count
    EXPECT_TRUE(compare_listing("p/", recorded, listing).none());
    const std::vector<RecordedObject> root = {{"a", "e1", 1, ""}};
    EXPECT_TRUE(
        compare_listing("", root, {{"a", "e1", 1}, {".repo2s3/lease/lease.json", "x", 1}}).none());
    const auto drift = compare_listing("p/", recorded, {{"p/a", "other", 1}, {"p/c", "e3", 3}});
    EXPECT_EQ(drift.missing, 1U);
    EXPECT_EQ(drift.changed, 1U);
    EXPECT_EQ(drift.added, 1U);
}

TEST(RecordedListing, AfterARunHoldsTheUploadsEtagsAndDropsTheDeletes) {
    const std::vector<sync::LocalFile> local = {
        {"a", "/x/a", 1, "0cc175b9c0f1b6a831c399e269772661"},
        {"n", "/x/n", 2, "11111111111111111111111111111111"}};
    const std::vector<sync::RemoteObject> remote = {
        {"p/a", "a", "0cc175b9c0f1b6a831c399e269772661", 1, std::nullopt},
        {"p/gone", "gone", "e", 3, std::nullopt}};
    sync::ApplyResult applied;
    applied.uploaded = {"n"};
    applied.uploaded_etags = {{"n", "big-2"}};
    applied.deleted = {"gone"};
    const auto after = listing_after("p/", local, remote, applied);
    ASSERT_EQ(after.size(), 2U);
    EXPECT_EQ(after[0], (RecordedObject{"p/a", "0cc175b9c0f1b6a831c399e269772661", 1,
                                        "0cc175b9c0f1b6a831c399e269772661"}));
    EXPECT_EQ(after[1],
              (RecordedObject{"p/n", "big-2", 2, "11111111111111111111111111111111", ""}));
    const auto known = known_objects(after);
    EXPECT_EQ(known.at("p/n").md5, "11111111111111111111111111111111");
}

TEST(StateLocation, ParsesNoneS3AndDirectoriesAndRefusesTheRest) {
    EXPECT_EQ(payload::parse_state_location("none", "--state")->kind,
              payload::StateLocation::Kind::None);
    const auto s3 = payload::parse_state_location("s3://ops-state/repo2s3", "--state");
    ASSERT_TRUE(s3);
    EXPECT_EQ(s3->bucket, "ops-state");
    EXPECT_EQ(s3->prefix, "repo2s3/");
    EXPECT_EQ(payload::parse_state_location("/var/lib/repo2s3", "--state")->directory,
              "/var/lib/repo2s3");
    const auto bad = payload::parse_state_location("https://x/y", "StateLocation");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("StateLocation: ", 0), 0U);
    EXPECT_FALSE(payload::parse_state_location("s3://", "--state"));
}

TEST(StateLocation, FlagBeatsTemplateBeatsEnvironmentBeatsTheDestinationBucket) {
    using Kind = payload::StateLocation::Kind;
    const auto env = util::fixed_env({{"REPO2S3_STATE_URI", "s3://env-state/x/"}});
    const payload::StateLocation flag{.kind = Kind::None};
    const payload::StateLocation from_template{.kind = Kind::Directory, .directory = "/t"};
    EXPECT_EQ(payload::resolve_state_location(flag, from_template, env)->kind, Kind::None);
    EXPECT_EQ(payload::resolve_state_location({}, from_template, env)->directory, "/t");
    EXPECT_EQ(payload::resolve_state_location({}, {}, env)->bucket, "env-state");
    EXPECT_EQ(payload::resolve_state_location({}, {}, util::fixed_env({}))->kind,
              Kind::DestinationBucket);
    EXPECT_EQ(
        payload::resolve_state_location({}, {}, util::fixed_env({{"REPO2S3_STATE_URI", ""}}))->kind,
        Kind::DestinationBucket);

    const auto bad = payload::resolve_state_location(
        {}, {}, util::fixed_env({{"REPO2S3_STATE_URI", "ftp://x/"}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
    EXPECT_EQ(bad.error().message.rfind("REPO2S3_STATE_URI: ", 0), 0U) << bad.error().message;
}

TEST(DriftCheck, ParsesAlwaysNeverAndDurations) {
    EXPECT_EQ(payload::parse_drift_check("always", "x")->mode, payload::DriftCheck::Mode::Always);
    EXPECT_EQ(payload::parse_drift_check("never", "x")->mode, payload::DriftCheck::Mode::Never);
    const auto every = payload::parse_drift_check("10m", "x");
    ASSERT_TRUE(every);
    EXPECT_EQ(every->every, std::chrono::seconds(600));
    EXPECT_FALSE(payload::parse_drift_check("sometimes", "DriftCheck"));
}

TEST(StateStore, StateInsideTheSyncedPrefixIsRefused) {
    const auto inside = payload::parse_state_location("s3://www-bucket/site/", "--state");
    ASSERT_TRUE(inside) << inside.error().message;
    EXPECT_FALSE(check_outside_sync(*inside, "www-bucket", "site/"));
    EXPECT_FALSE(check_outside_sync(*inside, "www-bucket", ""));
    EXPECT_TRUE(check_outside_sync(*inside, "www-bucket", "docs/"));
    EXPECT_TRUE(check_outside_sync(*inside, "other", "site/"));
    EXPECT_TRUE(check_outside_sync(payload::StateLocation{}, "www-bucket", ""));  // reserved prefix
    EXPECT_EQ(state_key(payload::StateLocation{}, "b", "site/"),
              ".repo2s3/state/site/state.json.gz");
}

TEST(StateStore, LocalFileRoundTripsPrivately) {
    testing::TempDir dir;
    LocalStateStore store(state_file(dir.path().string(), "b", "site/"));
    ASSERT_TRUE(store.load());
    EXPECT_FALSE(store.load()->has_value());
    ASSERT_TRUE(store.save("bytes"));
    EXPECT_EQ(store.load()->value(), "bytes");
}

TEST(ReservedKeys, KeyPrefixUnderTheReservedPrefixIsAPayloadProblem) {
    EXPECT_TRUE(payload::s3_key_prefix_problem(".repo2s3/site"));
    EXPECT_FALSE(payload::s3_key_prefix_problem(".repo2s3-site/"));
    EXPECT_TRUE(payload::is_reserved_key(".repo2s3/lease/lease.json"));
}

}  // namespace
}  // namespace repo2s3::state
