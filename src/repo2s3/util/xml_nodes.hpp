#pragma once
// Reading XML from servers that disagree on namespace prefixes: elements are found by their
// local name ("s3:Key" and "Key" alike).

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace repo2s3::util {

/// The element's name without any namespace prefix.
inline std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// The first child element named `name`; an empty node when there is none.
inline pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (const auto& node : parent.children()) {
        if (node.type() == pugi::node_element && local_name(node) == name) return node;
    }
    return {};
}

/// The text of the first child element named `name`; empty when there is none.
inline std::string child_text(const pugi::xml_node& parent, std::string_view name) {
    return child(parent, name).child_value();
}

/// Calls `fn` with every child element named `name`, in order.
template <class Fn>
void for_each_child(const pugi::xml_node& parent, std::string_view name, Fn&& fn) {
    for (const auto& node : parent.children()) {
        if (node.type() == pugi::node_element && local_name(node) == name) fn(node);
    }
}

}  // namespace repo2s3::util
