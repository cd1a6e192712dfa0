#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "repo2s3/schedule/watcher.hpp"

namespace repo2s3::schedule {
namespace {

using namespace std::chrono_literals;

std::string payload(const std::string& name) {
    return "TemplateName: " + name +
           "\nTemplateDescription: test\nOrganization: octo-org\nRepository: " + name +
           "\nBranchName: main\nGitHubAppId: 1\nGitHubInstallationId: 2\n"
           "BucketName: bucket\nBucketRegion: eu-west-1\nExtractZipContents: true\n";
}

// Stops the watcher and joins its thread however the test leaves its scope.
struct RunningWatcher {
    Watcher& watcher;
    std::thread thread{[this] { watcher.run(); }};
    ~RunningWatcher() { stop(); }
    void stop() {
        watcher.stop();
        if (thread.joinable()) thread.join();
    }
};

class ScheduleWatcher : public ::testing::Test {
  protected:
    void SetUp() override { spdlog::set_level(spdlog::level::off); }
    void TearDown() override { spdlog::set_level(spdlog::level::info); }
};

// Templates held in memory; the test changes them while the watcher runs.
class MemorySource final : public TemplateSource {
  public:
    std::string describe() const override { return "memory"; }
    Result<std::vector<std::string>> list() override {
        const std::lock_guard lock(mutex);
        std::vector<std::string> ids;
        for (const auto& [id, text] : texts) ids.push_back(id);
        return ids;
    }
    Result<std::string> read(const std::string& id) override {
        const std::lock_guard lock(mutex);
        const auto found = texts.find(id);
        if (found == texts.end()) return fail(ErrorKind::Io, id + ": gone");
        return found->second;
    }
    void set(const std::string& id, const std::string& text) {
        const std::lock_guard lock(mutex);
        texts[id] = text;
    }

    std::mutex mutex;
    std::map<std::string, std::string> texts;
};

// Counts runs per template and watches for overlap.
struct RunLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, int> started;
    std::map<std::string, int> finished;
    std::map<std::string, int> in_flight;
    int max_in_flight_total = 0;
    int total_in_flight = 0;
    bool overlapped = false;

    job::RunReport run(const payload::SyncTemplate& t, std::chrono::milliseconds duration,
                       bool fails) {
        {
            const std::lock_guard lock(mutex);
            ++started[t.template_name];
            if (++in_flight[t.template_name] > 1) overlapped = true;
            max_in_flight_total = std::max(max_in_flight_total, ++total_in_flight);
        }
        changed.notify_all();
        std::this_thread::sleep_for(duration);
        job::RunReport report;
        report.template_name = t.template_name;
        if (fails)
            report.error = Error{ErrorKind::NotFound, "repository not found"};
        else
            report.outcome.committed = true;
        {
            const std::lock_guard lock(mutex);
            --in_flight[t.template_name];
            --total_in_flight;
            ++finished[t.template_name];
        }
        changed.notify_all();
        return report;
    }

    bool wait_for(const std::function<bool()>& condition, std::chrono::seconds timeout = 10s) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, condition);
    }
};

