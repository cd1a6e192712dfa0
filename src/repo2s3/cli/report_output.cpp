#include "repo2s3/cli/report_output.hpp"

#include <algorithm>
#include <cstdio>

namespace repo2s3::cli {
namespace {

// Every phase a run can have, always present in the JSON summary (0 when it did not run).
constexpr const char* kPhases[] = {"auth", "branch", "download", "extract",
                                   "hash", "list",   "upload",   "delete"};

std::string seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ms) / 1000.0);
    return buffer;
}

void append_paths(std::string& out, char marker, const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        out += "  ";
        out += marker;
        out += ' ';
        out += path;
        out += '\n';
    }
}

/// {"deletions", "listed", "max_percent", "withheld"} when the plan tripped the guard.
nlohmann::json delete_guard_json(const sync::SyncOutcome& outcome) {
    if (!outcome.delete_guard) return nullptr;
    const auto& guard = *outcome.delete_guard;
    return {{"deletions", guard.deletions},
            {"listed", guard.listed},
            {"max_percent", guard.max_percent},
            {"withheld", outcome.committed}};
}

/// {"location", "use", "detail", "saved"}, or null when the run kept no state.
nlohmann::json state_json(const job::RunReport& report) {
    if (!report.state) return nullptr;
    const auto& state = *report.state;
    return {{"location", state.location},
            {"use", job::use_name(state.use)},
            {"detail", state.detail},
            {"saved", state.saved}};
}

/// {"distribution", "id", "paths", "caller_reference", "error", "retried"}, or null when no
/// invalidation was due.
nlohmann::json invalidation_json(const job::RunReport& report) {
    if (!report.invalidation) return nullptr;
    const auto& invalidation = *report.invalidation;
    const auto optional = [](const std::optional<std::string>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    return {{"distribution", invalidation.distribution_id},
            {"id", optional(invalidation.id)},
            {"paths", invalidation.paths},
            {"caller_reference", invalidation.caller_reference},
            {"error", optional(invalidation.error)},
            {"retried", invalidation.retried}};
}

/// "  CloudFront: invalidation I… of 3 path(s) in E…" or the failure, after the summary.
std::string invalidation_text(const job::RunReport& report) {
    if (!report.invalidation) return {};
    const auto& invalidation = *report.invalidation;
    const std::string what = with_thousands(invalidation.paths.size()) + " path(s) in " +
                             invalidation.distribution_id +
                             (invalidation.retried ? " (with those of a failed one)" : "");
    if (invalidation.error) {
        return "CloudFront invalidation of " + what + " failed: " + *invalidation.error +
               "; the sync stands and the next run sends it again\n";
    }
    return "CloudFront invalidation " + invalidation.id.value_or("") + " of " + what + "\n";
}

bool unchanged(const job::RunReport& report) {
    return report.state && report.state->use == job::StateReport::Use::Unchanged;
}

}  // namespace

nlohmann::json report_json(const job::RunReport& report, bool alert_sent) {
    const auto changes = change_lists(report);
    nlohmann::json timings = nlohmann::json::object();
    for (const char* phase : kPhases) timings[phase] = 0;
    for (const auto& [phase, ms] : report.outcome.timings) {
        timings[phase] = timings.value(phase, std::int64_t{0}) + ms;
    }
    return {
        {"template", report.template_name},
        {"bucket", report.bucket},
        {"prefix", report.prefix},
        {"commit",
         report.commit_sha ? nlohmann::json(*report.commit_sha) : nlohmann::json(nullptr)},
        {"committed", report.outcome.committed},
        {"new", changes.new_paths},
        {"modified", changes.modified_paths},
        {"deleted", changes.deleted_paths},
        {"headers_updated", changes.headers_updated_paths},
        {"unchanged", report.outcome.plan.unchanged},
        {"bytes_uploaded", report.outcome.applied.bytes_uploaded},
        {"duration_ms", report.duration_ms},
        {"timings_ms", timings},
        {"delete_guard", delete_guard_json(report.outcome)},
        {"state", state_json(report)},
        {"invalidation", invalidation_json(report)},
        {"error", report.error ? nlohmann::json(report.error->message) : nlohmann::json(nullptr)},
        {"alert_sent", alert_sent},
    };
}

std::string report_text(const job::RunReport& report) {
    const auto& plan = report.outcome.plan;
    const bool committed = report.outcome.committed;
    const auto changes = change_lists(report);
    std::string out;
    out += (committed ? "Applied" : "Plan") + std::string(" for ") + report.template_name + " → " +
           report.target() + "\n";
    append_paths(out, '+', changes.new_paths);
    append_paths(out, '~', changes.modified_paths);
    append_paths(out, '-', changes.deleted_paths);
    append_paths(out, '=', changes.headers_updated_paths);
    if (!plan.extras_kept.empty()) {
        out += "  " + with_thousands(plan.extras_kept.size()) +
               " object(s) not in the source are kept (DeleteMissingFiles is false)\n";
    }

    const std::string counts =
        with_thousands(changes.new_paths.size()) + " new, " +
        with_thousands(changes.modified_paths.size()) + " modified, " +
        with_thousands(changes.deleted_paths.size()) + " deleted, " +
        (changes.headers_updated_paths.empty()
             ? std::string()
             : with_thousands(changes.headers_updated_paths.size()) + " headers updated, ") +
        with_thousands(plan.unchanged) + " unchanged in " + seconds(report.duration_ms) +
        (report.commit_sha ? " (commit " + report.commit_sha->substr(0, 7) + ")" : "");
    if (report.outcome.delete_guard && !committed) {
        out += "  " + describe(*report.outcome.delete_guard, report.target(), false) + "\n";
    }
    if (report.state && report.state->use == job::StateReport::Use::Drifted) {
        out += "  " + report.state->detail + "\n";
    }
    if (report.error) {
        out += "failed: " + report.error->message + "\n";
    } else if (unchanged(report)) {
        out += "nothing to do: " + report.state->detail + " (" + with_thousands(plan.unchanged) +
               " object(s), " + seconds(report.duration_ms) + ")\n";
    } else if (plan.empty()) {
        out += "nothing to do: " + counts + "\n";
    } else if (committed) {
        out += "synced " + counts + "\n";
    } else {
        out += "dry run, nothing changed: " + counts + "; re-run with --commit to apply\n";
    }
    out += invalidation_text(report);
    return out;
}

}  // namespace repo2s3::cli
