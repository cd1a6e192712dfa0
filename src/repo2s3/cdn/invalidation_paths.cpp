#include "repo2s3/cdn/invalidation_paths.hpp"

#include <algorithm>

#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/crypto/encoding.hpp"

namespace repo2s3::cdn {
namespace {

constexpr std::string_view kIndexDocument = "index.html";

bool must_encode(unsigned char byte) {
    constexpr std::string_view kUnsafe = " \"#%<>[\\]^`{|}~*?";
    return byte <= 0x20U || byte >= 0x7FU ||
           kUnsafe.find(static_cast<char>(byte)) != std::string_view::npos;
}

std::string encode(std::string_view text) {
    constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (must_encode(byte)) {
            out += '%';
            out += kHex[byte >> 4U];
            out += kHex[byte & 0x0FU];
        } else {
            out += c;
        }
    }
    return out;
}

/// `key` without the origin path's folder ("site/" for "/site").
std::string_view served_part(std::string_view key, std::string_view origin_path) {
    if (origin_path.size() <= 1) return key;
    const std::string_view folder = origin_path.substr(1);
    if (key.starts_with(folder) && key.size() > folder.size() && key[folder.size()] == '/') {
        return key.substr(folder.size() + 1);
    }
    return key;
}

void sort_unique(std::vector<std::string>& paths) {
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
}

}  // namespace

std::string url_path(std::string_view key, std::string_view origin_path) {
    return "/" + encode(served_part(key, origin_path));
}

std::vector<std::string> invalidation_paths(const std::vector<std::string>& changed_keys,
                                            const payload::CloudFrontSettings& settings,
                                            std::string_view key_prefix,
                                            const std::vector<std::string>& pending) {
    std::vector<std::string> paths = pending;
    paths.reserve(pending.size() + changed_keys.size());
    for (const auto& key : changed_keys) {
        std::string path = url_path(key, settings.origin_path);
        const std::string_view view(path);
        if (view.ends_with("/" + std::string(kIndexDocument))) {
            const auto folder = view.substr(0, view.size() - kIndexDocument.size());
            paths.emplace_back(folder);  // "/dir/" (or "/")
            if (folder.size() > 1) paths.emplace_back(folder.substr(0, folder.size() - 1));
        }
        paths.push_back(std::move(path));
    }
    sort_unique(paths);
    if (paths.size() > settings.wildcard_threshold) {
        std::string wildcard =
            key_prefix.empty() ? std::string("/") : url_path(key_prefix, settings.origin_path);
        if (!wildcard.ends_with('/')) wildcard += '/';
        return {wildcard + "*"};
    }
    return paths;
}

std::string caller_reference(std::string_view destination, std::string_view source_version,
                             const std::vector<std::string>& paths,
                             const std::vector<std::string>& changes) {
    crypto::Hasher hasher(crypto::DigestAlgorithm::Sha256);
    const auto add = [&](std::string_view field) {
        hasher.update(std::to_string(field.size()) + ":");
        hasher.update(field);
    };
    add(destination);
    add(source_version);
    for (const auto* list : {&paths, &changes}) {
        add(std::to_string(list->size()));
        for (const auto& item : *list) add(item);
    }
    return "repo2s3-" + crypto::hex_encode(hasher.finish()).substr(0, 48);
}

}  // namespace repo2s3::cdn
