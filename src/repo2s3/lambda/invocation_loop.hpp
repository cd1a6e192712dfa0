#pragma once
// The custom runtime's main loop: next invocation → handler → response or function error.

#include <functional>

#include "repo2s3/lambda/handler.hpp"
#include "repo2s3/lambda/runtime_api.hpp"

namespace repo2s3::lambda {

/// Asked before each wait for the next invocation; true ends the loop.
using StopCondition = std::function<bool()>;

/// Serves invocations until `stop` says so (then returns success) or the Runtime API fails.
/// A response the Runtime API refuses (e.g. too large) is replaced by a function error
/// ("ResponseRejected") so that the invocation still ends. Errors: the first failure to fetch
/// an invocation, or to post anything for one after the fallback error was refused too.
Result<void> run_loop(RuntimeApi& api, Handler& handler, const StopCondition& stop);

}  // namespace repo2s3::lambda
