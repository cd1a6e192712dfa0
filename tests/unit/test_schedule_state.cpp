#include <gtest/gtest.h>

#include <deque>

#include "repo2s3/schedule/schedule_state.hpp"

namespace repo2s3::schedule {
namespace {

using namespace std::chrono_literals;

// Returns the scripted numbers in turn, then 0.5.
UniformRandom scripted(std::deque<double> values) {
    return [values = std::move(values)]() mutable {
        if (values.empty()) return 0.5;
        const double value = values.front();
        values.pop_front();
        return value;
    };
}

TEST(ScheduleJitter, StaysWithinTheFractionOfThePeriod) {
    EXPECT_EQ(jittered_period(100s, 0.1, 0.0), 90s);
    EXPECT_EQ(jittered_period(100s, 0.1, 0.5), 100s);
    EXPECT_EQ(jittered_period(100s, 0.1, 1.0), 110s);
    EXPECT_EQ(jittered_period(100s, 0.0, 0.9), 100s);
    for (int i = 0; i <= 1000; ++i) {
        const auto delay = jittered_period(300s, 0.1, i / 1000.0);
        EXPECT_GE(delay, 270s);
        EXPECT_LE(delay, 330s);
    }
    // The fraction is clamped, so a template is never rescheduled at once.
    EXPECT_EQ(jittered_period(100s, 3.0, 0.0), 50s);
    EXPECT_EQ(jittered_period(100s, -1.0, 0.0), 100s);
}

TEST(ScheduleJitter, FirstRunsSpreadOverTheFractionOfThePeriod) {
    EXPECT_EQ(initial_delay(100s, 0.1, 0.0), 0s);
    EXPECT_EQ(initial_delay(100s, 0.1, 1.0), 10s);
    EXPECT_EQ(initial_delay(100s, 0.1, 0.25), 2500ms);
}

TEST(ScheduleState, NewTemplatesAreDueAfterTheirInitialDelay) {
    ScheduleState state(100s, 0.1, scripted({0.0, 1.0}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml", "b.yaml"}, t0, true);
    EXPECT_EQ(state.take_due(t0), std::vector<std::string>{"a.yaml"});
    EXPECT_EQ(state.next_due(), t0 + 10s);
    EXPECT_TRUE(state.take_due(t0 + 9s).empty());
    EXPECT_EQ(state.take_due(t0 + 10s), std::vector<std::string>{"b.yaml"});
}

TEST(ScheduleState, ARunningTemplateIsNeverHandedOutAgain) {
    ScheduleState state(10s, 0.0, scripted({}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml"}, t0, true);
    ASSERT_EQ(state.take_due(t0), std::vector<std::string>{"a.yaml"});
    EXPECT_TRUE(state.running("a.yaml"));
    // Long past its period, and re-listed every cycle: still not handed out while it runs.
    for (int cycle = 1; cycle <= 5; ++cycle) {
        state.update({"a.yaml"}, t0 + cycle * 60s, true);
        EXPECT_TRUE(state.take_due(t0 + cycle * 60s).empty()) << cycle;
    }
    EXPECT_FALSE(state.next_due().has_value());
    state.finish("a.yaml", t0 + 301s);
    EXPECT_FALSE(state.running("a.yaml"));
    EXPECT_EQ(state.next_due(), t0 + 311s);
    EXPECT_TRUE(state.take_due(t0 + 310s).empty());
    EXPECT_EQ(state.take_due(t0 + 311s), std::vector<std::string>{"a.yaml"});
}

TEST(ScheduleState, RequestedRunsCoalesceToOneNowAndOneAfterTheRunInFlight) {
    ScheduleState state(3600s, 0.0, scripted({}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml"}, t0, true);
    ASSERT_EQ(state.take_due(t0), std::vector<std::string>{"a.yaml"});
    state.finish("a.yaml", t0 + 1s);  // next due an hour later
    EXPECT_EQ(state.next_due(), t0 + 3601s);

    // Pushes while idle: due now, however many.
    EXPECT_TRUE(state.request_run("a.yaml", t0 + 5s));
    EXPECT_TRUE(state.request_run("a.yaml", t0 + 6s));
    EXPECT_EQ(state.take_due(t0 + 6s), std::vector<std::string>{"a.yaml"});
    // Ten pushes while it runs: one more run right after it, not ten.
    for (int push = 0; push < 10; ++push) EXPECT_TRUE(state.request_run("a.yaml", t0 + 7s));
    EXPECT_TRUE(state.take_due(t0 + 8s).empty());
    state.finish("a.yaml", t0 + 9s);
    EXPECT_EQ(state.take_due(t0 + 9s), std::vector<std::string>{"a.yaml"});
    state.finish("a.yaml", t0 + 10s);
    EXPECT_EQ(state.next_due(), t0 + 3610s);  // back to the period
    EXPECT_FALSE(state.request_run("unknown.yaml", t0 + 10s));
}

TEST(ScheduleState, NextRunIsTheFinishTimePlusTheJitteredPeriod) {
    ScheduleState state(100s, 0.1, scripted({0.0, 0.0, 1.0}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml"}, t0, true);
    ASSERT_EQ(state.take_due(t0).size(), 1U);
    state.finish("a.yaml", t0 + 5s);
    EXPECT_EQ(state.next_due(), t0 + 5s + 90s);
    ASSERT_EQ(state.take_due(t0 + 95s).size(), 1U);
    state.finish("a.yaml", t0 + 96s);
    EXPECT_EQ(state.next_due(), t0 + 96s + 110s);
}

TEST(ScheduleState, VanishedTemplatesAreForgottenOnceTheyFinish) {
    ScheduleState state(10s, 0.0, scripted({}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml", "b.yaml"}, t0, true);
    ASSERT_EQ(state.take_due(t0), (std::vector<std::string>{"a.yaml", "b.yaml"}));
    state.finish("b.yaml", t0 + 1s);
    state.update({}, t0 + 2s, true);
    EXPECT_EQ(state.ids(), std::vector<std::string>{"a.yaml"});  // still running
    EXPECT_EQ(state.running_count(), 1U);
    state.finish("a.yaml", t0 + 3s);
    EXPECT_TRUE(state.ids().empty());
    EXPECT_FALSE(state.next_due().has_value());
}

TEST(ScheduleState, AnIncompleteListingForgetsNothing) {
    ScheduleState state(10s, 0.0, scripted({}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml", "b.yaml"}, t0, true);
    state.update({"c.yaml"}, t0 + 1s, false);
    EXPECT_EQ(state.ids(), (std::vector<std::string>{"a.yaml", "b.yaml", "c.yaml"}));
    state.update({"c.yaml"}, t0 + 2s, true);
    EXPECT_EQ(state.ids(), std::vector<std::string>{"c.yaml"});
}

TEST(ScheduleState, ReListingKeepsTheSchedule) {
    ScheduleState state(100s, 0.0, scripted({1.0}));
    const auto t0 = Clock::time_point{} + 1000s;
    state.update({"a.yaml"}, t0, true);
    const auto due = state.next_due();
    state.update({"a.yaml"}, t0 + 1s, true);
    EXPECT_EQ(state.next_due(), due);
}

}  // namespace
}  // namespace repo2s3::schedule
