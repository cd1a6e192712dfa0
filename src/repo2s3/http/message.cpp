#include "repo2s3/http/message.hpp"

#include <algorithm>
#include <cctype>

namespace repo2s3::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

void Headers::set(std::string name, std::string value) {
    remove(name);
    entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) {
    entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
    std::erase_if(entries_, [&](const auto& entry) { return iequals(entry.first, name); });
}

std::optional<std::string> Headers::get(std::string_view name) const {
    for (const auto& [key, value] : entries_) {
        if (iequals(key, name)) return value;
    }
    return std::nullopt;
}

std::string redact_url(std::string_view url) {
    const auto query = url.find('?');
    if (query == std::string_view::npos) return std::string(url);
    return std::string(url.substr(0, query)) + "?…";
}

}  // namespace repo2s3::http
