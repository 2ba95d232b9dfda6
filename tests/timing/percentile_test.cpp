#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/recorder.hpp>
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

// Extreme percentiles (issue #10, defect 1: p = 1e-100 crashed the nearest-rank rule): every rule
// at 0, the smallest denormal, 1e-300, 1e-100, tiny decimals, 100 - 1e-13, the double below 100
// and 100, for counts on both sides of the selection's bracketing threshold (65536). Expected
// values from tests/timing/extreme_percentiles.py (exact rationals, float32 and numpy 1.24).
namespace {
struct extreme_row {
  std::size_t n;
  double p;
  std::size_t nearest_rank, floor_n_p, trtexec, linear;
  double linear_value;
};
// numpy 1.24.2: {n, p, nearest_rank, floor_n_p, trtexec, linear index, linear value}
const extreme_row extreme_rows[] = {
    {1, 0.0, 0, 0, 0, 0, 0.0},
    {1, 5e-324, 0, 0, 0, 0, 0.0},
    {1, 1e-320, 0, 0, 0, 0, 0.0},
    {1, 2.2250738585072014e-308, 0, 0, 0, 0, 0.0},
    {1, 1e-300, 0, 0, 0, 0, 0.0},
    {1, 1e-100, 0, 0, 0, 0, 0.0},
    {1, 1e-45, 0, 0, 0, 0, 0.0},
    {1, 1e-40, 0, 0, 0, 0, 0.0},
    {1, 1e-20, 0, 0, 0, 0, 0.0},
    {1, 1e-15, 0, 0, 0, 0, 0.0},
    {1, 1.2345678901234568e-05, 0, 0, 0, 0, 0.0},
    {1, 0.001, 0, 0, 0, 0, 0.0},
    {1, 1.0, 0, 0, 0, 0, 0.0},
    {1, 50.0, 0, 0, 0, 0, 0.0},
    {1, 99.9, 0, 0, 0, 0, 0.0},
    {1, 99.9999999999999, 0, 0, 0, 0, 0.0},
    {1, 100.0, 0, 0, 0, 0, 0.0},
    {1, 99.99999999999999, 0, 0, 0, 0, 0.0},
    {1, 100.0, 0, 0, 0, 0, 0.0},
    {2, 0.0, 0, 0, 0, 0, 0.0},
    {2, 5e-324, 0, 0, 0, 0, 0.0},
    {2, 1e-320, 0, 0, 0, 0, 6e-323},
    {2, 2.2250738585072014e-308, 0, 0, 0, 0, 1.390671161567e-310},
    {2, 1e-300, 0, 0, 0, 0, 6.249999999999999e-303},
    {2, 1e-100, 0, 0, 0, 0, 6.249999999999999e-103},
    {2, 1e-45, 0, 0, 0, 0, 6.25e-48},
    {2, 1e-40, 0, 0, 0, 0, 6.249999999999999e-43},
    {2, 1e-20, 0, 0, 0, 0, 6.25e-23},
    {2, 1e-15, 0, 0, 0, 0, 6.250000000000001e-18},
    {2, 1.2345678901234568e-05, 0, 0, 0, 0, 7.716049313271606e-08},
    {2, 0.001, 0, 0, 0, 0, 6.25e-06},
    {2, 1.0, 0, 0, 0, 0, 0.00625},
    {2, 50.0, 0, 1, 0, 0, 0.3125},
    {2, 99.9, 1, 1, 1, 0, 0.6243750000000001},
    {2, 99.9999999999999, 1, 1, 1, 0, 0.6249999999999993},
    {2, 100.0, 1, 1, 1, 1, 0.625},
    {2, 99.99999999999999, 1, 1, 1, 0, 0.6249999999999999},
    {2, 100.0, 1, 1, 1, 1, 0.625},
    {3, 0.0, 0, 0, 0, 0, 0.0},
    {3, 5e-324, 0, 0, 0, 0, 0.0},
    {3, 1e-320, 0, 0, 0, 0, 1.24e-322},
    {3, 2.2250738585072014e-308, 0, 0, 0, 0, 2.781342323134e-310},
    {3, 1e-300, 0, 0, 0, 0, 1.2499999999999998e-302},
    {3, 1e-100, 0, 0, 0, 0, 1.2499999999999999e-102},
    {3, 1e-45, 0, 0, 0, 0, 1.25e-47},
    {3, 1e-40, 0, 0, 0, 0, 1.2499999999999998e-42},
    {3, 1e-20, 0, 0, 0, 0, 1.25e-22},
    {3, 1e-15, 0, 0, 0, 0, 1.2500000000000001e-17},
    {3, 1.2345678901234568e-05, 0, 0, 0, 0, 1.5432098626543212e-07},
    {3, 0.001, 0, 0, 0, 0, 1.25e-05},
    {3, 1.0, 0, 0, 0, 0, 0.0125},
    {3, 50.0, 1, 1, 1, 1, 0.625},
    {3, 99.9, 2, 2, 2, 1, 1.2487500000000002},
    {3, 99.9999999999999, 2, 2, 2, 1, 1.2499999999999987},
    {3, 100.0, 2, 2, 2, 2, 1.25},
    {3, 99.99999999999999, 2, 2, 2, 1, 1.2499999999999998},
    {3, 100.0, 2, 2, 2, 2, 1.25},
    {7, 0.0, 0, 0, 0, 0, 0.0},
    {7, 5e-324, 0, 0, 0, 0, 0.0},
    {7, 1e-320, 0, 0, 0, 0, 3.7e-322},
    {7, 2.2250738585072014e-308, 0, 0, 0, 0, 8.34402696940202e-310},
    {7, 1e-300, 0, 0, 0, 0, 3.75e-302},
    {7, 1e-100, 0, 0, 0, 0, 3.75e-102},
    {7, 1e-45, 0, 0, 0, 0, 3.7499999999999994e-47},
    {7, 1e-40, 0, 0, 0, 0, 3.749999999999999e-42},
    {7, 1e-20, 0, 0, 0, 0, 3.75e-22},
    {7, 1e-15, 0, 0, 0, 0, 3.75e-17},
    {7, 1.2345678901234568e-05, 0, 0, 0, 0, 4.629629587962963e-07},
    {7, 0.001, 0, 0, 0, 0, 3.7500000000000003e-05},
    {7, 1.0, 0, 0, 0, 0, 0.0375},
    {7, 50.0, 3, 3, 3, 3, 1.875},
    {7, 99.9, 6, 6, 6, 5, 3.2462500000000003},
    {7, 99.9999999999999, 6, 6, 6, 5, 3.249999999999996},
    {7, 100.0, 6, 6, 6, 6, 3.25},
    {7, 99.99999999999999, 6, 6, 6, 5, 3.2499999999999996},
    {7, 100.0, 6, 6, 6, 6, 3.25},
    {10, 0.0, 0, 0, 0, 0, 0.0},
    {10, 5e-324, 0, 0, 0, 0, 0.0},
    {10, 1e-320, 0, 0, 0, 0, 5.53e-322},
    {10, 2.2250738585072014e-308, 0, 0, 0, 0, 1.251604045410304e-309},
    {10, 1e-300, 0, 0, 0, 0, 5.624999999999999e-302},
    {10, 1e-100, 0, 0, 0, 0, 5.625e-102},
    {10, 1e-45, 0, 0, 0, 0, 5.625e-47},
    {10, 1e-40, 0, 0, 0, 0, 5.6249999999999995e-42},
    {10, 1e-20, 0, 0, 0, 0, 5.625e-22},
    {10, 1e-15, 0, 0, 0, 0, 5.625e-17},
    {10, 1.2345678901234568e-05, 0, 0, 0, 0, 6.944444381944445e-07},
    {10, 0.001, 0, 0, 0, 0, 5.6250000000000005e-05},
    {10, 1.0, 0, 0, 0, 0, 0.056249999999999994},
    {10, 50.0, 4, 5, 4, 4, 2.3125},
    {10, 99.9, 9, 9, 9, 8, 4.619375000000001},
    {10, 99.9999999999999, 9, 9, 9, 8, 4.624999999999995},
    {10, 100.0, 9, 9, 9, 9, 4.625},
    {10, 99.99999999999999, 9, 9, 9, 8, 4.624999999999999},
    {10, 100.0, 9, 9, 9, 9, 4.625},
    {1000, 0.0, 0, 0, 0, 0, 0.0},
    {1000, 5e-324, 0, 0, 0, 0, 0.0},
    {1000, 1e-320, 0, 0, 0, 0, 6.17e-320},
    {1000, 2.2250738585072014e-308, 0, 0, 0, 0, 1.3892804904054351e-307},
    {1000, 1e-300, 0, 0, 0, 0, 6.24375e-300},
    {1000, 1e-100, 0, 0, 0, 0, 6.243749999999999e-100},
    {1000, 1e-45, 0, 0, 0, 0, 6.24375e-45},
    {1000, 1e-40, 0, 0, 0, 0, 6.243749999999999e-40},
    {1000, 1e-20, 0, 0, 0, 0, 6.243749999999999e-20},
    {1000, 1e-15, 0, 0, 0, 0, 6.2437500000000005e-15},
    {1000, 1.2345678901234568e-05, 0, 0, 0, 0, 7.708333263958334e-05},
    {1000, 0.001, 0, 0, 0, 0, 0.00624375},
    {1000, 1.0, 9, 10, 9, 9, 5.24375},
    {1000, 50.0, 499, 500, 499, 499, 249.9375},
    {1000, 99.9, 998, 999, 999, 998, 499.25062500000007},
    {1000, 99.9999999999999, 999, 999, 999, 998, 499.8749999999994},
    {1000, 100.0, 999, 999, 999, 999, 499.875},
    {1000, 99.99999999999999, 999, 999, 999, 998, 499.87499999999994},
    {1000, 100.0, 999, 999, 999, 999, 499.875},
    {65537, 0.0, 0, 0, 0, 0, 0.0},
    {65537, 5e-324, 0, 0, 0, 0, 0.0},
    {65537, 1e-320, 0, 0, 0, 0, 4.047386e-318},
    {65537, 2.2250738585072014e-308, 0, 0, 0, 0, 9.113902524445505e-306},
    {65537, 1e-300, 0, 0, 0, 0, 4.095999999999999e-298},
    {65537, 1e-100, 0, 0, 0, 0, 4.0959999999999996e-98},
    {65537, 1e-45, 0, 0, 0, 0, 4.096e-43},
    {65537, 1e-40, 0, 0, 0, 0, 4.0959999999999995e-38},
    {65537, 1e-20, 0, 0, 0, 0, 4.096e-18},
    {65537, 1e-15, 0, 0, 0, 0, 4.0960000000000004e-13},
    {65537, 1.2345678901234568e-05, 0, 0, 0, 0, 0.00505679007794568},
    {65537, 0.001, 0, 0, 0, 0, 0.4096},
    {65537, 1.0, 655, 655, 655, 655, 327.92},
    {65537, 50.0, 32768, 32768, 32768, 32768, 16384.0},
    {65537, 99.9, 65471, 65471, 65471, 65470, 32735.540000000005},
    {65537, 99.9999999999999, 65536, 65536, 65536, 65535, 32767.999999999993},
    {65537, 100.0, 65536, 65536, 65536, 65536, 32768.0},
    {65537, 99.99999999999999, 65536, 65536, 65536, 65535, 32768.0},
    {65537, 100.0, 65536, 65536, 65536, 65536, 32768.0},
    {100003, 0.0, 0, 0, 0, 0, 0.0},
    {100003, 5e-324, 0, 0, 0, 0, 0.0},
    {100003, 1e-320, 0, 0, 0, 0, 6.175944e-318},
    {100003, 2.2250738585072014e-308, 0, 0, 0, 0, 1.3906989749902333e-305},
    {100003, 1e-300, 0, 0, 0, 0, 6.250125e-298},
    {100003, 1e-100, 0, 0, 0, 0, 6.250125e-98},
    {100003, 1e-45, 0, 0, 0, 0, 6.2501249999999995e-43},
    {100003, 1e-40, 0, 0, 0, 0, 6.250124999999999e-38},
    {100003, 1e-20, 0, 0, 0, 0, 6.250124999999999e-18},
    {100003, 1e-15, 0, 0, 0, 0, 6.250125e-13},
    {100003, 1.2345678901234568e-05, 0, 0, 0, 0, 0.007716203634257871},
    {100003, 0.001, 1, 1, 0, 1, 0.6250125000000001},
    {100003, 1.0, 1000, 1000, 1000, 1000, 500.0125},
    {100003, 50.0, 50001, 50001, 50001, 50001, 25000.625},
    {100003, 99.9, 99902, 99902, 99902, 99901, 49951.248750000006},
    {100003, 99.9999999999999, 100002, 100002, 100002, 100001, 50001.249999999935},
    {100003, 100.0, 100002, 100002, 100002, 100002, 50001.25},
    {100003, 99.99999999999999, 100002, 100002, 100002, 100001, 50001.24999999999},
    {100003, 100.0, 100002, 100002, 100002, 100002, 50001.25},
};
struct extreme_index_row {
  std::size_t n;
  double p;
  std::size_t nearest_rank, floor_n_p, trtexec, linear;
};
// {n, p, nearest_rank, floor_n_p, trtexec, linear index}: counts percentile_index alone sees.
const extreme_index_row extreme_index_rows[] = {
    {16777217u, 0.0, 0u, 0u, 0u, 0u},
    {16777217u, 5e-324, 0u, 0u, 0u, 0u},
    {16777217u, 1e-320, 0u, 0u, 0u, 0u},
    {16777217u, 2.2250738585072014e-308, 0u, 0u, 0u, 0u},
    {16777217u, 1e-300, 0u, 0u, 0u, 0u},
    {16777217u, 1e-100, 0u, 0u, 0u, 0u},
    {16777217u, 1e-45, 0u, 0u, 0u, 0u},
    {16777217u, 1e-40, 0u, 0u, 0u, 0u},
    {16777217u, 1e-20, 0u, 0u, 0u, 0u},
    {16777217u, 1e-15, 0u, 0u, 0u, 0u},
    {16777217u, 1.2345678901234568e-05, 2u, 2u, 2u, 2u},
    {16777217u, 0.001, 167u, 167u, 168u, 167u},
    {16777217u, 1.0, 167772u, 167772u, 167772u, 167772u},
    {16777217u, 50.0, 8388608u, 8388608u, 8388608u, 8388608u},
    {16777217u, 99.9, 16760439u, 16760439u, 16760439u, 16760438u},
    {16777217u, 99.9999999999999, 16777216u, 16777216u, 16777216u, 16777215u},
    {16777217u, 100.0, 16777216u, 16777216u, 16777216u, 16777216u},
    {16777217u, 99.99999999999999, 16777216u, 16777216u, 16777216u, 16777215u},
    {16777217u, 100.0, 16777216u, 16777216u, 16777216u, 16777216u},
    {16777219u, 0.0, 0u, 0u, 0u, 0u},
    {16777219u, 5e-324, 0u, 0u, 0u, 0u},
    {16777219u, 1e-320, 0u, 0u, 0u, 0u},
    {16777219u, 2.2250738585072014e-308, 0u, 0u, 0u, 0u},
    {16777219u, 1e-300, 0u, 0u, 0u, 0u},
    {16777219u, 1e-100, 0u, 0u, 0u, 0u},
    {16777219u, 1e-45, 0u, 0u, 0u, 0u},
    {16777219u, 1e-40, 0u, 0u, 0u, 0u},
    {16777219u, 1e-20, 0u, 0u, 0u, 0u},
    {16777219u, 1e-15, 0u, 0u, 0u, 0u},
    {16777219u, 1.2345678901234568e-05, 2u, 2u, 0u, 2u},
    {16777219u, 0.001, 167u, 167u, 166u, 167u},
    {16777219u, 1.0, 167772u, 167772u, 167770u, 167772u},
    {16777219u, 50.0, 8388609u, 8388609u, 8388608u, 8388609u},
    {16777219u, 99.9, 16760441u, 16760441u, 16760441u, 16760440u},
    {16777219u, 99.9999999999999, 16777218u, 16777218u, 16777218u, 16777217u},
    {16777219u, 100.0, 16777218u, 16777218u, 16777218u, 16777218u},
    {16777219u, 99.99999999999999, 16777218u, 16777218u, 16777218u, 16777217u},
    {16777219u, 100.0, 16777218u, 16777218u, 16777218u, 16777218u},
    {1000000000007u, 0.0, 0u, 0u, 4102u, 0u},
    {1000000000007u, 5e-324, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-320, 0u, 0u, 4102u, 0u},
    {1000000000007u, 2.2250738585072014e-308, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-300, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-100, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-45, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-40, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-20, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1e-15, 0u, 0u, 4102u, 0u},
    {1000000000007u, 1.2345678901234568e-05, 123456u, 123456u, 135174u, 123456u},
    {1000000000007u, 0.001, 10000000u, 10000000u, 10031110u, 10000000u},
    {1000000000007u, 1.0, 10000000000u, 10000000000u, 10000011270u, 10000000000u},
    {1000000000007u, 50.0, 500000000003u, 500000000003u, 500000002054u, 500000000003u},
    {1000000000007u, 99.9, 999000000006u, 999000000006u, 999000012870u, 999000000005u},
    {1000000000007u, 99.9999999999999, 1000000000006u, 1000000000006u, 1000000000006u, 1000000000005u},
    {1000000000007u, 100.0, 1000000000006u, 1000000000006u, 1000000000006u, 1000000000006u},
    {1000000000007u, 99.99999999999999, 1000000000006u, 1000000000006u, 1000000000006u, 1000000000005u},
    {1000000000007u, 100.0, 1000000000006u, 1000000000006u, 1000000000006u, 1000000000006u},
    {9007199254740993u, 0.0, 0u, 0u, 0u, 0u},
    {9007199254740993u, 5e-324, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-320, 0u, 0u, 0u, 0u},
    {9007199254740993u, 2.2250738585072014e-308, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-300, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-100, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-45, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-40, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-20, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1e-15, 0u, 0u, 0u, 0u},
    {9007199254740993u, 1.2345678901234568e-05, 1111999897u, 1111999897u, 1073741824u, 1111999897u},
    {9007199254740993u, 0.001, 90071992547u, 90071992547u, 90194313216u, 90071992547u},
    {9007199254740993u, 1.0, 90071992547409u, 90071992547409u, 90071906648064u, 90071992547409u},
    {9007199254740993u, 50.0, 4503599627370496u, 4503599627370496u, 4503599627370496u, 4503599627370496u},
    {9007199254740993u, 99.9, 8998192055486252u, 8998192055486251u, 8998192171450368u, 8998192055486252u},
    {9007199254740993u, 99.9999999999999, 9007199254740983u, 9007199254740983u, 9007199254740992u, 9007199254740983u},
    {9007199254740993u, 100.0, 9007199254740992u, 9007199254740992u, 9007199254740992u, 9007199254740992u},
    {9007199254740993u, 99.99999999999999, 9007199254740992u, 9007199254740991u, 9007199254740992u, 9007199254740991u},
    {9007199254740993u, 100.0, 9007199254740992u, 9007199254740992u, 9007199254740992u, 9007199254740992u},
    {18446744073709551615u, 0.0, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 5e-324, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-320, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 2.2250738585072014e-308, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-300, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-100, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-45, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-40, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-20, 0u, 0u, 0u, 0u},
    {18446744073709551615u, 1e-15, 184u, 184u, 0u, 184u},
    {18446744073709551615u, 1.2345678901234568e-05, 2277375791072u, 2277375791072u, 2199023255550u, 2277375791072u},
    {18446744073709551615u, 0.001, 184467440737095u, 184467440737095u, 184717953466366u, 184467440737095u},
    {18446744073709551615u, 1.0, 184467440737095516u, 184467440737095520u, 184467264815235070u, 184467440737095520u},
    {18446744073709551615u, 50.0, 9223372036854775807u, 9223372036854775808u, 9223372036854775806u,
     9223372036854775808u},
    {18446744073709551615u, 99.9, 18428297329635842063u, 18428297329635842048u, 18428297567130353662u,
     18428297329635844096u},
    {18446744073709551615u, 99.9999999999999, 18446744073709533168u, 18446744073709533184u, 18446744073709551614u,
     18446744073709533184u},
    {18446744073709551615u, 100.0, 18446744073709551614u, 18446744073709551614u, 18446744073709551614u,
     18446744073709551614u},
    {18446744073709551615u, 99.99999999999999, 18446744073709549770u, 18446744073709549568u, 18446744073709551614u,
     18446744073709549568u},
    {18446744073709551615u, 100.0, 18446744073709551614u, 18446744073709551614u, 18446744073709551614u,
     18446744073709551614u},
};
}  // namespace

