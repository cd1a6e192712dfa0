#pragma once
// Environment lookup as a value, so code that reads configuration can be tested without
// touching the process environment.

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace repo2s3::util {

/// Returns the variable's value, or nothing when it is unset or empty.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

inline EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr || *value == '\0') return std::nullopt;
        return std::string(value);
    };
}

inline EnvLookup fixed_env(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        if (found == values.end() || found->second.empty()) return std::nullopt;
        return found->second;
    };
}

}  // namespace repo2s3::util
