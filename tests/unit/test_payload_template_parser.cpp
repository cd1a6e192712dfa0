#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "repo2s3/payload/template_parser.hpp"
#include "support/test_paths.hpp"

namespace repo2s3::payload {
namespace {

// A valid template; bad cases replace or remove one line of it.
const std::vector<std::string> kValidLines = {
    "TemplateName: Sync templates",
    "TemplateDescription: Syncs the templates repo to the templates bucket",
    "Organization: octo-org",
    "Repository: templates",
    "BranchName: main",
    "GitHubAppId: \"123456\"",
    "GitHubInstallationId: \"98765432\"",
    "BucketName: starfleet-templates",
    "BucketRegion: us-east-1",
    "ExtractZipContents: True",
};

std::string join(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

using Replacements = std::vector<std::pair<std::string, std::string>>;

/// The valid template with the line of each key in `replacements` replaced by the given line
/// (removed when the line is empty), plus `extra` lines appended.
std::string valid_with(const Replacements& replacements,
                       const std::vector<std::string>& extra = {}) {
    std::vector<std::string> lines;
    for (const auto& original : kValidLines) {
        const auto replacement =
            std::find_if(replacements.begin(), replacements.end(),
                         [&](const auto& r) { return original.rfind(r.first + ":", 0) == 0; });
        if (replacement == replacements.end()) {
            lines.push_back(original);
        } else if (!replacement->second.empty()) {
            lines.push_back(replacement->second);
        }
    }
    lines.insert(lines.end(), extra.begin(), extra.end());
    return join(lines);
}

std::string valid_with(const std::string& key, const std::string& line) {
    return valid_with(Replacements{{key, line}});
}

std::string with_extra(const std::vector<std::string>& extra) {
    return valid_with(Replacements{}, extra);
}

struct BadCase {
    std::string name;
    std::string text;
    std::string expected_message;
};

void PrintTo(const BadCase& bad, std::ostream* out) {
    *out << bad.name;
}

class BadTemplate : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadTemplate, FailsWithOneLineNamingFileAndKey) {
    const auto& bad = GetParam();
    auto parsed = parse_template(bad.text, "payload.yaml");
    ASSERT_FALSE(parsed) << bad.text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::Payload);
    EXPECT_EQ(parsed.error().message, bad.expected_message);
    EXPECT_EQ(parsed.error().message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Payload, BadTemplate,
    ::testing::Values(
        // The document as a whole.
        BadCase{"Empty", "", "payload.yaml: the file is empty"},
        BadCase{"OnlyComments", "# a comment\n\n   \n", "payload.yaml: the file is empty"},
        BadCase{"OnlyNull", "~\n", "payload.yaml: the file is empty"},
        BadCase{"SyntaxError", "TemplateName: a\nTemplateDescription: [unclosed\nRepository: b\n",
                "payload.yaml: line 3, column 11: YAML syntax error: end of sequence flow not "
                "found"},
        // yaml-cpp quotes the bad character, here a carriage return: shown escaped.
        BadCase{"SyntaxErrorQuotingALineBreak", "TemplateName: \"\\\r\"\n",
                "payload.yaml: line 1, column 18: YAML syntax error: unknown escape character: "
                "\\x0d"},
        // yaml-cpp 0.7 alone would loop forever on these (jbeder/yaml-cpp#1040).
        BadCase{"CommaAtTheTop", ",\n",
                "payload.yaml: line 1, column 1: YAML syntax error: unexpected ',' outside [ ] "
                "or { }"},
        BadCase{"CommaAfterAFlowList", "[TemplateName], a\n",
                "payload.yaml: line 1, column 15: YAML syntax error: unexpected ',' outside [ ] "
                "or { }"},
        BadCase{"TopLevelList", "- TemplateName: a\n",
                "payload.yaml: expected a mapping of keys such as \"TemplateName: ...\" at the top "
                "level, got a list"},
        BadCase{"TopLevelScalar", "just some text\n",
                "payload.yaml: expected a mapping of keys such as \"TemplateName: ...\" at the top "
                "level, got \"just some text\""},
        BadCase{"TwoDocuments", join(kValidLines) + "---\n" + join(kValidLines),
                "payload.yaml: holds 2 YAML documents (separated by ---); a template is a single "
                "mapping"},
        BadCase{"KeyPrefixUnderTheReservedPrefix", with_extra({"KeyPrefix: .repo2s3/site"}),
                "payload.yaml: KeyPrefix: lies under \".repo2s3/\", which repo2s3 keeps for its "
                "run state and lease"},
        BadCase{"StateLocationNotS3OrADirectory", with_extra({"StateLocation: https://x/y"}),
                "payload.yaml: StateLocation: \"https://x/y\": only s3:// URIs and local "
                "directories are supported"},
        BadCase{"StateLocationALocalDirectory", with_extra({"StateLocation: /etc"}),
                "payload.yaml: StateLocation: \"/etc\": a template cannot choose a local "
                "directory; the operator sets one with --state or REPO2S3_STATE_URI"},
        BadCase{"DriftCheckTypo", with_extra({"DriftCheck: alway"}),
                "payload.yaml: DriftCheck: \"alway\": expected always, never or a duration such "
                "as 10m"},
        BadCase{"DuplicateKey", with_extra({"BucketName: other-bucket"}),
                "payload.yaml: BucketName: the key appears more than once"},
        BadCase{"NonScalarKey", with_extra({"? [a, b]\n: value"}),
                "payload.yaml: keys must be plain names, got a list as a key"},
        // Presence and types.
        BadCase{"MissingBucketName", valid_with("BucketName", ""),
                "payload.yaml: missing required key BucketName"},
        BadCase{"MissingTemplateName", valid_with("TemplateName", ""),
                "payload.yaml: missing required key TemplateName"},
        BadCase{"MissingExtractZipContents", valid_with("ExtractZipContents", ""),
                "payload.yaml: missing required key ExtractZipContents (true or false)"},
        BadCase{"EmptyRequiredString", valid_with("Repository", "Repository: \"\""),
                "payload.yaml: Repository: must not be empty"},
        BadCase{"NullRequiredString", valid_with("BranchName", "BranchName:"),
                "payload.yaml: BranchName: has no value; give one or remove the key"},
        BadCase{"NullOptionalString", with_extra({"KeyPrefix: ~"}),
                "payload.yaml: KeyPrefix: has no value; give one or remove the key"},
        BadCase{"MapForString", valid_with("Organization", "Organization: {name: octo}"),
                "payload.yaml: Organization: expected a string, got a mapping"},
        BadCase{"ListForString", valid_with("BucketName", "BucketName: [a, b]"),
                "payload.yaml: BucketName: expected a string, got a list"},
        BadCase{"BoolNotBool", with_extra({"DeleteMissingFiles: maybe"}),
                "payload.yaml: DeleteMissingFiles: expected true or false, got \"maybe\""},
        BadCase{"BoolMixedCase", valid_with("ExtractZipContents", "ExtractZipContents: tRUE"),
                "payload.yaml: ExtractZipContents: expected true or false, got \"tRUE\""},
        BadCase{"BoolList", with_extra({"DeleteMissingFiles: [true]"}),
                "payload.yaml: DeleteMissingFiles: expected true or false, got a list"},
        BadCase{"BoolNull", valid_with("ExtractZipContents", "ExtractZipContents:"),
                "payload.yaml: ExtractZipContents: has no value; give one or remove the key"},
        BadCase{"ListIsString", with_extra({"IncludeRepoPaths: \"^docs/\""}),
                "payload.yaml: IncludeRepoPaths: expected a list of regular expressions, got "
                "\"^docs/\""},
        BadCase{"ListIsNull", with_extra({"ExcludeRepoPaths:"}),
                "payload.yaml: ExcludeRepoPaths: has no value; give a list or remove the key"},
        BadCase{"ListItemMapping", with_extra({"ExcludeRepoPaths:", "  - a", "  - {b: c}"}),
                "payload.yaml: ExcludeRepoPaths[1]: expected a string, got a mapping"},
        BadCase{"ListItemNull", with_extra({"IncludeRepoPaths:", "  - a", "  -"}),
                "payload.yaml: IncludeRepoPaths[1]: has no value; give one or remove the key"},
        BadCase{"InvalidUtf8", valid_with("TemplateName", "TemplateName: caf\xe9"),
                "payload.yaml: TemplateName: is not valid UTF-8"},
        // Values.
        BadCase{"UnknownRegion", valid_with("BucketRegion", "BucketRegion: us-east-7"),
                "payload.yaml: BucketRegion: unknown AWS region \"us-east-7\" (expected a name "
                "such as \"us-east-1\")"},
        BadCase{"UpperCaseRegion", valid_with("BucketRegion", "BucketRegion: US-WEST-2"),
                "payload.yaml: BucketRegion: unknown AWS region \"US-WEST-2\" (region names are "
                "lower-case: \"us-west-2\")"},
        BadCase{"RegexMissingParen",
                with_extra({"IncludeRepoPaths:", "  - a", "  - b", "  - 'foo('"}),
                "payload.yaml: IncludeRepoPaths[2]: invalid regular expression \"foo(\": missing "
                "closing parenthesis at offset 4"},
        BadCase{
            "RegexBadExclude", with_extra({"ExcludeRepoPaths:", "  - '*.md'"}),
            "payload.yaml: ExcludeRepoPaths[0]: invalid regular expression \"*.md\": quantifier "
            "does not follow a repeatable item at offset 0"},
        BadCase{"RegexPythonOnlyEscape", with_extra({"ExcludeRepoPaths:", "  - '\\u00e9'"}),
                "payload.yaml: ExcludeRepoPaths[0]: invalid regular expression \"\\u00e9\": PCRE2 "
                "does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u at offset 2"},
        BadCase{"EmptyIncludeList", with_extra({"IncludeRepoPaths: []"}),
                "payload.yaml: IncludeRepoPaths: the list is empty, so no file would be synced; "
                "remove the key to include every path"},
        BadCase{"KeyPrefixLeadingSlash", with_extra({"KeyPrefix: /docs"}),
                "payload.yaml: KeyPrefix: must not start with \"/\" (S3 keys have no leading "
                "slash)"},
        BadCase{"KeyPrefixControl", with_extra({"KeyPrefix: \"a\\tb\""}),
                "payload.yaml: KeyPrefix: must not contain control characters"},
        BadCase{"OrganizationSlash", valid_with("Organization", "Organization: octo/org"),
                "payload.yaml: Organization: contains the character \"/\"; a GitHub owner name "
                "has only letters, digits, \"-\", \"_\" and \".\""},
        BadCase{"OrganizationSpace", valid_with("Organization", "Organization: \"octo org\""),
                "payload.yaml: Organization: contains a space; a GitHub owner name has only "
                "letters, digits, \"-\", \"_\" and \".\""},
        BadCase{"RepositoryDotDot", valid_with("Repository", "Repository: \"..\""),
                "payload.yaml: Repository: \"..\" is not a repository name"},
        BadCase{"RepositoryQuestionMark", valid_with("Repository", "Repository: \"a?b\""),
                "payload.yaml: Repository: contains the character \"?\"; a GitHub repository "
                "name has only letters, digits, \"-\", \"_\" and \".\""},
        BadCase{"BranchSpace", valid_with("BranchName", "BranchName: \"my branch\""),
                "payload.yaml: BranchName: contains a space, which git does not allow in a branch "
                "name (no spaces, control characters, ~ ^ : ? * [ or \\)"},
        BadCase{"BranchDotDot", valid_with("BranchName", "BranchName: a..b"),
                "payload.yaml: BranchName: must not contain \"..\""},
        BadCase{"BranchTrailingSlash", valid_with("BranchName", "BranchName: feature/"),
                "payload.yaml: BranchName: must not start or end with \"/\""},
        BadCase{"AppIdSpace", valid_with("GitHubAppId", "GitHubAppId: \"12 34\""),
                "payload.yaml: GitHubAppId: contains a space; expected the numeric App ID (e.g. "
                "\"123456\") or the App's client ID"},
        BadCase{"InstallationIdNotNumber",
                valid_with("GitHubInstallationId", "GitHubInstallationId: 1.5e3"),
                "payload.yaml: GitHubInstallationId: expected a number such as \"12345678\", got "
                "\"1.5e3\""},
        BadCase{"BucketUpperCaseOutsideUsEast1",
                valid_with(Replacements{{"BucketRegion", "BucketRegion: eu-west-1"},
                                        {"BucketName", "BucketName: My_Bucket"}}),
                "payload.yaml: BucketName: may contain only lower-case letters, digits, \".\" "
                "and \"-\""},
        BadCase{"BucketTooShort", valid_with("BucketName", "BucketName: ab"),
                "payload.yaml: BucketName: must be 3 to 63 characters long (or a legacy "
                "us-east-1 name)"},
        BadCase{"BucketWithSlash", valid_with("BucketName", "BucketName: bucket/prefix"),
                "payload.yaml: BucketName: may contain only lower-case letters, digits, \".\" "
                "and \"-\" (or a legacy us-east-1 name)"},
        // Typos of known keys: their defaults could widen the sync, so they are refused.
        BadCase{"KeyPrefixWrongCase", with_extra({"Keyprefix: site/"}),
                "payload.yaml: unknown key \"Keyprefix\"; did you mean \"KeyPrefix\"?"},
        BadCase{"KeyPrefixMissingLetter", with_extra({"KeyPrefx: site/"}),
                "payload.yaml: unknown key \"KeyPrefx\"; did you mean \"KeyPrefix\"?"},
        BadCase{"DeleteMissingFilesLowerCamel", with_extra({"deleteMissingFiles: true"}),
                "payload.yaml: unknown key \"deleteMissingFiles\"; did you mean "
                "\"DeleteMissingFiles\"?"},
        BadCase{"DeleteMissingFileSingular", with_extra({"DeleteMissingFile: true"}),
                "payload.yaml: unknown key \"DeleteMissingFile\"; did you mean "
                "\"DeleteMissingFiles\"?"},
        BadCase{"ExcludeRepoPathSingular", with_extra({"ExcludeRepoPath: ['^a']"}),
                "payload.yaml: unknown key \"ExcludeRepoPath\"; did you mean "
                "\"ExcludeRepoPaths\"?"},
        BadCase{"SwappedLetters", with_extra({"KeyPerfix: site/"}),
                "payload.yaml: unknown key \"KeyPerfix\"; did you mean \"KeyPrefix\"?"},
        BadCase{"MaxDeletePercentTypo", with_extra({"MaxDeletePercnt: 10"}),
                "payload.yaml: unknown key \"MaxDeletePercnt\"; did you mean "
                "\"MaxDeletePercent\"?"},
        // A typo of a required key is named as the typo it is, not as a missing key.
        BadCase{"RequiredKeyTypo", valid_with("BucketName", "BucketNmae: starfleet-templates"),
                "payload.yaml: unknown key \"BucketNmae\"; did you mean \"BucketName\"?"},
        BadCase{"MaxDeletePercentTooLarge", with_extra({"MaxDeletePercent: 101"}),
                "payload.yaml: MaxDeletePercent: expected a whole number from 0 to 100, got "
                "\"101\""},
        BadCase{"MaxDeletePercentNegative", with_extra({"MaxDeletePercent: -1"}),
                "payload.yaml: MaxDeletePercent: expected a whole number from 0 to 100, got "
                "\"-1\""},
        BadCase{"MaxDeletePercentFraction", with_extra({"MaxDeletePercent: 12.5"}),
                "payload.yaml: MaxDeletePercent: expected a whole number from 0 to 100, got "
                "\"12.5\""},
        BadCase{"MaxDeletePercentWithSign", with_extra({"MaxDeletePercent: 50%"}),
                "payload.yaml: MaxDeletePercent: expected a whole number from 0 to 100, got "
                "\"50%\""},
        BadCase{"MaxDeletePercentList", with_extra({"MaxDeletePercent: [50]"}),
                "payload.yaml: MaxDeletePercent: expected a whole number, got a list"},
        BadCase{"ApiUrlNotHttp", with_extra({"GitHubApiUrl: ftp://github.example.com"}),
                "payload.yaml: GitHubApiUrl: expected an http:// or https:// URL such as "
                "\"https://github.example.com/api/v3\""}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

// ---- Good templates ----

std::string fixture(const std::string& name) {
    return (testing::data_dir() / "payloads" / name).string();
}

TEST(GoodTemplate, StarfleetDocumentedExample) {
    auto parsed = load_template_file(fixture("starfleet_example.yaml"));
    ASSERT_TRUE(parsed) << parsed.error().message;
    const SyncTemplate& t = *parsed;
    EXPECT_EQ(t.template_name, "NameOfYourTemplate");
    EXPECT_EQ(t.template_description, "Syncs the REPO-NAME to the BUCKET-NAME");
    EXPECT_EQ(t.organization, "YOUR-ORG-NAME-HERE");
    EXPECT_EQ(t.repository, "THE-REPO-HERE");
    EXPECT_EQ(t.branch_name, "THE-BRANCH-NAME-HERE");
    EXPECT_EQ(t.github_app_id, "123456");
    EXPECT_EQ(t.github_installation_id, "98765432");
    EXPECT_EQ(t.bucket_name, "your-s3-bucket");
    EXPECT_EQ(t.bucket_region, "us-east-2");
    EXPECT_TRUE(t.extract_zip_contents);
    EXPECT_TRUE(t.delete_missing_files);
    EXPECT_EQ(t.include_repo_paths, std::vector<std::string>{"^.+$"});
    // YAML's double-quoted "\/" is an escaped '/', exactly as PyYAML reads it.
    EXPECT_EQ(t.exclude_repo_paths, (std::vector<std::string>{"^testing/.+$", "^README.md$",
                                                              "^.github/.+$", "^.gitignore$"}));
    EXPECT_EQ(t.key_prefix, "");
    EXPECT_FALSE(t.github_api_url);
    EXPECT_TRUE(t.unknown_keys.empty());
}

TEST(GoodTemplate, BareNumberIdsAndDefaults) {
    auto parsed = load_template_file(fixture("minimal_bare_ids.yaml"));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->github_app_id, "123456");
    EXPECT_EQ(parsed->github_installation_id, "98765432");
    EXPECT_FALSE(parsed->extract_zip_contents);
    EXPECT_FALSE(parsed->delete_missing_files);
    EXPECT_EQ(parsed->include_repo_paths, std::vector<std::string>{"^.+$"});
    EXPECT_TRUE(parsed->exclude_repo_paths.empty());
    EXPECT_EQ(parsed->key_prefix, "");
}

TEST(GoodTemplate, StateLocationAndDriftCheckAreRead) {
    auto parsed = parse_template(
        with_extra({"StateLocation: s3://ops-state/repo2s3/", "DriftCheck: 10m"}), "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_TRUE(parsed->state_location);
    EXPECT_EQ(parsed->state_location->bucket, "ops-state");
    ASSERT_TRUE(parsed->drift_check);
    EXPECT_EQ(parsed->drift_check->every, std::chrono::seconds(600));
    EXPECT_TRUE(parse_template(with_extra({"Statelocation: none"}), "payload.yaml")
                    .error()
                    .message.find("did you mean \"StateLocation\"") != std::string::npos);
}

TEST(GoodTemplate, EveryKeyPlusAnUnknownOne) {
    auto parsed = load_template_file(fixture("all_keys.yaml"));
    ASSERT_TRUE(parsed) << parsed.error().message;
    const SyncTemplate& t = *parsed;
    EXPECT_EQ(t.template_description, "Every key repo2s3 reads, plus one it does not.\n");
    EXPECT_EQ(t.organization, "octo_org");
    EXPECT_EQ(t.repository, "site.github.io");
    EXPECT_EQ(t.branch_name, "release/2024.1");
    EXPECT_EQ(t.github_app_id, "Iv1.0123abcd4567ef89");
    EXPECT_EQ(t.github_installation_id, "42");
    EXPECT_EQ(t.bucket_name, "www.example.com");
    EXPECT_EQ(t.bucket_region, "ap-southeast-5");
    EXPECT_EQ(t.include_repo_paths, (std::vector<std::string>{"^public/.+$", "\\.html$"}));
    EXPECT_EQ(t.exclude_repo_paths, std::vector<std::string>{"(?P<draft>_drafts)/"});
    EXPECT_EQ(t.key_prefix, "site/");  // normalised
    EXPECT_FALSE(t.delete_missing_files);
    ASSERT_TRUE(t.github_api_url);
    EXPECT_EQ(*t.github_api_url, "https://github.example.com/api/v3");  // trailing '/' removed
    EXPECT_EQ(t.unknown_keys, std::vector<std::string>{"StarbaseNote"});
}

TEST(GoodTemplate, JsonBodyIsYaml) {
    auto parsed = load_template_file(fixture("sqs_body.json"));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->template_name, "FromJson");
    EXPECT_EQ(parsed->github_app_id, "123456");
    EXPECT_EQ(parsed->bucket_region, "us-gov-west-1");
    EXPECT_TRUE(parsed->delete_missing_files);
    EXPECT_EQ(parsed->include_repo_paths, std::vector<std::string>{"^prod/"});
    EXPECT_EQ(parsed->key_prefix, "prod/");
}

TEST(GoodTemplate, KeyPrefixGetsExactlyOneTrailingSlash) {
    for (const auto& [written, expected] :
         std::vector<std::pair<std::string, std::string>>{{"KeyPrefix: docs", "docs/"},
                                                          {"KeyPrefix: docs/", "docs/"},
                                                          {"KeyPrefix: a/b", "a/b/"},
                                                          {"KeyPrefix: \"\"", ""}}) {
        auto parsed = parse_template(with_extra({written}), "payload.yaml");
        ASSERT_TRUE(parsed) << written << ": " << parsed.error().message;
        EXPECT_EQ(parsed->key_prefix, expected) << written;
    }
}

TEST(GoodTemplate, LegacyBucketNameInUsEast1) {
    auto parsed =
        parse_template(valid_with("BucketName", "BucketName: My_Legacy.Bucket"), "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->bucket_name, "My_Legacy.Bucket");
}

TEST(GoodTemplate, OtherWorkersKeysAreListedNotRefused) {
    // Keys of Starfleet's other workers are nowhere near ours.
    auto parsed = parse_template(with_extra({"IncludeAccounts: {AllAccounts: true}",
                                             "OperationRegions: [ALL]", "Enabled: true", "Id: 7"}),
                                 "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->unknown_keys,
              (std::vector<std::string>{"IncludeAccounts", "OperationRegions", "Enabled", "Id"}));
}

TEST(GoodTemplate, MaxDeletePercentDefaultsToHalf) {
    auto parsed = parse_template(join(kValidLines), "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->max_delete_percent, 50U);
}

TEST(GoodTemplate, MaxDeletePercentTakesEveryValueFromZeroToHundred) {
    for (const auto& [written, expected] :
         std::vector<std::pair<std::string, unsigned>>{{"MaxDeletePercent: 0", 0U},
                                                       {"MaxDeletePercent: 10", 10U},
                                                       {"MaxDeletePercent: \"25\"", 25U},
                                                       {"MaxDeletePercent: 100", 100U}}) {
        auto parsed = parse_template(with_extra({written}), "payload.yaml");
        ASSERT_TRUE(parsed) << written << ": " << parsed.error().message;
        EXPECT_EQ(parsed->max_delete_percent, expected) << written;
        EXPECT_TRUE(parsed->unknown_keys.empty());
    }
}

TEST(GoodTemplate, Utf8ByteOrderMarkIsIgnored) {
    auto parsed = parse_template("\xEF\xBB\xBF" + join(kValidLines), "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->template_name, "Sync templates");
}

TEST(GoodTemplate, BranchNamesMayContainSlashes) {
    auto parsed =
        parse_template(valid_with("BranchName", "BranchName: users/jo/fix-1"), "payload.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->branch_name, "users/jo/fix-1");
}

struct BoolCase {
    std::string written;
    bool value;
};

void PrintTo(const BoolCase& spelling, std::ostream* out) {
    *out << spelling.written;
}

class BooleanSpelling : public ::testing::TestWithParam<BoolCase> {};

TEST_P(BooleanSpelling, AcceptedAsStarfleetDid) {
    const auto& [written, value] = GetParam();
    for (const bool quoted : {false, true}) {
        const std::string scalar = quoted ? "\"" + written + "\"" : written;
        auto parsed = parse_template(
            valid_with(Replacements{{"ExtractZipContents", "ExtractZipContents: " + scalar}},
                       {"DeleteMissingFiles: " + scalar}),
            "payload.yaml");
        ASSERT_TRUE(parsed) << scalar << ": " << parsed.error().message;
        EXPECT_EQ(parsed->extract_zip_contents, value) << scalar;
        EXPECT_EQ(parsed->delete_missing_files, value) << scalar;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Payload, BooleanSpelling,
    ::testing::Values(BoolCase{"true", true}, BoolCase{"True", true}, BoolCase{"TRUE", true},
                      BoolCase{"t", true}, BoolCase{"T", true}, BoolCase{"yes", true},
                      BoolCase{"Yes", true}, BoolCase{"YES", true}, BoolCase{"y", true},
                      BoolCase{"Y", true}, BoolCase{"on", true}, BoolCase{"On", true},
                      BoolCase{"ON", true}, BoolCase{"1", true}, BoolCase{"false", false},
                      BoolCase{"False", false}, BoolCase{"FALSE", false}, BoolCase{"f", false},
                      BoolCase{"F", false}, BoolCase{"no", false}, BoolCase{"No", false},
                      BoolCase{"NO", false}, BoolCase{"n", false}, BoolCase{"N", false},
                      BoolCase{"off", false}, BoolCase{"Off", false}, BoolCase{"OFF", false},
                      BoolCase{"0", false}));

// ---- Files ----

TEST(LoadTemplateFile, MissingFileIsAnIoErrorNamingIt) {
    auto parsed = load_template_file("/nonexistent/payload.yaml");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::Io);
    EXPECT_EQ(parsed.error().message,
              "/nonexistent/payload.yaml: cannot read the template: No such file or directory");
}

TEST(LoadTemplateFile, DirectoryIsAnIoError) {
    testing::TempDir dir;
    auto parsed = load_template_file(dir.path().string());
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::Io);
    EXPECT_EQ(parsed.error().message,
              dir.path().string() + ": cannot read the template: not a regular file");
}

TEST(LoadTemplateFile, ErrorsNameThePath) {
    const auto syntax = fixture("syntax_error.yaml");
    auto parsed = load_template_file(syntax);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::Payload);
    EXPECT_EQ(parsed.error().message,
              syntax + ": line 3, column 13: YAML syntax error: end of sequence flow not found");

    const auto empty = fixture("empty.yaml");
    auto parsed_empty = load_template_file(empty);
    ASSERT_FALSE(parsed_empty);
    EXPECT_EQ(parsed_empty.error().message, empty + ": the file is empty");
}

TEST(LoadTemplateFile, RefusesHugeFiles) {
    testing::TempDir dir;
    const auto path =
        dir.write("big.yaml", join(kValidLines) + "# " + std::string(1024 * 1024, 'x') + "\n");
    auto parsed = load_template_file(path.string());
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::Payload);
    EXPECT_NE(parsed.error().message.find("a template is at most 1 MiB"), std::string::npos);
}

TEST(TemplateAsJson, TypesPlainScalarsAsPyYamlDoesAndKeepsQuotedOnesStrings) {
    const auto json = template_as_json(
        "TemplateName: site\nGitHubAppId: '123'\nGitHubInstallationId: 456\n"
        "DeleteMissingFiles: true\nExtractZipContents: \"false\"\nKeyPrefix:\n"
        "ExcludeRepoPaths: ['^a/', b]\n",
        "site.yaml");
    ASSERT_TRUE(json) << json.error().message;
    EXPECT_EQ(nlohmann::json::parse(*json),
              nlohmann::json::parse(R"({"TemplateName": "site", "GitHubAppId": "123",
                  "GitHubInstallationId": 456, "DeleteMissingFiles": true,
                  "ExtractZipContents": "false", "KeyPrefix": null,
                  "ExcludeRepoPaths": ["^a/", "b"]})"));
    EXPECT_FALSE(template_as_json("- a list\n", "bad.yaml"));
}

}  // namespace
}  // namespace repo2s3::payload
