#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference.hpp"

namespace em = edgemetrics;

// The issue's example: N = 1000, p99 under each tool's rule.
TEST(TimingPercentile, IssueExampleN1000) {
  std::vector<double> x(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::trtexec, 99, 1000).lower, 990u);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::floor_n_p, 99, 1000).lower, 990u);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 99, 1000).lower, 989u);
  EXPECT_DOUBLE_EQ(em::percentile_sorted(x, 99, em::percentile_rule::linear), 989.01);
}

TEST(TimingPercentile, NearestRankExactAtBoundaries) {
  // 99.9 % of 1000 is exactly 999: rank 999 (0-based 998), no floating-point rank error.
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 99.9, 1000).lower, 998u);
  // 0.1 * 10 = 1 exactly -> rank 1.
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 10, 10).lower, 0u);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 10.0000001, 10).lower, 1u);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 0, 10).lower, 0u);
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 100, 10).lower, 9u);
  // p*N = 29 exactly for p = 2.9, N = 1000 (double 2.9*1000/100 is 28.999999999999996).
  EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, 2.9, 1000).lower, 28u);
}

TEST(TimingPercentile, EveryRuleMatchesItsToolOnReferenceData) {
  const auto ref = load_reference("percentiles.json");
  for (const auto& set : ref["sets"]) {
    const std::vector<double> data = set["data"].get<std::vector<double>>();
    std::vector<double> sorted = data;
    std::sort(sorted.begin(), sorted.end());
    const std::string name = set["name"];
    EXPECT_EQ(em::median_sorted(sorted), set["median"].get<double>()) << name;
    std::vector<double> ps;
    for (const auto& row : set["rows"]) {
      const double p = row["p"];
      ps.push_back(p);
      const std::size_t n = data.size();
      EXPECT_EQ(em::percentile_index(em::percentile_rule::nearest_rank, p, n).lower,
                row["nearest_rank_index"].get<std::size_t>())
          << name << " p=" << p;
      EXPECT_EQ(em::percentile_index(em::percentile_rule::floor_n_p, p, n).lower,
                row["floor_n_p_index"].get<std::size_t>())
          << name << " p=" << p;
      EXPECT_EQ(em::percentile_index(em::percentile_rule::trtexec, p, n).lower, row["trtexec_index"].get<std::size_t>())
          << name << " p=" << p;
      // numpy: bit-identical.
      EXPECT_EQ(em::percentile_sorted(sorted, p, em::percentile_rule::linear), row["numpy_linear"].get<double>())
          << name << " p=" << p;
    }
    // Selection gives the same values as the sorted path, for every rule.
    for (auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p, em::percentile_rule::trtexec,
                      em::percentile_rule::linear}) {
      std::vector<double> scratch = data;
      const std::vector<double> sel = em::select_percentiles(scratch, ps, rule);
      for (std::size_t i = 0; i < ps.size(); ++i) {
        EXPECT_EQ(sel[i], em::percentile_sorted(sorted, ps[i], rule)) << name << " " << em::to_string(rule);
      }
    }
    std::vector<double> scratch = data;
    EXPECT_EQ(em::select_median(scratch), set["median"].get<double>()) << name;
    // Summary: mean and standard deviations agree with numpy to rounding.
    const em::latency_summary s = em::summarize(data);
    EXPECT_NEAR(s.mean_ms, set["mean"].get<double>(), 1e-12 * std::max(1.0, s.mean_ms)) << name;
    EXPECT_NEAR(s.stddev_population_ms, set["std_population"].get<double>(), 1e-11 * std::max(1.0, s.mean_ms));
    if (!set["std_sample"].is_null()) {
      EXPECT_NEAR(s.stddev_sample_ms, set["std_sample"].get<double>(), 1e-11 * std::max(1.0, s.mean_ms));
    }
  }
}

