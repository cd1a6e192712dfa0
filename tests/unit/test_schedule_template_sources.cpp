#include <gtest/gtest.h>

#include <filesystem>

#include "repo2s3/schedule/template_sources.hpp"
#include "support/fake_object_store.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::schedule {
namespace {

using testing::FakeObjectStore;
using testing::TempDir;

TEST(TemplateSources, PayloadFilesAreListedSortedOnceAndReadAfresh) {
    TempDir dir;
    const auto a = dir.write("a.yaml", "one").string();
    const auto b = dir.write("b.yaml", "two").string();
    auto source = payload_files({b, a, b});
    EXPECT_EQ(source->list().value(), (std::vector<std::string>{a, b}));
    EXPECT_EQ(source->read(a).value(), "one");
    dir.write("a.yaml", "changed");
    EXPECT_EQ(source->read(a).value(), "changed");
}

TEST(TemplateSources, AMissingPayloadFileIsStillListedAndFailsToRead) {
    TempDir dir;
    const auto gone = (dir.path() / "gone.yaml").string();
    auto source = payload_files({gone});
    EXPECT_EQ(source->list().value(), std::vector<std::string>{gone});
    const auto text = source->read(gone);
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().kind, ErrorKind::Io);
    EXPECT_NE(text.error().message.find(gone), std::string::npos);
}

TEST(TemplateSources, ADirectoryListsItsYamlAndJsonFilesOnly) {
    TempDir dir;
    dir.write("site.yaml", "a");
    dir.write("docs.yml", "b");
    dir.write("sqs.json", "c");
    dir.write("README.md", "not a template");
    dir.write("site.yaml.bak", "not a template");
    dir.write(".hidden.yaml", "editor swap files and the like");
    dir.write("nested/inner.yaml", "not read: only the directory itself");
    std::filesystem::create_directory(dir.path() / "folder.yaml");
    auto source = payload_directory(dir.path().string());
    const auto root = dir.path().string() + "/";
    EXPECT_EQ(source->list().value(),
              (std::vector<std::string>{root + "docs.yml", root + "site.yaml", root + "sqs.json"}));
    EXPECT_EQ(source->read(root + "sqs.json").value(), "c");

    // Re-listing sees files added and removed since.
    dir.write("new.yaml", "d");
    std::filesystem::remove(dir.path() / "docs.yml");
    EXPECT_EQ(source->list().value(),
              (std::vector<std::string>{root + "new.yaml", root + "site.yaml", root + "sqs.json"}));
}

TEST(TemplateSources, AMissingDirectoryFailsToList) {
    TempDir dir;
    auto source = payload_directory((dir.path() / "nope").string());
    const auto listed = source->list();
    ASSERT_FALSE(listed);
    EXPECT_EQ(listed.error().kind, ErrorKind::Io);
    EXPECT_NE(listed.error().message.find("--payload-dir"), std::string::npos);
    EXPECT_EQ(source->describe(), "--payload-dir " + (dir.path() / "nope").string());
}

TEST(TemplateSources, OversizedFilesAreRefused) {
    TempDir dir;
    const auto big = dir.write("big.yaml", std::string(kMaxTemplateBytes + 1, '#')).string();
    const auto text = payload_files({big})->read(big);
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().kind, ErrorKind::Payload);
}

TEST(TemplateSources, AnS3PrefixListsAndReadsItsTemplateObjects) {
    auto store = std::make_unique<FakeObjectStore>();
    store->objects["templates/site.yaml"].body = "site";
    store->objects["templates/docs.json"].body = "docs";
    store->objects["templates/notes.txt"].body = "skipped";
    store->objects["templates/sub/"].body = "";
    store->objects["other/x.yaml"].body = "outside the prefix";
    FakeObjectStore& fake = *store;
    auto source = s3_templates(std::move(store), "config", "templates/");
    EXPECT_EQ(source->describe(), "--templates s3://config/templates/");
    EXPECT_EQ(source->list().value(),
              (std::vector<std::string>{"s3://config/templates/docs.json",
                                        "s3://config/templates/site.yaml"}));
    EXPECT_EQ(source->read("s3://config/templates/site.yaml").value(), "site");
    EXPECT_EQ(fake.get_calls(), 1);

    fake.objects["templates/late.yml"].body = "late";
    fake.objects.erase("templates/docs.json");
    EXPECT_EQ(source->list().value(),
              (std::vector<std::string>{"s3://config/templates/late.yml",
                                        "s3://config/templates/site.yaml"}));

    fake.objects.erase("templates/site.yaml");
    const auto gone = source->read("s3://config/templates/site.yaml");
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().kind, ErrorKind::NotFound);

    fake.fail_listing = true;
    EXPECT_FALSE(source->list());
}

TEST(TemplateSources, S3ObjectsAreCappedLikeFiles) {
    auto store = std::make_unique<FakeObjectStore>();
    store->objects["t/big.yaml"].body = std::string(kMaxTemplateBytes + 1, '#');
    auto source = s3_templates(std::move(store), "config", "t/");
    const auto text = source->read("s3://config/t/big.yaml");
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().kind, ErrorKind::Io);
}

TEST(TemplateSources, ParsesS3Uris) {
    const auto full = parse_s3_uri("s3://config/templates/", "--templates").value();
    EXPECT_EQ(full.bucket, "config");
    EXPECT_EQ(full.prefix, "templates/");
    const auto bare = parse_s3_uri("s3://config", "--templates").value();
    EXPECT_EQ(bare.bucket, "config");
    EXPECT_EQ(bare.prefix, "");
    for (const char* bad : {"config/templates/", "https://config/", "s3:///templates/"}) {
        const auto parsed = parse_s3_uri(bad, "--templates");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().kind, ErrorKind::Usage);
        EXPECT_TRUE(parsed.error().message.starts_with("--templates: ")) << bad;
    }
}

}  // namespace
}  // namespace repo2s3::schedule
