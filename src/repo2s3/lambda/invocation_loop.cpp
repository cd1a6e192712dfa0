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

}  // namespace

Result<void> run_loop(RuntimeApi& api, Handler& handler, const StopCondition& stop) {
    while (!stop()) {
        auto invocation = api.next();
        if (!invocation) return util::unexpected(std::move(invocation.error()));
        if (invocation->trace_id) {
            spdlog::debug("invocation {}: trace {}", invocation->request_id, *invocation->trace_id);
        }
        const auto reply = handler.handle(*invocation);
        if (auto posted = post_reply(api, invocation->request_id, reply); !posted) {
            return util::unexpected(std::move(posted.error()));
        }
    }
    return {};
}

}  // namespace repo2s3::lambda
