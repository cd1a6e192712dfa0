#include "repo2s3/webhook/push_event.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace repo2s3::webhook {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace

Result<PushEvent> parse_push_event(std::string_view body) {
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return fail(ErrorKind::Usage, "the push event is not a JSON object");
    PushEvent event;
    const auto repository = json.find("repository");
    if (repository == json.end() || !repository->is_object() ||
        !repository->contains("full_name") || !(*repository)["full_name"].is_string()) {
        return fail(ErrorKind::Usage, "the push event has no repository.full_name");
    }
    event.full_name = (*repository)["full_name"].get<std::string>();
    const auto ref = json.find("ref");
    if (ref == json.end() || !ref->is_string()) {
        return fail(ErrorKind::Usage, "the push event has no ref");
    }
    event.ref = ref->get<std::string>();
    if (const auto after = json.find("after"); after != json.end() && after->is_string()) {
        event.after = after->get<std::string>();
    }
    if (const auto deleted = json.find("deleted"); deleted != json.end() && deleted->is_boolean()) {
        event.deleted = deleted->get<bool>();
    }
    return event;
}

bool push_matches(const payload::SyncTemplate& sync_template, const PushEvent& event) {
    return equal_ignoring_case(event.full_name,
                               sync_template.organization + "/" + sync_template.repository) &&
           event.ref == "refs/heads/" + sync_template.branch_name;
}

}  // namespace repo2s3::webhook
