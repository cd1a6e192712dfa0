#include "repo2s3/cli/report_output.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace repo2s3::cli {
namespace {

std::vector<std::string> paths_of(const std::vector<sync::LocalFile>& files) {
    std::vector<std::string> paths;
    paths.reserve(files.size());
    for (const auto& file : files) paths.push_back(file.path);
    return paths;
}

std::vector<std::string> paths_of(const std::vector<sync::RemoteObject>& objects) {
    std::vector<std::string> paths;
    paths.reserve(objects.size());
    for (const auto& object : objects) paths.push_back(object.path);
    return paths;
}

std::vector<std::string> only_uploaded(const std::vector<sync::LocalFile>& planned,
                                       const std::unordered_set<std::string>& uploaded) {
    std::vector<std::string> paths;
    for (const auto& file : planned) {
        if (uploaded.contains(file.path)) paths.push_back(file.path);
    }
    return paths;
}

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

}  // namespace

std::string with_thousands(std::size_t value) {
    std::string digits = std::to_string(value);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

ChangeLists change_lists(const job::RunReport& report) {
    const auto& plan = report.outcome.plan;
    if (!report.outcome.committed) {
        return {paths_of(plan.new_files), paths_of(plan.modified_files), paths_of(plan.deletions)};
    }
    const auto& applied = report.outcome.applied;
    const std::unordered_set<std::string> uploaded(applied.uploaded.begin(),
                                                   applied.uploaded.end());
    return {only_uploaded(plan.new_files, uploaded), only_uploaded(plan.modified_files, uploaded),
            applied.deleted};
}

nlohmann::json report_json(const job::RunReport& report) {
    const auto changes = change_lists(report);
    nlohmann::json timings = nlohmann::json::object();
    for (const auto& [phase, ms] : report.outcome.timings) timings[phase] = ms;
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
        {"error", report.error ? nlohmann::json(report.error->message) : nlohmann::json(nullptr)},
    };
}

std::string report_text(const job::RunReport& report) {
    const auto& plan = report.outcome.plan;
    const bool committed = report.outcome.committed;
    const auto changes = change_lists(report);
    std::string out;
    out += (committed ? "Applied" : "Plan") + std::string(" for ") + report.template_name +
           " → s3://" + report.bucket + "/" + report.prefix + "\n";
    append_paths(out, '+', committed ? changes.new_paths : paths_of(plan.new_files));
    append_paths(out, '~', committed ? changes.modified_paths : paths_of(plan.modified_files));
    append_paths(out, '-', committed ? changes.deleted_paths : paths_of(plan.deletions));
    if (!plan.extras_kept.empty()) {
        out += "  " + with_thousands(plan.extras_kept.size()) +
               " object(s) not in the source are kept (DeleteMissingFiles is false)\n";
    }

    const std::string counts =
        with_thousands(changes.new_paths.size()) + " new, " +
        with_thousands(changes.modified_paths.size()) + " modified, " +
        with_thousands(changes.deleted_paths.size()) + (committed ? " deleted, " : " to delete, ") +
        with_thousands(plan.unchanged) + " unchanged in " + seconds(report.duration_ms) +
        (report.commit_sha ? " (commit " + report.commit_sha->substr(0, 7) + ")" : "");
    if (report.error) {
        out += "failed: " + report.error->message + "\n";
    } else if (committed) {
        out += "synced " + counts + "\n";
    } else if (plan.empty()) {
        out += "nothing to do: " + counts + "\n";
    } else {
        out += "dry run, nothing changed: " + counts + "; re-run with --commit to apply\n";
    }
    return out;
}

}  // namespace repo2s3::cli
