#pragma once
// Where `watch` finds its payload templates, read afresh every cycle: named files, the
// *.yaml/*.yml/*.json files of a directory, or the objects under an S3 prefix. Each template
// has an id unique across sources (its path, or s3://bucket/key) that names it in logs.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "repo2s3/s3/object_store.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::schedule {

/// The largest template read, as for `run --payload`.
inline constexpr std::uint64_t kMaxTemplateBytes = 1024 * 1024;

class TemplateSource {
  public:
    virtual ~TemplateSource() = default;
    TemplateSource() = default;
    TemplateSource(const TemplateSource&) = delete;
    TemplateSource& operator=(const TemplateSource&) = delete;
    TemplateSource(TemplateSource&&) = delete;
    TemplateSource& operator=(TemplateSource&&) = delete;

    /// What this source is, for logs: "--payload-dir /etc/repo2s3".
    virtual std::string describe() const = 0;
    /// The ids of the templates it holds now, sorted.
    virtual Result<std::vector<std::string>> list() = 0;
    /// The text of one template listed by list().
    virtual Result<std::string> read(const std::string& id) = 0;
};

/// Fixed files (repeated --payload). A file that disappears is still listed; reading it fails.
std::unique_ptr<TemplateSource> payload_files(std::vector<std::string> paths);

/// The regular files directly in `directory` named *.yaml, *.yml or *.json (--payload-dir).
std::unique_ptr<TemplateSource> payload_directory(std::string directory);

/// The objects under `prefix` in `store` (--templates s3://bucket/prefix/): keys ending in
/// .yaml, .yml or .json, like a directory; "folder" keys ending in '/' are skipped.
/// `bucket` only names the ids.
std::unique_ptr<TemplateSource> s3_templates(std::unique_ptr<s3::ObjectStore> store,
                                             std::string bucket, std::string prefix);

/// Splits "s3://bucket/prefix/" into bucket and prefix (which may be empty).
struct S3Uri {
    std::string bucket;
    std::string prefix;
};
Result<S3Uri> parse_s3_uri(const std::string& uri, const std::string& flag);

}  // namespace repo2s3::schedule