double sample(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

TEST_F(ScheduleWatcher, OneFailingTemplateNeverStopsTheOthersAndNoneOverlapsItself) {
    auto source = std::make_unique<MemorySource>();
    source->set("good", payload("good"));
    source->set("slow", payload("slow"));
    source->set("bad", payload("bad"));
    source->set("invalid", "TemplateName: [unclosed");
    MemorySource& templates = *source;
    std::vector<std::unique_ptr<TemplateSource>> sources;
    sources.push_back(std::move(source));

    RunLog log;
    Metrics metrics;
    std::vector<std::string> reported;
    std::mutex reported_mutex;
    Watcher watcher(
        std::move(sources),
        [&](const payload::SyncTemplate& t) {
            // "slow" takes several periods: it must not be started again while it runs.
            return log.run(t, t.template_name == "slow" ? 200ms : 5ms, t.template_name == "bad");
        },
        metrics, {.period = 30ms, .jitter_fraction = 0.1, .max_concurrent = 3}, [] { return 0.5; },
        [&](const std::string& id, const job::RunReport&) {
            const std::lock_guard lock(reported_mutex);
            reported.push_back(id);
        });
    RunningWatcher loop{watcher};

    ASSERT_TRUE(
        log.wait_for([&] { return log.finished["good"] >= 3 && log.finished["bad"] >= 3; }));
    // Templates are re-read each cycle: one added now is picked up.
    templates.set("late", payload("late"));
    ASSERT_TRUE(
        log.wait_for([&] { return log.finished["late"] >= 1 && log.finished["slow"] >= 2; }));
    loop.stop();

    const std::lock_guard lock(log.mutex);
    EXPECT_FALSE(log.overlapped);
    EXPECT_LE(log.max_in_flight_total, 3);
    EXPECT_EQ(log.total_in_flight, 0);  // stop waited for the runs in flight
    EXPECT_EQ(log.started, log.finished);
    EXPECT_EQ(log.started.count("invalid"), 0U);

    const auto text = metrics.render();
    EXPECT_GE(sample(text, R"(repo2s3_runs_total{template="good"})"), 3);
    EXPECT_EQ(sample(text, R"(repo2s3_run_failures_total{template="good"})"), 0);
    EXPECT_GE(sample(text, R"(repo2s3_run_failures_total{template="bad"})"), 3);
    // An unparsable template is that template's failure, named by its id.
    EXPECT_GE(sample(text, R"(repo2s3_run_failures_total{template="invalid"})"), 1);
    EXPECT_GT(sample(text, R"(repo2s3_last_success_timestamp_seconds{template="good"})"), 0);
    EXPECT_EQ(sample(text, R"(repo2s3_last_success_timestamp_seconds{template="bad"})"), 0);
    const std::lock_guard reported_lock(reported_mutex);
    EXPECT_GE(std::count(reported.begin(), reported.end(), "invalid"), 1);
}

TEST_F(ScheduleWatcher, ARunThatThrowsIsThatTemplatesFailureAndTheOthersKeepTheirSchedule) {
    auto source = std::make_unique<MemorySource>();
    source->set("good", payload("good"));
    source->set("throws", payload("throws"));
    std::vector<std::unique_ptr<TemplateSource>> sources;
    sources.push_back(std::move(source));

    RunLog log;
    Metrics metrics;
    std::atomic<int> throws{0};
    std::atomic<int> reports_thrown{0};
    Watcher watcher(
        std::move(sources),
        [&](const payload::SyncTemplate& t) {
            if (t.template_name == "throws") {
                ++throws;
                throw std::runtime_error("invalid UTF-8 in a server's answer");
            }
            return log.run(t, 1ms, false);
        },
        metrics, {.period = 20ms, .jitter_fraction = 0, .max_concurrent = 2}, [] { return 0.0; },
        [&](const std::string& id, const job::RunReport& report) {
            if (id == "throws") {
                EXPECT_TRUE(report.error);
                ++reports_thrown;
                throw std::runtime_error("the report cannot be written");  // not fatal either
            }
        });
    RunningWatcher loop{watcher};
    ASSERT_TRUE(log.wait_for([&] { return log.finished["good"] >= 3; }));
    ASSERT_TRUE(log.wait_for([&] { return throws >= 3; }));
    loop.stop();
    EXPECT_GE(reports_thrown.load(), 3);
    const auto text = metrics.render();
    EXPECT_GE(sample(text, R"(repo2s3_run_failures_total{template="throws"})"), 3);
    EXPECT_EQ(sample(text, R"(repo2s3_run_failures_total{template="good"})"), 0);
}

TEST_F(ScheduleWatcher, ABusyDestinationSkipsTheCycleAndCountsItApart) {
    auto source = std::make_unique<MemorySource>();
    source->set("busy", payload("busy"));
    std::vector<std::unique_ptr<TemplateSource>> sources;
    sources.push_back(std::move(source));

    Metrics metrics;
    std::atomic<int> runs{0};
    std::atomic<int> busy_reports{0};
    Watcher watcher(
        std::move(sources),
        [&](const payload::SyncTemplate& t) {
            ++runs;
            job::RunReport report;
            report.template_name = t.template_name;
            report.error = Error{ErrorKind::Busy, "another run holds the lease"};
            return report;
        },
        metrics, {.period = 20ms, .jitter_fraction = 0, .max_concurrent = 1}, [] { return 0.0; },
        [&](const std::string&, const job::RunReport& report) {
            if (report.lease_busy()) ++busy_reports;
        });
    RunningWatcher loop{watcher};
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (runs < 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    loop.stop();
    ASSERT_GE(runs.load(), 3);                    // the template is tried again every cycle
    EXPECT_EQ(busy_reports.load(), runs.load());  // the front end decides what to print
    const auto text = metrics.render();
    EXPECT_EQ(sample(text, R"(repo2s3_runs_skipped_total{template="busy"})"), runs.load());
    EXPECT_EQ(sample(text, R"(repo2s3_run_failures_total{template="busy"})"), 0);
    EXPECT_EQ(sample(text, R"(repo2s3_runs_total{template="busy"})"), 0);
}

TEST_F(ScheduleWatcher, StopLetsTheRunInFlightFinishAndStartsNothingNew) {
    auto source = std::make_unique<MemorySource>();
    source->set("a", payload("a"));
    source->set("b", payload("b"));
    std::vector<std::unique_ptr<TemplateSource>> sources;
    sources.push_back(std::move(source));
    RunLog log;
    Metrics metrics;
    // One worker: "a" runs, "b" waits in the queue.
    Watcher watcher(
        std::move(sources),
        [&](const payload::SyncTemplate& t) { return log.run(t, 300ms, false); }, metrics,
        {.period = 10s, .jitter_fraction = 0, .max_concurrent = 1}, [] { return 0.0; });
    RunningWatcher loop{watcher};
    ASSERT_TRUE(log.wait_for([&] { return log.started["a"] == 1; }));
    const auto stopping = std::chrono::steady_clock::now();
    loop.stop();
    EXPECT_GE(std::chrono::steady_clock::now() - stopping, 200ms);  // waited for "a"
    const std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.finished["a"], 1);
    EXPECT_EQ(log.started.count("b"), 0U);
}

TEST_F(ScheduleWatcher, StopBeforeAnythingIsDueReturnsAtOnce) {
    auto source = std::make_unique<MemorySource>();
    source->set("a", payload("a"));
    std::vector<std::unique_ptr<TemplateSource>> sources;
    sources.push_back(std::move(source));
    RunLog log;
    Metrics metrics;
    Watcher watcher(
        std::move(sources), [&](const payload::SyncTemplate& t) { return log.run(t, 1ms, false); },
        metrics, {.period = 1h, .jitter_fraction = 0.5, .max_concurrent = 2}, [] { return 1.0; });
    RunningWatcher loop{watcher};
    std::this_thread::sleep_for(50ms);
    const auto stopping = std::chrono::steady_clock::now();
    loop.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
    EXPECT_TRUE(log.started.empty());
}

}  // namespace
}  // namespace repo2s3::schedule