TEST(TimingPercentile, EvenCountMedianAveragesMiddle) {
  std::vector<double> x{4, 1, 3, 2};
  EXPECT_EQ(em::select_median(x), 2.5);
  const em::latency_summary s = em::summarize({4, 1, 3, 2});
  EXPECT_EQ(s.median_ms, 2.5);
  EXPECT_EQ(s.percentile_ms(50), 2.0);  // nearest-rank p50 is a sample
}

TEST(TimingPercentile, InvalidInput) {
  EXPECT_THROW((void)em::percentile_index(em::percentile_rule::linear, 50, 0), std::invalid_argument);
  EXPECT_THROW((void)em::percentile_index(em::percentile_rule::linear, 100.5, 3), std::invalid_argument);
  EXPECT_THROW((void)em::percentile_index(em::percentile_rule::linear, -1, 3), std::invalid_argument);
  EXPECT_THROW((void)em::percentile_index(em::percentile_rule::linear, std::nan(""), 3), std::invalid_argument);
  EXPECT_THROW((void)em::parse_percentile_rule("median"), std::invalid_argument);
  EXPECT_EQ(em::parse_percentile_rule("trtexec"), em::percentile_rule::trtexec);
  std::vector<double> empty;
  EXPECT_THROW((void)em::select_median(empty), std::invalid_argument);
  EXPECT_THROW((void)em::summarize({1.0, -2.0}), std::invalid_argument);
}

TEST(TimingPercentile, EmptySummaryIsNaN) {
  const em::latency_summary s = em::summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_TRUE(std::isnan(s.mean_ms));
  EXPECT_TRUE(std::isnan(s.percentile_ms(99)));
  EXPECT_EQ(s.throughput_per_s, 0.0);
}

TEST(TimingPercentile, SummaryThroughputFpsTotal) {
  em::summary_options o;
  o.batch_size = 4;
  o.wall_ms = 100;
  const em::latency_summary s = em::summarize({10, 20, 30, 40}, o);
  EXPECT_EQ(s.total_ms, 100);
  EXPECT_EQ(s.mean_ms, 25);
  EXPECT_EQ(s.per_item_mean_ms, 6.25);
  EXPECT_DOUBLE_EQ(s.throughput_per_s, 16 / 0.1);
  EXPECT_DOUBLE_EQ(s.fps, 160);
  EXPECT_DOUBLE_EQ(s.cv, s.stddev_sample_ms / 25);
  o.wall_ms = 0;  // unknown: the total is the window
  EXPECT_DOUBLE_EQ(em::summarize({10, 20, 30, 40}, o).throughput_per_s, 160);
}

// Property: selection equals sorting for random data, sizes and percentile lists.
TEST(TimingPercentile, SelectionEqualsSortProperty) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + rng() % 300;
    std::vector<double> x(n);
    for (auto& v : x) v = static_cast<double>(rng() % 50) / 4.0;  // many ties
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> ps;
    for (int k = 0; k < 6; ++k) ps.push_back(static_cast<double>(rng() % 100001) / 1000.0);
    for (auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p, em::percentile_rule::trtexec,
                      em::percentile_rule::linear}) {
      std::vector<double> scratch = x;
      const auto sel = em::select_percentiles(scratch, ps, rule);
      for (std::size_t i = 0; i < ps.size(); ++i) ASSERT_EQ(sel[i], em::percentile_sorted(sorted, ps[i], rule));
    }
  }
}

