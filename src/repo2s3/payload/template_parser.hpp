#pragma once
// Reading a Starfleet GitHub-sync payload template (REFERENCE §1) into a validated
// SyncTemplate. Every key of the original schema is accepted unchanged, plus our optional
// GitHubApiUrl and MaxDeletePercent. Unknown keys are accepted and listed in
// SyncTemplate::unknown_keys, except a near miss of a known key (the same ignoring case, or
// within two edits), which is an error: its default could widen the sync.
//
// Every failure is one line of kind ErrorKind::Payload that starts with the source name and
// names the key, e.g.
//   payload.yaml: line 3, column 5: YAML syntax error: illegal map value
//   payload.yaml: missing required key BucketName
//   payload.yaml: unknown key "Keyprefix"; did you mean "KeyPrefix"?
//   payload.yaml: BucketRegion: unknown AWS region "us-east-7"
//   payload.yaml: IncludeRepoPaths[2]: invalid regular expression "foo(": missing closing
//                 parenthesis at offset 4
// List indexes count from 0. Only the first problem is reported. Reading a file that cannot be
// read at all fails with ErrorKind::Io instead.

#include <string>
#include <string_view>

#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::payload {

/// Parses template text (YAML 1.2 as read by yaml-cpp; a JSON object is valid YAML, so an SQS
/// message body works too) and validates it (see validate_template). `source_name` (a file
/// name, or e.g. "SQS message 1234") starts every error message.
Result<SyncTemplate> parse_template(std::string_view text, std::string_view source_name);

/// Reads `path` (at most 1 MiB) and parses it, naming it by `path` in errors.
Result<SyncTemplate> load_template_file(const std::string& path);

/// The template document as JSON, as Starfleet's Starbase sends it to the worker's queue (YAML
/// loaded, then dumped as JSON): plain true/false are booleans, plain integers numbers, plain
/// null/~ null, every other scalar a string. Errors as parse_template's.
Result<std::string> template_as_json(std::string_view text, std::string_view source_name);

}  // namespace repo2s3::payload
