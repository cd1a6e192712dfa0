#include "repo2s3/archive/entry_name.hpp"

#include <algorithm>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::archive {
namespace {

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::optional<std::string> entry_name_problem(std::string_view name) {
    if (name.empty()) return std::string("has an empty name");
    if (!util::is_valid_utf8(name)) return std::string("has a name that is not valid UTF-8");
    const bool has_control = std::any_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20U || byte == 0x7FU;
    });
    if (has_control) return std::string("has control characters in its name");
    if (name.front() == '/' || name.front() == '\\') return std::string("has an absolute path");
    if (name.size() >= 2 && is_ascii_letter(name[0]) && name[1] == ':') {
        return std::string("has a Windows drive path");
    }
    std::string_view path = name;
    if (path.back() == '/') path.remove_suffix(1);
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = std::min(path.find('/', start), path.size());
        const auto component = path.substr(start, slash - start);
        if (component.empty()) return std::string("has an empty path component");
        if (component == "." || component == "..") {
            return "has a \"" + std::string(component) + "\" path component";
        }
        start = slash + 1;
    }
    return std::nullopt;
}

SplitEntryName split_top_folder(std::string_view name) {
    SplitEntryName split;
    split.is_directory = !name.empty() && name.back() == '/';
    if (split.is_directory) name.remove_suffix(1);
    const auto slash = name.find('/');
    split.top = std::string(name.substr(0, slash));
    if (slash != std::string_view::npos) split.rest = std::string(name.substr(slash + 1));
    return split;
}

}  // namespace repo2s3::archive
