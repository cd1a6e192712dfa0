#include <gtest/gtest.h>
#include <httplib.h>

#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "repo2s3/schedule/http_listener.hpp"
#include "repo2s3/schedule/metrics.hpp"

namespace repo2s3::schedule {
namespace {

// A strict reader of the Prometheus text format: every line is a HELP or TYPE comment or a
// sample `name{labels} value`; each family is declared before its samples and only once.
// Returns "name{labels}" -> value.
std::map<std::string, double> parse_exposition(const std::string& text) {
    static const std::regex comment(R"(# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+))");
    static const std::regex sample(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? )"
        R"(([-+]?(?:[0-9]+(?:\.[0-9]*)?(?:e[-+]?[0-9]+)?|Inf|NaN)))");
    static const std::set<std::string> types{"counter", "gauge", "histogram", "summary", "untyped"};
    std::map<std::string, double> samples;
    std::map<std::string, std::string> family_types;
    std::istringstream lines(text);
    std::string line;
    EXPECT_TRUE(text.ends_with('\n'));
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_match(line, match, comment)) {
            if (match[1] == "TYPE") {
                EXPECT_TRUE(types.contains(match[3])) << line;
                EXPECT_FALSE(family_types.contains(match[2])) << "declared twice: " << line;
                family_types[match[2]] = match[3];
            }
            continue;
        }
        EXPECT_TRUE(std::regex_match(line, match, sample)) << "not a sample line: " << line;
        if (match.empty()) continue;
        std::string family = match[1];
        for (const char* suffix : {"_bucket", "_sum", "_count"}) {
            const std::string base = family.substr(0, family.size() - std::strlen(suffix));
            if (family.ends_with(suffix) &&
                (family_types[base] == "histogram" || family_types[base] == "summary")) {
                family = base;
            }
        }
        EXPECT_TRUE(family_types.contains(family)) << "sample before its TYPE: " << line;
        samples[std::string(match[1]) + std::string(match[2])] = std::stod(match[3]);
    }
    return samples;
}

TEST(ScheduleMetrics, RendersValidExpositionWithPerTemplateSeries) {
    Metrics metrics;
    metrics.record("site", {.ok = true,
                            .uploaded = 3,
                            .deleted = 1,
                            .duration_seconds = 0.5,
                            .finished_unix_seconds = 1700000000.25});
    metrics.record("site", {.ok = false, .duration_seconds = 45});
    metrics.record("docs", {.ok = false, .duration_seconds = 2000});

    const auto text = metrics.render();
    const auto samples = parse_exposition(text);
    EXPECT_EQ(samples.at(R"(repo2s3_runs_total{template="site"})"), 2);
    EXPECT_EQ(samples.at(R"(repo2s3_runs_total{template="docs"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_run_failures_total{template="site"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_run_failures_total{template="docs"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_objects_uploaded_total{template="site"})"), 3);
    EXPECT_EQ(samples.at(R"(repo2s3_objects_deleted_total{template="site"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_objects_uploaded_total{template="docs"})"), 0);
    EXPECT_DOUBLE_EQ(samples.at(R"(repo2s3_last_success_timestamp_seconds{template="site"})"),
                     1700000000.25);
    EXPECT_EQ(samples.at(R"(repo2s3_last_success_timestamp_seconds{template="docs"})"), 0);

    // Histogram buckets are cumulative and end with +Inf == _count.
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="site",le="1"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="site",le="30"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="site",le="60"})"), 2);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="site",le="+Inf"})"), 2);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_count{template="site"})"), 2);
    EXPECT_DOUBLE_EQ(samples.at(R"(repo2s3_run_duration_seconds_sum{template="site"})"), 45.5);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="docs",le="1800"})"), 0);
    EXPECT_EQ(samples.at(R"(repo2s3_run_duration_seconds_bucket{template="docs",le="+Inf"})"), 1);
    double previous = 0;
    for (const double bound : kDurationBuckets) {
        std::ostringstream le;
        le << bound;
        const double count = samples.at(
            R"(repo2s3_run_duration_seconds_bucket{template="site",le=")" + le.str() + "\"}");
        EXPECT_GE(count, previous);
        previous = count;
    }
}

TEST(ScheduleMetrics, ASkippedCycleCountsOnlyAsSkipped) {
    Metrics metrics;
    metrics.record("site", {.ok = false, .skipped = true, .duration_seconds = 0.1});
    metrics.record("site", {.ok = false, .skipped = true});
    metrics.record("site", {.ok = true, .uploaded = 2, .duration_seconds = 1});
    const auto samples = parse_exposition(metrics.render());
    EXPECT_EQ(samples.at("repo2s3_runs_skipped_total{template=\"site\"}"), 2);
    EXPECT_EQ(samples.at("repo2s3_runs_total{template=\"site\"}"), 1);
    EXPECT_EQ(samples.at("repo2s3_run_failures_total{template=\"site\"}"), 0);
    EXPECT_EQ(samples.at("repo2s3_run_duration_seconds_count{template=\"site\"}"), 1);
}