TEST(TimingPercentile, ExtremePercentilesMatchTheReferenceForEveryRule) {
  using em::percentile_rule;
  for (const extreme_row& r : extreme_rows) {
    std::vector<double> x(r.n);
    for (std::size_t i = 0; i < r.n; ++i) x[i] = 0.5 * static_cast<double>(i) + 0.125 * static_cast<double>(i % 4);
    const std::string where = "n=" + std::to_string(r.n) + " p=" + em::detail::percent_text(r.p);
    EXPECT_EQ(em::percentile_index(percentile_rule::nearest_rank, r.p, r.n).lower, r.nearest_rank) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::floor_n_p, r.p, r.n).lower, r.floor_n_p) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::trtexec, r.p, r.n).lower, r.trtexec) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::linear, r.p, r.n).lower, r.linear) << where;
    EXPECT_EQ(em::percentile_sorted(x, r.p, percentile_rule::linear), r.linear_value) << where;
    // The selection paths (a copy below 65536 samples, the bracketing pass above; a reversed
    // order so that selection has work to do) give the sorted values.
    std::vector<double> reversed(x.rbegin(), x.rend());
    const double ps[] = {r.p};
    EXPECT_EQ(em::select_percentiles(reversed, ps, percentile_rule::nearest_rank).front(), x[r.nearest_rank]) << where;
    EXPECT_EQ(em::select_percentiles(reversed, ps, percentile_rule::floor_n_p).front(), x[r.floor_n_p]) << where;
    EXPECT_EQ(em::select_percentiles(reversed, ps, percentile_rule::trtexec).front(), x[r.trtexec]) << where;
    EXPECT_EQ(em::select_percentiles(reversed, ps, percentile_rule::linear).front(), r.linear_value) << where;
    // The summary (in-place selection) under every rule.
    for (const percentile_rule rule : {percentile_rule::nearest_rank, percentile_rule::floor_n_p,
                                       percentile_rule::trtexec, percentile_rule::linear}) {
      em::summary_options o;
      o.percentiles = {r.p};
      o.rule = rule;
      const em::latency_summary s = em::summarize(reversed, o);
      EXPECT_EQ(s.percentiles_ms.front(), em::percentile_sorted(x, r.p, rule)) << where << " " << em::to_string(rule);
    }
  }
  for (const extreme_index_row& r : extreme_index_rows) {
    const std::string where = "n=" + std::to_string(r.n) + " p=" + em::detail::percent_text(r.p);
    EXPECT_EQ(em::percentile_index(percentile_rule::nearest_rank, r.p, r.n).lower, r.nearest_rank) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::floor_n_p, r.p, r.n).lower, r.floor_n_p) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::trtexec, r.p, r.n).lower, r.trtexec) << where;
    EXPECT_EQ(em::percentile_index(percentile_rule::linear, r.p, r.n).lower, r.linear) << where;
  }
}

