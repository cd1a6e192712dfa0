#include "repo2s3/payload/github_names.hpp"

#include <algorithm>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::payload {
namespace {

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_name_char(char c) {
    return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.';
}

/// "a space", "the character \"/\"", ... for the first character that `allowed` refuses.
std::optional<std::string> first_refused_character(std::string_view value, bool (*allowed)(char)) {
    const auto found =
        std::find_if(value.begin(), value.end(), [&](char c) { return !allowed(c); });
    if (found == value.end()) return std::nullopt;
    if (*found == ' ') return std::string("a space");
    const auto offset = static_cast<std::size_t>(found - value.begin());
    // Show the whole UTF-8 sequence of a non-ASCII character, not its first byte.
    std::size_t length = 1;
    while (offset + length < value.size() &&
           (static_cast<unsigned char>(value[offset + length]) & 0xC0U) == 0x80U) {
        ++length;
    }
    return "the character \"" + util::printable(value.substr(offset, length)) + "\"";
}

std::optional<std::string> name_problem(std::string_view value, std::string_view what) {
    if (auto refused = first_refused_character(value, is_name_char)) {
        return "contains " + *refused + "; a GitHub " + std::string(what) +
               " name has only letters, digits, \"-\", \"_\" and \".\"";
    }
    return std::nullopt;
}

bool is_ref_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20U || byte == 0x7FU) return false;
    switch (c) {
        case ' ':
        case '~':
        case '^':
        case ':':
        case '?':
        case '*':
        case '[':
        case '\\':
            return false;
        default:
            return true;
    }
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::string> github_owner_problem(std::string_view owner) {
    return name_problem(owner, "owner");
}

std::optional<std::string> github_repository_problem(std::string_view repository) {
    if (repository == "." || repository == "..") {
        return "\"" + std::string(repository) + "\" is not a repository name";
    }
    return name_problem(repository, "repository");
}

std::optional<std::string> git_branch_problem(std::string_view branch) {
    if (!util::is_valid_utf8(branch)) return "is not valid UTF-8";
    if (auto refused = first_refused_character(branch, is_ref_char)) {
        return "contains " + *refused +
               ", which git does not allow in a branch name (no spaces, control characters, "
               "~ ^ : ? * [ or \\)";
    }
    if (branch == "@") return std::string("\"@\" is not a branch name");
    if (branch.front() == '-') return std::string("must not start with \"-\"");
    if (branch.front() == '/' || branch.back() == '/') {
        return std::string("must not start or end with \"/\"");
    }
    if (branch.find("//") != std::string_view::npos) return std::string("must not contain \"//\"");
    if (branch.find("..") != std::string_view::npos) return std::string("must not contain \"..\"");
    if (branch.find("@{") != std::string_view::npos) return std::string("must not contain \"@{\"");
    if (branch.back() == '.') return std::string("must not end with \".\"");
    std::size_t start = 0;
    while (start <= branch.size()) {
        const auto slash = std::min(branch.find('/', start), branch.size());
        const auto component = branch.substr(start, slash - start);
        if (component.front() == '.') {
            return "the part \"" + std::string(component) + "\" must not start with \".\"";
        }
        if (ends_with(component, ".lock")) {
            return "the part \"" + std::string(component) + "\" must not end with \".lock\"";
        }
        start = slash + 1;
    }
    return std::nullopt;
}

std::optional<std::string> github_app_id_problem(std::string_view app_id) {
    if (auto refused = first_refused_character(app_id, is_name_char)) {
        return "contains " + *refused +
               "; expected the numeric App ID (e.g. \"123456\") or the App's client ID";
    }
    return std::nullopt;
}

std::optional<std::string> github_installation_id_problem(std::string_view installation_id) {
    const bool digits_only = std::all_of(installation_id.begin(), installation_id.end(),
                                         [](char c) { return c >= '0' && c <= '9'; });
    if (!digits_only || installation_id.size() > 20) {
        return "expected a number such as \"12345678\", got \"" + util::printable(installation_id) +
               "\"";
    }
    return std::nullopt;
}

std::optional<std::string> github_api_url_problem(std::string_view url) {
    std::string_view rest;
    if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
    } else if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
    } else {
        return std::string(
            "expected an http:// or https:// URL such as \"https://github.example.com/api/v3\"");
    }
    const auto bad = std::find_if(url.begin(), url.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20U || byte == 0x7FU;
    });
    if (bad != url.end()) return std::string("must not contain spaces or control characters");
    if (url.find_first_of("?#") != std::string_view::npos) {
        return std::string("must not have a query (?) or fragment (#)");
    }
    const auto host_end = rest.find('/');
    const auto authority = rest.substr(0, host_end);
    if (authority.empty() || authority.front() == ':') {
        return std::string("has no host name");
    }
    if (authority.find('@') != std::string_view::npos) {
        return std::string("must not contain user credentials (user@host)");
    }
    return std::nullopt;
}

}  // namespace repo2s3::payload
