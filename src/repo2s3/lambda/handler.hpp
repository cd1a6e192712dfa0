#pragma once
// What repo2s3 does with one Lambda invocation: an SQS batch runs its templates one by one and
// answers with the messages that failed; a direct invocation runs its one template and answers
// with the run report or a function error.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "repo2s3/job/run_template.hpp"
#include "repo2s3/lambda/event.hpp"
#include "repo2s3/lambda/runtime_api.hpp"
#include "repo2s3/lambda/settings.hpp"
#include "repo2s3/payload/sync_template.hpp"
#include "repo2s3/util/deadline.hpp"

namespace repo2s3::lambda {

/// What is posted back for an invocation: a response document, or a function error.
using Reply = util::Expected<std::string, FunctionError>;

class Handler {
  public:
    virtual ~Handler() = default;
    Handler() = default;
    Handler(const Handler&) = delete;
    Handler& operator=(const Handler&) = delete;
    Handler(Handler&&) = delete;
    Handler& operator=(Handler&&) = delete;

    virtual Reply handle(const Invocation& invocation) = 0;
};

/// Function error types (errorType) this handler reports.
inline constexpr const char* kInvalidEvent = "InvalidEvent";
inline constexpr const char* kInvalidPayload = "InvalidPayload";
inline constexpr const char* kDeadlineExceeded = "DeadlineExceeded";
inline constexpr const char* kSyncFailed = "SyncFailed";
inline constexpr const char* kInternalError = "InternalError";

/// Runs one template to the end (job::run_template against the real services in production),
/// stopping its transfers at `deadline`.
using RunTemplateFn = std::function<job::RunReport(const payload::SyncTemplate&, bool commit,
                                                   const util::Deadline& deadline)>;
/// The response document of a direct invocation, from its run report.
using ReportFn = std::function<std::string(const job::RunReport&)>;
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// The answer to an HTTP request (a GitHub webhook delivery): a status and a JSON body.
struct HttpReply {
    int status = 200;
    std::string body;
};
using WebhookFn = std::function<HttpReply(const HttpRequest&)>;

/// Whether a new run may start: always without a deadline, otherwise only while strictly more
/// than `margin` is left before it.
bool may_start(const std::optional<std::chrono::system_clock::time_point>& deadline,
               std::chrono::system_clock::time_point now, std::chrono::milliseconds margin);

/// Where a run must stop: `margin` before the invocation's deadline (on the steady clock), so
/// that the reply is posted before Lambda ends the invocation. Unbounded without a deadline.
util::Deadline run_deadline(const std::optional<std::chrono::system_clock::time_point>& deadline,
                            std::chrono::system_clock::time_point now,
                            std::chrono::milliseconds margin);

class SyncHandler final : public Handler {
  public:
    /// Without `webhook`, HTTP requests are answered 404.
    SyncHandler(RunTemplateFn run, ReportFn report, HandlerSettings settings, Clock clock,
                WebhookFn webhook = {});

    /// SQS batch: every record is parsed and run in order unless too little time is left;
    /// the reply is batch_response() of the records whose payload was invalid, whose run
    /// failed, or that were not started for lack of time. An event that is not understood at
    /// all is a function error (InvalidEvent), so that SQS retries the whole batch.
    /// Direct payload: the reply is the report document, or InvalidPayload, DeadlineExceeded
    /// or SyncFailed. HTTP request: the webhook's answer as an HTTP response document.
    /// (run_loop turns an exception into InternalError.)
    Reply handle(const Invocation& invocation) override;

  private:
    Reply handle_batch(const Invocation& invocation, const SqsBatch& batch);
    Reply handle_direct(const Invocation& invocation, const DirectPayload& direct);
    /// Runs one record; the error message when it failed or was not started.
    std::optional<std::string> run_record(const Invocation& invocation, const SqsRecord& record);
    /// run_record, with an exception turned into that record's failure, so that one record
    /// never fails its batch.
    std::optional<std::string> run_record_guarded(const Invocation& invocation,
                                                  const SqsRecord& record);

    RunTemplateFn run_;
    ReportFn report_;
    HandlerSettings settings_;
    Clock clock_;
    WebhookFn webhook_;
};

}  // namespace repo2s3::lambda