TEST(TimingPercentile, TinyPositivePercentileIsTheMinimum) {
  const std::vector<double> x{3.0, 1.0, 2.0};
  const double tiny[] = {std::numeric_limits<double>::denorm_min(),
                         std::nextafter(0.0, 1.0),
                         std::numeric_limits<double>::min(),
                         1e-300,
                         1e-100,
                         1e-20};
  for (const double p : tiny) {
    for (const auto rule :
         {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p, em::percentile_rule::trtexec}) {
      const double ps[] = {p};
      EXPECT_EQ(em::select_percentiles(x, ps, rule).front(), 1.0) << p << " " << em::to_string(rule);
    }
  }
  // p/100 correctly rounded from p's decimal form, with underflow to 0 below the smallest denormal.
  EXPECT_EQ(em::detail::percent_to_fraction(1e-100), 1e-102);
  EXPECT_EQ(em::detail::percent_to_fraction(1e-300), 1e-302);
  EXPECT_EQ(em::detail::percent_to_fraction(5e-324), 0.0);
  EXPECT_EQ(em::detail::percent_to_fraction(99.9), 0.999);
  EXPECT_EQ(em::detail::percent_to_fraction(100), 1.0);
  EXPECT_EQ(em::detail::percent_text(1e-100), "1e-100");
  EXPECT_EQ(em::detail::percent_text(5e-324), "5e-324");
  EXPECT_EQ(em::detail::percent_text(std::nextafter(100.0, 0.0)), "99.99999999999999");
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

// The recorders read the same ranks: a tiny positive percentile is the minimum there too (the
// bounded recorder's histogram path and the exact recorder), under every rule.
TEST(TimingPercentile, RecordersTinyPercentileIsTheMinimum) {
  for (auto rec : {em::latency_recorder(), em::latency_recorder::bounded()}) {
    for (const std::int64_t ns : {5'000'000, 3'000'000, 9'000'000, 4'000'000}) rec.record_ns(ns);
    for (const auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p,
                            em::percentile_rule::trtexec, em::percentile_rule::linear}) {
      em::summary_options o;
      o.percentiles = {1e-100, 5e-324, 0, 100};
      o.rule = rule;
      const em::latency_summary s = rec.summary(o);
      // The rank-0 value: the minimum (exact), or its bucket's stand-in (bounded, within 10^-3).
      EXPECT_EQ(s.percentiles_ms[0], s.percentiles_ms[2]) << em::to_string(rule);
      EXPECT_EQ(s.percentiles_ms[1], s.percentiles_ms[2]) << em::to_string(rule);
      EXPECT_NEAR(s.percentiles_ms[0], s.min_ms, 1e-3 * s.min_ms) << em::to_string(rule);
      if (!s.bounded) {
        EXPECT_EQ(s.percentiles_ms[0], s.min_ms) << em::to_string(rule);
      }
      EXPECT_EQ(s.percentiles_ms[3], s.max_ms) << em::to_string(rule);
    }
  }
}
