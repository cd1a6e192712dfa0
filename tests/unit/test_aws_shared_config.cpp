#include <gtest/gtest.h>

#include "repo2s3/aws/shared_config.hpp"

namespace repo2s3::aws {
namespace {

IniFile ini(std::string_view text) {
    auto parsed = parse_ini(text, "file");
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed ? *parsed : IniFile{};
}

std::vector<std::string> names(const std::map<std::string, ProfileValues>& profiles) {
    std::vector<std::string> out;
    for (const auto& [name, values] : profiles) out.push_back(name);
    return out;
}

TEST(SharedFilePaths, DefaultToTheHomeDirectory) {
    const auto paths = shared_file_paths(util::fixed_env({{"HOME", "/home/u/"}}));
    EXPECT_EQ(paths.credentials, "/home/u/.aws/credentials");
    EXPECT_EQ(paths.config, "/home/u/.aws/config");
}

TEST(SharedFilePaths, ComeFromTheirVariablesWithExpansion) {
    const auto paths =
        shared_file_paths(util::fixed_env({{"HOME", "/home/u"},
                                           {"AWS_SHARED_CREDENTIALS_FILE", "~/creds"},
                                           {"AWS_CONFIG_FILE", "$CONF_DIR/cfg"},
                                           {"CONF_DIR", "/etc/aws"}}));
    EXPECT_EQ(paths.credentials, "/home/u/creds");
    EXPECT_EQ(paths.config, "/etc/aws/cfg");
}

TEST(ExpandPath, FollowsPythonExpandvarsThenExpanduser) {
    const auto env = util::fixed_env({{"HOME", "/home/u"}, {"A", "x"}, {"TILDE", "~"}});
    EXPECT_EQ(expand_path("/plain/path", env), "/plain/path");
    EXPECT_EQ(expand_path("~", env), "/home/u");
    EXPECT_EQ(expand_path("~/a", env), "/home/u/a");
    EXPECT_EQ(expand_path("a/~/b", env), "a/~/b");
    EXPECT_EQ(expand_path("$A/${A}/$A_b/${UNSET}/$UNSET/$/${", env),
              "x/x/$A_b/${UNSET}/$UNSET/$/${");
    EXPECT_EQ(expand_path("$TILDE/y", env), "/home/u/y");  // variables first, then ~
    EXPECT_EQ(expand_path("~root/x", env), "/root/x");
    EXPECT_EQ(expand_path("~no-such-user-here/x", env), "~no-such-user-here/x");
}

TEST(SelectedProfile, PrefersAwsProfileThenAwsDefaultProfileThenDefault) {
    auto selected =
        selected_profile(util::fixed_env({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}}));
    EXPECT_EQ(selected.name, "a");
    EXPECT_EQ(selected.chosen_by, "AWS_PROFILE");
    selected = selected_profile(util::fixed_env({{"AWS_DEFAULT_PROFILE", "b"}}));
    EXPECT_EQ(selected.name, "b");
    EXPECT_EQ(selected.chosen_by, "AWS_DEFAULT_PROFILE");
    selected = selected_profile(util::fixed_env({}));
    EXPECT_EQ(selected.name, "default");
    EXPECT_EQ(selected.chosen_by, "");
}

TEST(ConfigFileProfiles, NameProfilesAsBotocoreDoes) {
    const auto profiles = config_file_profiles(
        ini("[default]\nregion = a\n"
            "[profile dev]\nregion = b\n"
            "[profile   \"with space\"]\nregion = c\n"
            "[profile 'single quoted']\n"
            "[profile esc\\ aped]\n"
            "[profiles odd]\n"        // botocore takes the second word whatever the first is
            "[profile]\n"             // one word: ignored
            "[profile a b]\n"         // three words: ignored
            "[profile \"unclosed]\n"  // not shell syntax: ignored
            "[plain]\n"               // not a profile in a config file
            "[sso-session s]\n"
            "[services s]\n"));
    EXPECT_EQ(names(profiles), (std::vector<std::string>{"default", "dev", "esc aped", "odd",
                                                         "single quoted", "with space"}));
    EXPECT_EQ(profiles.at("dev").at("region"), "b");
    EXPECT_EQ(profiles.at("with space").at("region"), "c");
}

TEST(ConfigFileProfiles, TheLaterOfDefaultAndProfileDefaultWins) {
    auto profiles =
        config_file_profiles(ini("[default]\nregion = a\n[profile default]\nregion = b\n"));
    EXPECT_EQ(profiles.at("default").at("region"), "b");
    profiles = config_file_profiles(ini("[profile default]\nregion = b\n[default]\nregion = a\n"));
    EXPECT_EQ(profiles.at("default").at("region"), "a");
}

TEST(CredentialsFileProfiles, AreEverySectionAsWritten) {
    const auto profiles = credentials_file_profiles(ini("[default]\n[profile dev]\n[Dev]\n"));
    EXPECT_EQ(names(profiles), (std::vector<std::string>{"Dev", "default", "profile dev"}));
}

}  // namespace
}  // namespace repo2s3::aws
