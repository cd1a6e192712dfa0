// payload::parse_template on any text (YAML, or JSON as SQS message bodies carry it).
//   A failure is one line of kind Payload that starts with the source name.
//   A template that parses is valid: required values non-empty, KeyPrefix empty or ending in
//   '/', a non-empty include list, GitHubApiUrl without a trailing '/'.
//   to_yaml() of it parses back to an equal template (template_writer.hpp promises it), with
//   no unknown key. template_as_json() of the text (what the webhook front door queues) parses
//   back to an equal template too.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/payload/template_writer.hpp"

namespace {

using repo2s3::payload::SyncTemplate;

constexpr const char* kSource = "fuzz.yaml";

bool same_template(const SyncTemplate& a, const SyncTemplate& b) {
    return a.template_name == b.template_name && a.template_description == b.template_description &&
           a.organization == b.organization && a.repository == b.repository &&
           a.branch_name == b.branch_name && a.github_app_id == b.github_app_id &&
           a.github_installation_id == b.github_installation_id && a.bucket_name == b.bucket_name &&
           a.bucket_region == b.bucket_region && a.extract_zip_contents == b.extract_zip_contents &&
           a.include_repo_paths == b.include_repo_paths &&
           a.exclude_repo_paths == b.exclude_repo_paths && a.key_prefix == b.key_prefix &&
           a.delete_missing_files == b.delete_missing_files && a.github_api_url == b.github_api_url;
}

void check_valid(const SyncTemplate& t) {
    for (const std::string* value :
         {&t.template_name, &t.template_description, &t.organization, &t.repository, &t.branch_name,
          &t.github_app_id, &t.github_installation_id, &t.bucket_name, &t.bucket_region}) {
        FUZZ_CHECK(!value->empty());
    }
    FUZZ_CHECK(t.key_prefix.empty() || t.key_prefix.back() == '/');
    FUZZ_CHECK(!t.include_repo_paths.empty());
    if (t.github_api_url) FUZZ_CHECK(!t.github_api_url->ends_with('/'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const auto parsed = payload::parse_template(fuzz::as_text(data, size), kSource);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().kind == ErrorKind::Payload);
        fuzz::check_error_names(parsed.error(), kSource);
        return 0;
    }
    check_valid(*parsed);

    const std::string written = payload::to_yaml(*parsed);
    const auto reread = payload::parse_template(written, "normalised.yaml");
    FUZZ_CHECK_MSG(reread.has_value(), reread ? written : reread.error().message + "\n" + written);
    FUZZ_CHECK_MSG(same_template(*parsed, *reread), written);
    FUZZ_CHECK(reread->unknown_keys.empty());

    const auto json = payload::template_as_json(fuzz::as_text(data, size), kSource);
    FUZZ_CHECK_MSG(json.has_value(), json ? "" : json.error().message);
    const auto from_json = payload::parse_template(*json, "queued.json");
    FUZZ_CHECK_MSG(from_json.has_value(),
                   from_json ? *json : from_json.error().message + "\n" + *json);
    FUZZ_CHECK_MSG(same_template(*parsed, *from_json), *json);
    return 0;
}
