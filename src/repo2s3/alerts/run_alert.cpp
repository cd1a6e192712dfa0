#include "repo2s3/alerts/run_alert.hpp"

#include "repo2s3/util/thousands.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::alerts {
namespace {

// Inline code; a backtick inside would end it early, so it becomes an apostrophe.
std::string code(std::string_view text) {
    std::string inner = escape_mrkdwn(util::printable(text));
    for (char& c : inner) {
        if (c == '`') c = '\'';
    }
    return "`" + inner + "`";
}

// "*Target:* `s3://b/p/`\n*Source:* `org/repo@main`\n*Commit:* `abc…`"
std::string where_section(const job::RunReport& report) {
    std::string out = "*Target:* " + code(report.target());
    if (!report.source.empty()) out += "\n*Source:* " + code(report.source);
    if (report.commit_sha) out += "\n*Commit:* " + code(*report.commit_sha);
    return out;
}

std::string counts(const job::ChangeLists& changes, std::string_view deleted_word) {
    return util::with_thousands(changes.new_paths.size()) + " new, " +
           util::with_thousands(changes.modified_paths.size()) + " modified, " +
           util::with_thousands(changes.deleted_paths.size()) + " " + std::string(deleted_word) +
           (changes.headers_updated_paths.empty()
                ? std::string()
                : ", " + util::with_thousands(changes.headers_updated_paths.size()) +
                      " with new headers");
}

/// What CloudFront was asked to do, or why it failed.
std::string invalidation_section(const job::InvalidationReport& invalidation) {
    const std::string what = util::with_thousands(invalidation.paths.size()) +
                             " path(s) in distribution " + code(invalidation.distribution_id);
    if (invalidation.error) {
        return "*CloudFront invalidation failed* (" + what +
               "): " + escape_mrkdwn(*invalidation.error) +
               "\nThe sync stands; CloudFront may serve the old files until the next run "
               "sends the invalidation again.";
    }
    return "CloudFront invalidation " + code(invalidation.id.value_or("")) + " of " + what + ".";
}

void add_lists(Message& message, const job::ChangeLists& changes, std::string_view uploaded,
               std::string_view deleted) {
    if (!changes.new_paths.empty()) {
        message.sections.push_back(
            path_list_section("*New files " + std::string(uploaded) + " (" +
                                  util::with_thousands(changes.new_paths.size()) + "):*",
                              changes.new_paths));
    }
    if (!changes.modified_paths.empty()) {
        message.sections.push_back(
            path_list_section("*Modified files " + std::string(uploaded) + " (" +
                                  util::with_thousands(changes.modified_paths.size()) + "):*",
                              changes.modified_paths));
    }
    if (!changes.deleted_paths.empty()) {
        message.sections.push_back(
            path_list_section("*Files " + std::string(deleted) + " (" +
                                  util::with_thousands(changes.deleted_paths.size()) + "):*",
                              changes.deleted_paths));
    }
    if (!changes.headers_updated_paths.empty()) {
        message.sections.push_back(path_list_section(
            "*Files with new headers (" +
                util::with_thousands(changes.headers_updated_paths.size()) + "):*",
            changes.headers_updated_paths));
    }
}

Message problem(const job::RunReport& report) {
    Message message;
    message.priority = Priority::Problem;
    message.title = "repo2s3: sync of " + report.template_name + " failed";
    message.sections.push_back("*Error:* " + escape_mrkdwn(report.error->message));
    message.sections.push_back(where_section(report));
    const auto changes = job::change_lists(report);
    if (report.outcome.committed && !changes.empty()) {
        message.sections.push_back("Applied before the failure: " + counts(changes, "deleted") +
                                   ".");
        add_lists(message, changes, "uploaded", "deleted");
    }
    return message;
}

}  // namespace

Message message_for_run(const job::RunReport& report) {
    if (report.error) return problem(report);
    const auto changes = job::change_lists(report);
    const std::string unchanged =
        util::with_thousands(report.outcome.plan.unchanged) + " unchanged";
    Message message;
    if (!report.outcome.committed) {
        message.priority = Priority::Informational;
        message.title =
            "repo2s3: dry run of " + report.template_name + ": " + counts(changes, "to delete");
        message.sections.push_back(
            "Nothing was changed. A run with `--commit` would upload " +
            util::with_thousands(changes.new_paths.size() + changes.modified_paths.size()) +
            " and delete " + util::with_thousands(changes.deleted_paths.size()) + " file(s); " +
            unchanged + ".\n" + where_section(report));
        if (report.outcome.delete_guard) {
            message.sections.push_back("*Warning:* " +
                                       escape_mrkdwn(sync::describe(*report.outcome.delete_guard,
                                                                    report.target(), false)));
        }
        add_lists(message, changes, "to upload", "to delete");
        return message;
    }
    if (changes.empty() && !report.invalidation_failed()) {
        message.priority = Priority::Success;
        message.title = "repo2s3: " + report.template_name + " is in sync";
        message.sections.push_back("Nothing to change: " + unchanged + ".\n" +
                                   where_section(report));
        return message;
    }
    message.priority = Priority::Important;
    message.title = "repo2s3 synced " + report.template_name + ": " + counts(changes, "deleted");
    message.sections.push_back("The sync job *" + escape_mrkdwn(report.template_name) +
                               "* changed the bucket: " + counts(changes, "deleted") + ", " +
                               unchanged + ".\n" + where_section(report));
    add_lists(message, changes, "uploaded", "deleted");
    if (report.invalidation) message.sections.push_back(invalidation_section(*report.invalidation));
    return message;
}

Message message_for_invalid_payload(std::string_view payload_file, const Error& error) {
    Message message;
    message.priority = Priority::Problem;
    message.title = "repo2s3: invalid payload template " + std::string(payload_file);
    message.sections.push_back("*Error:* " + escape_mrkdwn(error.message) +
                               "\nNothing was synced. Fix the template and run again.");
    return message;
}

}  // namespace repo2s3::alerts
