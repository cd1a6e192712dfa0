// run_loop with a scripted Runtime API and handler: what is posted for each invocation, when the
// loop stops, and what happens when the Runtime API refuses or fails.
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "repo2s3/lambda/invocation_loop.hpp"

namespace repo2s3::lambda {
namespace {

/// Hands out queued invocations; next() on an empty queue fails like a vanished Runtime API.
class FakeRuntimeApi final : public RuntimeApi {
  public:
    std::deque<Invocation> queue;
    std::vector<std::pair<std::string, std::string>> responses;  // request id, body
    std::vector<std::pair<std::string, FunctionError>> errors;
    std::vector<FunctionError> init_errors;
    std::size_t next_calls = 0;
    bool refuse_responses = false;
    bool refuse_errors = false;

    Result<Invocation> next() override {
        ++next_calls;
        if (queue.empty()) return fail(ErrorKind::Network, "connection refused");
        auto invocation = std::move(queue.front());
        queue.pop_front();
        return invocation;
    }
    Result<void> respond(const std::string& request_id, const std::string& body) override {
        if (refuse_responses) return fail(ErrorKind::Http, "HTTP 413: payload too large");
        responses.emplace_back(request_id, body);
        return {};
    }
    Result<void> report_error(const std::string& request_id, const FunctionError& error) override {
        if (refuse_errors) return fail(ErrorKind::Http, "HTTP 500");
        errors.emplace_back(request_id, error);
        return {};
    }
    Result<void> report_init_error(const FunctionError& error) override {
        init_errors.push_back(error);
        return {};
    }

    void add(std::string request_id, std::string body) {
        Invocation invocation;
        invocation.request_id = std::move(request_id);
        invocation.body = std::move(body);
        queue.push_back(std::move(invocation));
    }
};

/// Echoes the body, or fails with it when the body starts with "fail:".
class EchoHandler final : public Handler {
  public:
    std::vector<std::string> seen;
    Reply handle(const Invocation& invocation) override {
        seen.push_back(invocation.request_id);
        if (invocation.body == "throw") throw std::runtime_error("bad \xE2\x80 byte");
        if (invocation.body.rfind("fail:", 0) == 0) {
            return util::unexpected(FunctionError{"Failed", invocation.body.substr(5)});
        }
        return "echo " + invocation.body;
    }
};

/// Stops once `count` invocations were handled.
StopCondition after(const EchoHandler& handler, std::size_t count) {
    return [&handler, count] { return handler.seen.size() >= count; };
}

TEST(LambdaLoop, PostsEachResponseOrErrorForItsRequest) {
    FakeRuntimeApi api;
    api.add("r-1", "one");
    api.add("r-2", "fail:bad payload");
    api.add("r-3", "three");
    EchoHandler handler;
    const auto served = run_loop(api, handler, after(handler, 3));
    ASSERT_TRUE(served) << served.error().message;
    EXPECT_EQ(handler.seen, (std::vector<std::string>{"r-1", "r-2", "r-3"}));
    const std::vector<std::pair<std::string, std::string>> responses = {{"r-1", "echo one"},
                                                                        {"r-3", "echo three"}};
    EXPECT_EQ(api.responses, responses);
    ASSERT_EQ(api.errors.size(), 1u);
    EXPECT_EQ(api.errors[0].first, "r-2");
    EXPECT_EQ(api.errors[0].second.type, "Failed");
    EXPECT_EQ(api.errors[0].second.message, "bad payload");
    EXPECT_TRUE(api.init_errors.empty());
    EXPECT_EQ(api.next_calls, 3u);
}

TEST(LambdaLoop, AHandlerThatThrowsAnswersWithAnInternalErrorAndServingGoesOn) {
    FakeRuntimeApi api;
    api.add("r-1", "throw");
    api.add("r-2", "two");
    EchoHandler handler;
    ASSERT_TRUE(run_loop(api, handler, after(handler, 2)));
    ASSERT_EQ(api.errors.size(), 1u);
    EXPECT_EQ(api.errors[0].first, "r-1");
    EXPECT_EQ(api.errors[0].second.type, kInternalError);
    EXPECT_NE(api.errors[0].second.message.find("internal error"), std::string::npos);
    // The error document is valid JSON whatever the message holds.
    EXPECT_TRUE(nlohmann::json::accept(error_document(api.errors[0].second)));
    const std::vector<std::pair<std::string, std::string>> responses = {{"r-2", "echo two"}};
    EXPECT_EQ(api.responses, responses);
}

TEST(LambdaLoop, StopIsCheckedBeforeWaitingForAnInvocation) {
    FakeRuntimeApi api;
    api.add("r-1", "one");
    EchoHandler handler;
    ASSERT_TRUE(run_loop(api, handler, [] { return true; }));
    EXPECT_EQ(api.next_calls, 0u);
    EXPECT_TRUE(handler.seen.empty());
}

TEST(LambdaLoop, AFailingRuntimeApiEndsTheLoopWithItsError) {
    FakeRuntimeApi api;
    api.add("r-1", "one");
    EchoHandler handler;
    const auto served = run_loop(api, handler, [] { return false; });
    ASSERT_FALSE(served);
    EXPECT_EQ(served.error().kind, ErrorKind::Network);
    EXPECT_EQ(api.responses.size(), 1u);  // the first invocation was answered before
    EXPECT_EQ(api.next_calls, 2u);
}

TEST(LambdaLoop, ARefusedResponseBecomesAFunctionError) {
    FakeRuntimeApi api;
    api.refuse_responses = true;
    api.add("r-1", "one");
    api.add("r-2", "two");
    EchoHandler handler;
    ASSERT_TRUE(run_loop(api, handler, after(handler, 2)));
    ASSERT_EQ(api.errors.size(), 2u);
    EXPECT_EQ(api.errors[0].first, "r-1");
    EXPECT_EQ(api.errors[0].second.type, "ResponseRejected");
    EXPECT_NE(api.errors[0].second.message.find("HTTP 413"), std::string::npos);
    EXPECT_EQ(api.errors[1].first, "r-2");
}

TEST(LambdaLoop, WhenNothingCanBePostedTheLoopEnds) {
    FakeRuntimeApi api;
    api.refuse_responses = true;
    api.refuse_errors = true;
    api.add("r-1", "one");
    api.add("r-2", "two");
    EchoHandler handler;
    const auto served = run_loop(api, handler, after(handler, 2));
    ASSERT_FALSE(served);
    EXPECT_EQ(served.error().kind, ErrorKind::Http);
    EXPECT_EQ(handler.seen.size(), 1u);
}

}  // namespace
}  // namespace repo2s3::lambda
