#pragma once
// Content-Type for an object from its file extension.
//
// Two layers: the system table (/etc/mime.types, Debian's media-types format: "type ext ext...",
// '#' comments) and a compiled-in table of common web types. The compiled-in table wins where
// both know an extension, because the system table can be missing (a Lambda image has none),
// stale, or unfit for serving (Debian maps .sh to application/x-sh). When an extension appears on
// several lines of the system file the last line wins, as in Python's `mimetypes` (what the AWS
// CLI uses).
//
// text/* types get "; charset=utf-8": repositories are UTF-8 and browsers would otherwise guess.
// Other types get no charset: JSON is UTF-8 by definition (RFC 8259 defines no parameter) and
// XML/SVG declare their own encoding.
//
// Thread safety: immutable after construction; content_type() may be called from any thread.

#include <string>
#include <string_view>
#include <unordered_map>

namespace repo2s3::util {

inline constexpr std::string_view kOctetStream = "application/octet-stream";

class MimeTypes {
  public:
    /// The compiled-in table over the system table read from `system_file`. A missing or
    /// unreadable file is not an error: the compiled-in table alone is used.
    static MimeTypes load(const std::string& system_file = "/etc/mime.types");

    /// The compiled-in table alone.
    static MimeTypes builtin_only();

    /// Content-Type for `path` (a file name or '/'-separated path) by its extension, compared
    /// case-insensitively; application/octet-stream when the extension is unknown or absent.
    /// A leading dot does not start an extension: ".gitignore" has none.
    std::string content_type(std::string_view path) const;

    /// How many extensions the table maps (both layers); lets callers log whether the system
    /// file was found.
    std::size_t size() const noexcept { return by_extension_.size(); }

  private:
    std::unordered_map<std::string, std::string> by_extension_;  // lower-case extension → type
};

/// Parses the text of a mime.types file into lower-case extension → type (last line wins).
std::unordered_map<std::string, std::string> parse_mime_types(std::string_view text);

/// The extension of the last path component, lower-cased, without the dot; empty if none.
std::string file_extension(std::string_view path);

/// The table loaded from /etc/mime.types once per process (thread-safe initialisation).
const MimeTypes& default_mime_types();

}  // namespace repo2s3::util