// Large inputs take the sample-bracketed single pass; it must agree with sorting exactly,
// including adversarial inputs that force its fallbacks (all equal, sorted, few values).
TEST(TimingPercentile, LargeInputSelectionEqualsSort) {
  std::mt19937_64 rng(9);
  const std::vector<std::vector<double>> ps_lists{{0, 0.1, 1, 25, 50, 90, 95, 99, 99.9, 99.99, 100},
                                                  {10, 20, 30, 40, 50, 60, 70, 80, 90},
                                                  {50, 90, 95, 99, 99.9},
                                                  {99}};
  std::vector<std::vector<double>> inputs;
  std::vector<double> x(200000);
  for (auto& v : x) v = static_cast<double>(rng() % 1000000) / 1000.0;
  inputs.push_back(x);
  std::vector<double> few(150000);
  for (auto& v : few) v = static_cast<double>(rng() % 3);
  inputs.push_back(few);
  inputs.push_back(std::vector<double>(100000, 4.5));
  std::vector<double> sorted_in(120000);
  for (std::size_t i = 0; i < sorted_in.size(); ++i) sorted_in[i] = static_cast<double>(i);
  inputs.push_back(sorted_in);
  for (const auto& in : inputs) {
    std::vector<double> sorted = in;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& ps : ps_lists) {
      for (auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::linear, em::percentile_rule::trtexec}) {
        const em::latency_summary s = em::summarize(in, {ps, rule, 1, 0});
        for (std::size_t i = 0; i < ps.size(); ++i)
          ASSERT_EQ(s.percentiles_ms[i], em::percentile_sorted(sorted, ps[i], rule));
        ASSERT_EQ(s.median_ms, em::median_sorted(sorted));
      }
    }
  }
}

TEST(SelectPercentiles, RejectsNanNegativeAndInfiniteSamplesNamingTheIndex) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {nan, -1.0, inf}) {
    const std::vector<double> x{1.0, 2.0, bad, 4.0, nan};
    try {
      (void)em::select_percentiles(x, {50.0, 99.0});
      FAIL() << "no exception for " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("sample #2"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)em::select_median(x), std::invalid_argument);
  }
  // Large inputs (the bracketed path) are checked too.
  std::vector<double> big(100000, 1.0);
  big[77777] = nan;
  EXPECT_THROW((void)em::select_percentiles(big, {99.0}), std::invalid_argument);
}

TEST(TimingPercentile, PercentileNotAskedForThrowsNamingTheComputedOnes) {
  em::summary_options o;
  o.percentiles = {50, 99.9};
  const em::latency_summary s = em::summarize({1, 2, 3, 4}, o);
  EXPECT_EQ(s.percentile_ms(50), 2.0);
  EXPECT_TRUE(s.has_percentile(99.9));
  EXPECT_FALSE(s.has_percentile(95));
  EXPECT_EQ(s.find_percentile(95), std::nullopt);
  EXPECT_EQ(s.find_percentile(50), std::optional<double>(2.0));
  try {
    (void)s.percentile_ms(95);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "edgemetrics::latency_summary::percentile_ms: p95 was not computed (computed: 50, 99.9); ask for it "
                 "in summary_options::percentiles");
  }
  o.percentiles = {};
  EXPECT_THROW((void)em::summarize({1.0}, o).percentile_ms(50), std::invalid_argument);
  // An empty summary still has the percentiles that were asked for (NaN), not an error.
  EXPECT_TRUE(em::summarize({}).has_percentile(99));
}

TEST(TimingPercentile, SpanInputsReadInPlace) {
  const double raw[] = {5, 1, 4, 2, 3};
  const std::array<double, 5> arr{5, 1, 4, 2, 3};
  const std::vector<double> vec(raw, raw + 5);
  const auto a = em::summarize(em::span<const double>(raw, 5));
  const auto b = em::summarize(arr);
  const auto c = em::summarize(vec);
  const auto d = em::summarize(raw);
  EXPECT_EQ(a.percentiles_ms, c.percentiles_ms);
  EXPECT_EQ(b.percentiles_ms, c.percentiles_ms);
  EXPECT_EQ(d.mean_ms, c.mean_ms);
  EXPECT_EQ(em::select_percentiles(em::span<const double>(raw, 5), {50, 100}), (std::vector<double>{3, 5}));
  EXPECT_EQ(em::select_median(arr), 3.0);
  const double sorted[] = {1, 2, 3, 4, 5};
  EXPECT_EQ(em::percentile_sorted(sorted, 50), 3.0);
  EXPECT_EQ(em::median_sorted(em::span<const double>(sorted, 4)), 2.5);
}