TEST(ScheduleMetrics, EmptyMetricsStillDeclareTheirFamilies) {
    const auto text = Metrics().render();
    // Only the webhook deliveries, each result at 0.
    const auto samples = parse_exposition(text);
    EXPECT_EQ(samples.size(), 4u);
    for (const auto& [name, value] : samples) {
        EXPECT_TRUE(name.starts_with("repo2s3_webhook_deliveries_total{")) << name;
        EXPECT_EQ(value, 0) << name;
    }
    EXPECT_NE(text.find("# TYPE repo2s3_runs_total counter"), std::string::npos);
    EXPECT_NE(text.find("# TYPE repo2s3_run_duration_seconds histogram"), std::string::npos);
    EXPECT_NE(text.find("# TYPE repo2s3_last_success_timestamp_seconds gauge"), std::string::npos);
}

TEST(ScheduleMetrics, LabelValuesAreEscaped) {
    EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    EXPECT_EQ(escape_label_value("bad\xFF"), "bad\xEF\xBF\xBD");
    Metrics metrics;
    metrics.record("odd \"name\"\\\n", {.ok = true});
    const auto samples = parse_exposition(metrics.render());
    EXPECT_EQ(samples.at(R"(repo2s3_runs_total{template="odd \"name\"\\\n"})"), 1);
}

HttpRoute metrics_route(const Metrics& metrics) {
    return {.method = "GET", .path = "/metrics", .handle = [&metrics](const HttpExchange&) {
                return HttpAnswer{.status = 200,
                                  .content_type = "text/plain; version=0.0.4; charset=utf-8",
                                  .body = metrics.render()};
            }};
}

TEST(ScheduleHttpListener, ServesItsRoutesAndNothingElse) {
    Metrics metrics;
    metrics.record("site", {.ok = true, .uploaded = 2});
    HttpListener server;
    const auto port = server.start({"127.0.0.1", 0}, "--metrics-addr", {metrics_route(metrics)});
    ASSERT_TRUE(port) << port.error().message;
    httplib::Client client("127.0.0.1", *port);
    const auto response = client.Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->get_header_value("Content-Type"),
              "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(
        parse_exposition(response->body).at(R"(repo2s3_objects_uploaded_total{template="site"})"),
        2);
    EXPECT_EQ(client.Get("/other")->status, 404);
    EXPECT_EQ(client.Post("/metrics", "x", "text/plain")->status, 404);
    server.stop();
    EXPECT_FALSE(httplib::Client("127.0.0.1", *port).Get("/metrics"));
}

TEST(ScheduleHttpListener, HandlersSeeHeadersInLowerCaseAndTheBody) {
    HttpListener server;
    const auto port =
        server.start({"127.0.0.1", 0}, "--webhook-addr",
                     {{.method = "POST",
                       .path = "/hook",
                       .handle =
                           [](const HttpExchange& exchange) {
                               return HttpAnswer{
                                   .status = 202,
                                   .content_type = "text/plain",
                                   .body = exchange.header("x-github-event") + ":" + exchange.body};
                           }}},
                     16);
    ASSERT_TRUE(port) << port.error().message;
    httplib::Client client("127.0.0.1", *port);
    const auto response =
        client.Post("/hook", {{"X-GitHub-Event", "push"}}, "payload", "text/plain");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 202);
    EXPECT_EQ(response->body, "push:payload");
    const auto big = client.Post("/hook", std::string(17, 'x'), "text/plain");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);
}

TEST(ScheduleHttpListener, AnAddressInUseIsAnErrorNamingTheFlag) {
    HttpListener first;
    const auto port = first.start({"127.0.0.1", 0}, "--metrics-addr", {});
    ASSERT_TRUE(port);
    HttpListener second;
    const auto clash = second.start({"127.0.0.1", *port}, "--webhook-addr", {});
    ASSERT_FALSE(clash);
    EXPECT_NE(clash.error().message.find("--webhook-addr"), std::string::npos);
}

TEST(ScheduleMetrics, CountsWebhookDeliveriesAndPushToSyncTimes) {
    Metrics metrics;
    metrics.record_delivery("accepted");
    metrics.record_delivery("accepted");
    metrics.record_delivery("rejected");
    metrics.record_delivery("nonsense");
    metrics.record("site", {.ok = true});
    metrics.record_push_to_sync("site", 1.5);
    const auto samples = parse_exposition(metrics.render());
    EXPECT_EQ(samples.at(R"(repo2s3_webhook_deliveries_total{result="accepted"})"), 2);
    EXPECT_EQ(samples.at(R"(repo2s3_webhook_deliveries_total{result="rejected"})"), 1);
    EXPECT_EQ(samples.at(R"(repo2s3_webhook_deliveries_total{result="duplicate"})"), 0);
    EXPECT_EQ(samples.at(R"(repo2s3_push_to_sync_seconds_sum{template="site"})"), 1.5);
    EXPECT_EQ(samples.at(R"(repo2s3_push_to_sync_seconds_count{template="site"})"), 1);
}

TEST(ScheduleMetricsServer, ParsesListenAddresses) {
    const auto v4 = parse_listen_address("127.0.0.1:9100", "--metrics-addr").value();
    EXPECT_EQ(v4.host, "127.0.0.1");
    EXPECT_EQ(v4.port, 9100);
    EXPECT_EQ(parse_listen_address(":9100", "--metrics-addr").value().host, "0.0.0.0");
    EXPECT_EQ(parse_listen_address("[::1]:9100", "--metrics-addr").value().host, "::1");
    for (const char* bad : {"9100", "host:", "host:port", "host:70000", "host:-1"}) {
        const auto parsed = parse_listen_address(bad, "--metrics-addr");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_TRUE(parsed.error().message.starts_with("--metrics-addr: ")) << bad;
    }
}

}  // namespace
}  // namespace repo2s3::schedule
