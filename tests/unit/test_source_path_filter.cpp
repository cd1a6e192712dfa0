#include <gtest/gtest.h>

#include "repo2s3/source/path_filter.hpp"

namespace repo2s3::source {
namespace {

bool selects(const PathFilter& filter, std::string_view path) {
    auto selected = filter.selects(path);
    EXPECT_TRUE(selected.has_value()) << path;
    return selected.has_value() && *selected;
}

PathFilter compiled(const std::vector<std::string>& include,
                    const std::vector<std::string>& exclude) {
    auto filter = PathFilter::compile(include, exclude);
    EXPECT_TRUE(filter.has_value()) << filter.error().message;
    return std::move(*filter);
}

TEST(PathFilter, StarfleetDefaultIncludesEveryPath) {
    const auto filter = compiled({"^.+$"}, {});
    EXPECT_TRUE(selects(filter, "README.md"));
    EXPECT_TRUE(selects(filter, "deep/nested/dir/file with space.txt"));
    EXPECT_TRUE(selects(filter, "unicodé/文件.txt"));
}

TEST(PathFilter, PatternsSearchUnanchoredLikePythonReSearch) {
    const auto filter = compiled({"docs/"}, {});
    EXPECT_TRUE(selects(filter, "docs/a.md"));
    EXPECT_TRUE(selects(filter, "site/docs/a.md"));  // re.search, not re.match
    EXPECT_FALSE(selects(filter, "doc/a.md"));
}

TEST(PathFilter, AnchorsWorkAsInPython) {
    const auto filter = compiled({"^templates/.*\\.ya?ml$"}, {});
    EXPECT_TRUE(selects(filter, "templates/a.yaml"));
    EXPECT_TRUE(selects(filter, "templates/sub/b.yml"));
    EXPECT_FALSE(selects(filter, "x/templates/a.yaml"));
    EXPECT_FALSE(selects(filter, "templates/a.yaml.bak"));
}

TEST(PathFilter, ExcludeWinsOverInclude) {
    const auto filter = compiled({"^.+$"}, {"^\\.github/", "\\.md$"});
    EXPECT_FALSE(selects(filter, ".github/workflows/ci.yml"));
    EXPECT_FALSE(selects(filter, "docs/README.md"));
    EXPECT_TRUE(selects(filter, "docs/index.html"));
}

TEST(PathFilter, NoIncludeMatchMeansNotSelected) {
    const auto filter = compiled({"^a/", "^b/"}, {});
    EXPECT_TRUE(selects(filter, "a/x"));
    EXPECT_TRUE(selects(filter, "b/y"));
    EXPECT_FALSE(selects(filter, "c/z"));
}

TEST(PathFilter, EmptyIncludeListSelectsNothing) {
    const auto filter = compiled({}, {});
    EXPECT_FALSE(selects(filter, "a.txt"));
}

TEST(PathFilter, UnicodeAwareClassesAndCaseFolding) {
    const auto filter = compiled({"(?i)^Ünïcode/\\w+\\.txt$"}, {});
    EXPECT_TRUE(selects(filter, "ünïcode/文件.txt"));
}

TEST(PathFilter, InvalidPatternNamesListIndexAndPattern) {
    const auto filter = PathFilter::compile({"^ok$", "foo("}, {});
    ASSERT_FALSE(filter.has_value());
    EXPECT_NE(filter.error().message.find("IncludeRepoPaths[1]"), std::string::npos)
        << filter.error().message;
    EXPECT_NE(filter.error().message.find("foo("), std::string::npos);
    const auto excluded = PathFilter::compile({"^.+$"}, {"[unclosed"});
    ASSERT_FALSE(excluded.has_value());
    EXPECT_NE(excluded.error().message.find("ExcludeRepoPaths[0]"), std::string::npos);
}

TEST(ApplyFilter, KeepsOrderAndDropsUnselected) {
    const auto filter = compiled({"\\.txt$"}, {"secret"});
    std::vector<SourceFile> files = {{"b.txt", "/x/b.txt", 1},
                                     {"a.bin", "/x/a.bin", 1},
                                     {"secret.txt", "/x/s", 1},
                                     {"a.txt", "/x/a.txt", 1}};
    auto kept = apply_filter(std::move(files), filter);
    ASSERT_TRUE(kept.has_value());
    ASSERT_EQ(kept->size(), 2u);
    EXPECT_EQ((*kept)[0].path, "b.txt");
    EXPECT_EQ((*kept)[1].path, "a.txt");
}

TEST(ApplyFilter, InvalidUtf8PathIsAnErrorNotAnExclusion) {
    const auto filter = compiled({"^.+$"}, {});
    std::vector<SourceFile> files = {{std::string("bad\xff.txt"), "/x", 1}};
    auto kept = apply_filter(std::move(files), filter);
    EXPECT_FALSE(kept.has_value());
}

}  // namespace
}  // namespace repo2s3::source
