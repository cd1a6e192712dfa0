#include "repo2s3/util/mime_types.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace repo2s3::util {
namespace {

struct WebType {
    std::string_view extension;
    std::string_view type;
};

// Types a static web site needs right, taken from the IANA registry and the WHATWG/RFC
// guidance where browsers care (RFC 9239: JavaScript is text/javascript; RFC 9512: YAML is
// application/yaml; RFC 8081: fonts are font/*).
constexpr std::array kWebTypes{
    WebType{"html", "text/html"},
    WebType{"htm", "text/html"},
    WebType{"css", "text/css"},
    WebType{"js", "text/javascript"},
    WebType{"mjs", "text/javascript"},
    WebType{"cjs", "text/javascript"},
    WebType{"json", "application/json"},
    WebType{"map", "application/json"},  // source maps
    WebType{"webmanifest", "application/manifest+json"},
    WebType{"xml", "application/xml"},
    WebType{"yaml", "application/yaml"},
    WebType{"yml", "application/yaml"},
    WebType{"toml", "application/toml"},
    WebType{"md", "text/markdown"},
    WebType{"markdown", "text/markdown"},
    WebType{"txt", "text/plain"},
    WebType{"csv", "text/csv"},
    WebType{"svg", "image/svg+xml"},
    WebType{"png", "image/png"},
    WebType{"jpg", "image/jpeg"},
    WebType{"jpeg", "image/jpeg"},
    WebType{"gif", "image/gif"},
    WebType{"webp", "image/webp"},
    WebType{"avif", "image/avif"},
    WebType{"ico", "image/vnd.microsoft.icon"},
    WebType{"woff", "font/woff"},
    WebType{"woff2", "font/woff2"},
    WebType{"ttf", "font/ttf"},
    WebType{"otf", "font/otf"},
    WebType{"eot", "application/vnd.ms-fontobject"},
    WebType{"wasm", "application/wasm"},
    WebType{"pdf", "application/pdf"},
    WebType{"zip", "application/zip"},
    WebType{"gz", "application/gzip"},
    WebType{"mp4", "video/mp4"},
    WebType{"webm", "video/webm"},
    WebType{"mp3", "audio/mpeg"},
    WebType{"wav", "audio/wav"},
};

std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

void add_web_types(std::unordered_map<std::string, std::string>& table) {
    for (const auto& web : kWebTypes) table[std::string(web.extension)] = std::string(web.type);
}

}  // namespace

std::unordered_map<std::string, std::string> parse_mime_types(std::string_view text) {
    std::unordered_map<std::string, std::string> table;
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::string type;
        if (!(words >> type)) continue;
        std::string extension;
        while (words >> extension) table[to_lower_ascii(extension)] = type;
    }
    return table;
}

std::string file_extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return to_lower_ascii(name.substr(dot + 1));
}

MimeTypes MimeTypes::load(const std::string& system_file) {
    MimeTypes types;
    std::ifstream in(system_file, std::ios::binary);
    if (in) {
        std::ostringstream text;
        text << in.rdbuf();
        types.by_extension_ = parse_mime_types(text.str());
    }
    add_web_types(types.by_extension_);
    return types;
}

MimeTypes MimeTypes::builtin_only() {
    MimeTypes types;
    add_web_types(types.by_extension_);
    return types;
}

std::string MimeTypes::content_type(std::string_view path) const {
    const std::string extension = file_extension(path);
    if (extension.empty()) return std::string(kOctetStream);
    const auto found = by_extension_.find(extension);
    if (found == by_extension_.end()) return std::string(kOctetStream);
    const std::string& type = found->second;
    if (type.rfind("text/", 0) == 0) return type + "; charset=utf-8";
    return type;
}

const MimeTypes& default_mime_types() {
    static const MimeTypes types = MimeTypes::load();
    return types;
}

}  // namespace repo2s3::util
