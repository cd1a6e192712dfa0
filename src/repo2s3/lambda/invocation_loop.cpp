#include "repo2s3/lambda/invocation_loop.hpp"

#include <spdlog/spdlog.h>

namespace repo2s3::lambda {
namespace {

Result<void> post_reply(RuntimeApi& api, const std::string& request_id, const Reply& reply) {
    if (!reply) return api.report_error(request_id, reply.error());
    auto posted = api.respond(request_id, *reply);
    if (posted) return {};
    spdlog::error("invocation {}: the response was not accepted: {}", request_id,
                  posted.error().message);
    return api.report_error(request_id, FunctionError{"ResponseRejected",
                                                      "the Runtime API did not accept the "
                                                      "response: " +
                                                          posted.error().message});
}

/// The handler's reply; an exception becomes a function error, so the invocation is answered
/// and the runtime goes on serving.
Reply handle_guarded(Handler& handler, const Invocation& invocation) {
    std::string what;
    try {
        return handler.handle(invocation);
    } catch (const std::exception& error) {
        what = error.what();
    } catch (...) {
        what = "an unknown exception";
    }
    spdlog::error("invocation {}: internal error: {}", invocation.request_id, what);
    return util::unexpected(FunctionError{kInternalError, "internal error: " + what});
}

}  // namespace

Result<void> run_loop(RuntimeApi& api, Handler& handler, const StopCondition& stop) {
    while (!stop()) {
        auto invocation = api.next();
        if (!invocation) return util::unexpected(std::move(invocation.error()));
        if (invocation->trace_id) {
            spdlog::debug("invocation {}: trace {}", invocation->request_id, *invocation->trace_id);
        }
        const auto reply = handle_guarded(handler, *invocation);
        if (auto posted = post_reply(api, invocation->request_id, reply); !posted) {
            return util::unexpected(std::move(posted.error()));
        }
    }
    return {};
}

}  // namespace repo2s3::lambda
