#include "repo2s3/aws/shared_config.hpp"

#include <pwd.h>
#include <unistd.h>

#include <optional>
#include <vector>

#include "repo2s3/aws/shell_words.hpp"

namespace repo2s3::aws {
namespace {

bool is_word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Python's os.path.expandvars: $NAME or ${NAME}; unknown names are left as written.
std::string expand_variables(std::string_view path, const util::EnvLookup& env) {
    std::string out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] != '$') {
            out += path[i++];
            continue;
        }
        std::size_t name_start = i + 1;
        std::size_t name_end = name_start;
        std::size_t next = name_start;
        if (name_start < path.size() && path[name_start] == '{') {
            const auto close = path.find('}', name_start);
            if (close == std::string_view::npos) {
                out += path[i++];
                continue;
            }
            name_start += 1;
            name_end = close;
            next = close + 1;
        } else {
            while (name_end < path.size() && is_word_char(path[name_end])) ++name_end;
            next = name_end;
        }
        const std::string name(path.substr(name_start, name_end - name_start));
        const auto value = name.empty() ? std::nullopt : env(name);
        if (value) {
            out += *value;
        } else {
            out.append(path.substr(i, next - i));
        }
        i = next;
    }
    return out;
}

std::optional<std::string> home_directory(std::string_view user, const util::EnvLookup& env) {
    if (user.empty()) {
        if (auto home = env("HOME")) return home;
    }
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    const int status =
        user.empty()
            ? getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found)
            : getpwnam_r(std::string(user).c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (status != 0 || found == nullptr || found->pw_dir == nullptr) return std::nullopt;
    return std::string(found->pw_dir);
}

// Python's os.path.expanduser.
std::string expand_home(std::string path, const util::EnvLookup& env) {
    if (!path.starts_with('~')) return path;
    auto slash = path.find('/', 1);
    if (slash == std::string::npos) slash = path.size();
    auto home = home_directory(std::string_view(path).substr(1, slash - 1), env);
    if (!home) return path;
    while (!home->empty() && home->back() == '/') home->pop_back();
    std::string expanded = *home + path.substr(slash);
    return expanded.empty() ? "/" : expanded;
}

}  // namespace

std::string expand_path(std::string_view path, const util::EnvLookup& env) {
    return expand_home(expand_variables(path, env), env);
}

SharedFilePaths shared_file_paths(const util::EnvLookup& env) {
    return {expand_path(env("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env),
            expand_path(env("AWS_CONFIG_FILE").value_or("~/.aws/config"), env)};
}

ProfileSelection selected_profile(const util::EnvLookup& env) {
    for (const char* variable : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
        if (auto name = env(variable)) return {std::move(*name), variable};
    }
    return {"default", ""};
}

std::map<std::string, ProfileValues> config_file_profiles(const IniFile& file) {
    std::map<std::string, ProfileValues> profiles;
    for (const auto& section : file.sections) {
        if (section.name.starts_with("profile")) {
            // botocore takes the second word whatever the first is, and ignores the section
            // unless there are exactly two.
            const auto words = shell_split(section.name);
            if (words && words->size() == 2) profiles[(*words)[1]] = section.values;
        } else if (section.name == "default") {
            profiles["default"] = section.values;
        }
    }
    return profiles;
}

std::map<std::string, ProfileValues> config_file_sso_sessions(const IniFile& file) {
    std::map<std::string, ProfileValues> sessions;
    for (const auto& section : file.sections) {
        if (!section.name.starts_with("sso-session")) continue;
        const auto words = shell_split(section.name);
        if (words && words->size() == 2) sessions[(*words)[1]] = section.values;
    }
    return sessions;
}

std::map<std::string, ProfileValues> credentials_file_profiles(const IniFile& file) {
    std::map<std::string, ProfileValues> profiles;
    for (const auto& section : file.sections) profiles[section.name] = section.values;
    return profiles;
}

}  // namespace repo2s3::aws
