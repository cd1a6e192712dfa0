#include "repo2s3/lambda/handler.hpp"

#include <spdlog/spdlog.h>

#include "repo2s3/payload/template_parser.hpp"
#include "repo2s3/util/json_text.hpp"

namespace repo2s3::lambda {
namespace {

using std::chrono::milliseconds;

std::string mode(bool commit) {
    return commit ? "commit" : "dry run";
}

/// "not started: 12000 ms left before the deadline, within the 30000 ms safety margin"
std::string not_started(const std::optional<std::chrono::system_clock::time_point>& deadline,
                        std::chrono::system_clock::time_point now, milliseconds margin) {
    const auto left =
        deadline ? std::chrono::duration_cast<milliseconds>(*deadline - now) : milliseconds(0);
    return "not started: " + std::to_string(std::max<std::int64_t>(left.count(), 0)) +
           " ms left before the invocation's deadline, within the " +
           std::to_string(margin.count()) + " ms safety margin";
}

/// "3 new, 1 modified, 0 deleted, 12 unchanged (commit abc1234)"
std::string outcome_counts(const job::RunReport& report) {
    const auto& plan = report.outcome.plan;
    std::string text = std::to_string(plan.new_files.size()) + " new, " +
                       std::to_string(plan.modified_files.size()) + " modified, " +
                       std::to_string(plan.deletions.size()) + " deleted, " +
                       std::to_string(plan.unchanged) + " unchanged";
    if (report.commit_sha) text += " (commit " + report.commit_sha->substr(0, 7) + ")";
    return text;
}

}  // namespace

bool may_start(const std::optional<std::chrono::system_clock::time_point>& deadline,
               std::chrono::system_clock::time_point now, milliseconds margin) {
    return !deadline || *deadline - now > margin;
}

util::Deadline run_deadline(const std::optional<std::chrono::system_clock::time_point>& deadline,
                            std::chrono::system_clock::time_point now, milliseconds margin) {
    if (!deadline) return {};
    const auto left = std::chrono::duration_cast<milliseconds>(*deadline - now) - margin;
    return util::Deadline(util::Deadline::Clock::now() + std::max(left, milliseconds(0)));
}

SyncHandler::SyncHandler(RunTemplateFn run, ReportFn report, HandlerSettings settings, Clock clock,
                         WebhookFn webhook)
    : run_(std::move(run)),
      report_(std::move(report)),
      settings_(settings),
      clock_(std::move(clock)),
      webhook_(std::move(webhook)) {}

Reply SyncHandler::handle(const Invocation& invocation) {
    auto event = parse_event(invocation.body);
    if (!event) {
        spdlog::error("invocation {}: {}", invocation.request_id, event.error().message);
        return util::unexpected(FunctionError{kInvalidEvent, event.error().message});
    }
    if (const auto* batch = std::get_if<SqsBatch>(&*event)) {
        return handle_batch(invocation, *batch);
    }
    if (const auto* request = std::get_if<HttpRequest>(&*event)) {
        if (!webhook_) {
            return http_response(404, util::json_text({{"message", "webhooks are not set up"}}));
        }
        const auto reply = webhook_(*request);
        return http_response(reply.status, reply.body);
    }
    return handle_direct(invocation, std::get<DirectPayload>(*event));
}

Reply SyncHandler::handle_batch(const Invocation& invocation, const SqsBatch& batch) {
    spdlog::info("invocation {}: SQS batch of {} record(s), {}", invocation.request_id,
                 batch.records.size(), mode(settings_.commit));
    std::vector<std::string> failed;
    for (const auto& record : batch.records) {
        if (auto problem = run_record_guarded(invocation, record)) {
            spdlog::error("SQS message {}: failed: {}", record.message_id, *problem);
            failed.push_back(record.message_id);
        }
    }
    spdlog::info("invocation {}: {} of {} record(s) failed", invocation.request_id, failed.size(),
                 batch.records.size());
    return batch_response(failed);
}

std::optional<std::string> SyncHandler::run_record_guarded(const Invocation& invocation,
                                                           const SqsRecord& record) {
    try {
        return run_record(invocation, record);
    } catch (const std::exception& error) {
        return std::string("internal error: ") + error.what();
    } catch (...) {
        return std::string("internal error: an unknown exception");
    }
}

std::optional<std::string> SyncHandler::run_record(const Invocation& invocation,
                                                   const SqsRecord& record) {
    const auto now = clock_();
    if (!may_start(invocation.deadline, now, settings_.deadline_margin)) {
        return not_started(invocation.deadline, now, settings_.deadline_margin);
    }
    auto sync_template = payload::parse_template(record.body, "message body");
    if (!sync_template) return sync_template.error().message;

    spdlog::info("SQS message {}: running {} → s3://{}/{} ({})", record.message_id,
                 sync_template->template_name, sync_template->bucket_name,
                 sync_template->key_prefix, mode(settings_.commit));
    const auto report = run_(*sync_template, settings_.commit,
                             run_deadline(invocation.deadline, now, settings_.deadline_margin));
    if (report.error) return sync_template->template_name + ": " + report.error->message;
    spdlog::info("SQS message {}: ok, {}: {}", record.message_id, mode(settings_.commit),
                 outcome_counts(report));
    return std::nullopt;
}

Reply SyncHandler::handle_direct(const Invocation& invocation, const DirectPayload& direct) {
    const auto now = clock_();
    if (!may_start(invocation.deadline, now, settings_.deadline_margin)) {
        const auto message = not_started(invocation.deadline, now, settings_.deadline_margin);
        spdlog::error("invocation {}: {}", invocation.request_id, message);
        return util::unexpected(FunctionError{kDeadlineExceeded, message});
    }
    auto sync_template = payload::parse_template(direct.text, "event");
    if (!sync_template) {
        spdlog::error("invocation {}: {}", invocation.request_id, sync_template.error().message);
        return util::unexpected(FunctionError{kInvalidPayload, sync_template.error().message});
    }
    spdlog::info("invocation {}: running {} → s3://{}/{} ({})", invocation.request_id,
                 sync_template->template_name, sync_template->bucket_name,
                 sync_template->key_prefix, mode(settings_.commit));
    const auto report = run_(*sync_template, settings_.commit,
                             run_deadline(invocation.deadline, now, settings_.deadline_margin));
    if (report.error) {
        const auto message = sync_template->template_name + ": " + report.error->message;
        spdlog::error("invocation {}: failed: {}", invocation.request_id, message);
        return util::unexpected(FunctionError{kSyncFailed, message});
    }
    spdlog::info("invocation {}: ok, {}: {}", invocation.request_id, mode(settings_.commit),
                 outcome_counts(report));
    return report_(report);
}

}  // namespace repo2s3::lambda
