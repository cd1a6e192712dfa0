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
        {"unchanged", report.outcome.plan.unchanged},
        {"bytes_uploaded", report.outcome.applied.bytes_uploaded},
        {"duration_ms", report.duration_ms},
        {"timings_ms", timings},
        {"delete_guard", delete_guard_json(report.outcome)},
        {"state", state_json(report)},
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
    if (!plan.extras_kept.empty()) {
        out += "  " + with_thousands(plan.extras_kept.size()) +
               " object(s) not in the source are kept (DeleteMissingFiles is false)\n";
    }

    const std::string counts =
        with_thousands(changes.new_paths.size()) + " new, " +
        with_thousands(changes.modified_paths.size()) + " modified, " +
        with_thousands(changes.deleted_paths.size()) + " deleted, " +
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
    return out;
}

}  // namespace repo2s3::cli
