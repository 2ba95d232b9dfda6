#include <edgemetrics/fmt/timing.hpp>
#include <edgemetrics/json/timing.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace em = edgemetrics;

TEST(TimingJson, SummarySchemaAndRoundTrip) {
  em::summary_options o;
  o.percentiles = {50, 99, 99.9};
  const em::latency_summary s = em::summarize({1, 2, 3, 4, 10}, o);
  const nlohmann::json j = s;
  // Values carry no "schema" of their own: the report envelope carries it (schema 2, docs/json.md).
  EXPECT_FALSE(j.contains("schema"));
  EXPECT_EQ(j["count"], 5);
  EXPECT_EQ(j["min_ms"], 1.0);
  EXPECT_EQ(j["max_ms"], 10.0);
  EXPECT_EQ(j["mean_ms"], 4.0);
  EXPECT_EQ(j["median_ms"], 3.0);
  EXPECT_EQ(j["percentiles_ms"]["99"], 10.0);
  EXPECT_EQ(j["percentiles_ms"]["99.9"], 10.0);
  EXPECT_EQ(j["rule"], "nearest_rank");
  EXPECT_DOUBLE_EQ(j["throughput_per_s"].get<double>(), 5 / 0.020);
  const em::latency_summary back = j.get<em::latency_summary>();
  EXPECT_EQ(nlohmann::json(back), j);
}

TEST(TimingJson, EmptySummaryWritesNull) {
  const nlohmann::json j = em::summarize({});
  EXPECT_TRUE(j["mean_ms"].is_null());
  EXPECT_TRUE(std::isnan(j.get<em::latency_summary>().mean_ms));
}

TEST(TimingJson, VerdictAndComparison) {
  const nlohmann::json v = em::check_budget({10, 20, 30}, {25, 50});
  EXPECT_EQ(v["misses"], 1);
  EXPECT_EQ(v["early_stopping"]["enough"], false);
  const nlohmann::json c = em::compare_runs({10, 10}, {5, 5}, {0, 0.95, 1});
  EXPECT_EQ(c["median_speedup"], 2.0);
  EXPECT_TRUE(c["speedup_ci"][0].is_null());
}

TEST(TimingFmt, TrtexecLikeLine) {
  em::summary_options o;
  o.percentiles = {90, 99};
  const auto s = em::summarize({1, 2, 3, 4}, o);
  EXPECT_EQ(fmt::format("{}", s),
            "min = 1 ms, max = 4 ms, mean = 2.5 ms, median = 2.5 ms, percentile(90%) = 4 ms, percentile(99%) = 4 ms");
  EXPECT_EQ(fmt::format("{}", em::percentile_rule::trtexec), "trtexec");
  EXPECT_EQ(fmt::format("{:>8}", em::latency_class::laggy), "   laggy");
}
