#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/verdict.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference.hpp"

namespace em = edgemetrics;

TEST(TimingVerdict, EarlyStoppingMinimumCountsMatchLoadGen) {
  EXPECT_EQ(em::early_stopping_min_queries(90), 64u);
  EXPECT_EQ(em::early_stopping_min_queries(99), 662u);
  EXPECT_GT(em::early_stopping_min_queries(99.9), 6000u);
  EXPECT_THROW((void)em::early_stopping_min_queries(100), std::invalid_argument);
  EXPECT_THROW((void)em::early_stopping_min_queries(90, 1.0), std::invalid_argument);
}

TEST(TimingVerdict, EarlyStoppingEstimateMatchesLoadGenPort) {
  const auto ref = load_reference("early_stopping.json");
  for (const auto& c : ref["cases"]) {
    const std::vector<double> data = c["data"].get<std::vector<double>>();
    const double p = c["percentile"];
    const auto e = em::estimate_early_stopping(data, p);
    EXPECT_EQ(e.enough, c["enough"].get<bool>()) << data.size() << " p" << p;
    EXPECT_EQ(e.min_queries, c["min_queries"].get<std::uint64_t>());
    if (e.enough) {
      EXPECT_EQ(e.discarded, c["discarded"].get<std::uint64_t>()) << data.size() << " p" << p;
      EXPECT_EQ(e.estimate_ms, c["estimate"].get<double>()) << data.size() << " p" << p;
    } else {
      EXPECT_TRUE(std::isnan(e.estimate_ms));
    }
  }
}

TEST(TimingVerdict, BudgetCheck) {
  std::vector<double> x;
  for (int i = 1; i <= 1000; ++i) x.push_back(i <= 985 ? 50.0 : 150.0);  // 15 misses
  em::budget_options o;
  o.budget_ms = 100;
  o.percentile = 99;
  const auto v = em::check_budget(x, o);
  EXPECT_EQ(v.misses, 15u);
  EXPECT_DOUBLE_EQ(v.miss_rate, 0.015);
  EXPECT_EQ(v.percentile_ms, 150.0);
  EXPECT_FALSE(v.met);
  EXPECT_FALSE(v.met_with_confidence);
  o.percentile = 98;
  const auto w = em::check_budget(x, o);
  EXPECT_TRUE(w.met);
  // 15 misses of 1000 at p98 (q = 0.02, expected 20): not enough evidence at 99 %.
  EXPECT_FALSE(w.met_with_confidence);
  o.percentile = 95;
  EXPECT_TRUE(em::check_budget(x, o).met_with_confidence);
  // Exactly at the budget is met (<=), and not a miss (>).
  const auto b = em::check_budget({100.0, 100.0}, {100.0, 50.0});
  EXPECT_TRUE(b.met);
  EXPECT_EQ(b.misses, 0u);
  EXPECT_THROW((void)em::check_budget({}, o), std::invalid_argument);
  EXPECT_THROW((void)em::check_budget({1.0}, {0.0, 99}), std::invalid_argument);
}

TEST(TimingVerdict, ServerStylePassMatchesBinomial) {
  // LoadGen server: n >= h(t) + t. With t = 0 that is 0.99^n < 0.01 -> n >= 459 for p99.
  EXPECT_FALSE(em::early_stopping_passes(458, 0, 99));
  EXPECT_TRUE(em::early_stopping_passes(459, 0, 99));
}

TEST(TimingVerdict, GuideValues) {
  EXPECT_EQ(em::classify_latency(99.9), em::latency_class::real_time);
  EXPECT_EQ(em::classify_latency(100.0), em::latency_class::acceptable);
  EXPECT_EQ(em::classify_latency(500.0), em::latency_class::acceptable);
  EXPECT_EQ(em::classify_latency(500.1), em::latency_class::laggy);
  EXPECT_EQ(em::to_string(em::latency_class::laggy), "laggy");
}

TEST(TimingCompare, MannWhitneyMatchesScipy) {
  const auto ref = load_reference("mannwhitney.json");
  for (const auto& c : ref["mann_whitney"]) {
    const auto a = c["a"].get<std::vector<double>>();
    const auto b = c["b"].get<std::vector<double>>();
    const auto r = em::mann_whitney_u(a, b);
    const std::string name = c["name"];
    EXPECT_EQ(r.u_baseline, c["u"].get<double>()) << name;
    const double p = c["p"];
    EXPECT_NEAR(r.p_value, p, 1e-12 + 1e-9 * p) << name;
  }
}

TEST(TimingCompare, SpearmanMatchesScipy) {
  const auto ref = load_reference("mannwhitney.json");
  for (const auto& c : ref["spearman"]) {
    const auto rho = em::spearman(c["x"].get<std::vector<double>>(), c["y"].get<std::vector<double>>());
    EXPECT_NEAR(rho, c["rho"].get<double>(), 1e-12) << c["name"].get<std::string>();
  }
  EXPECT_TRUE(std::isnan(em::spearman({1, 1, 1}, {1, 2, 3})));
  EXPECT_THROW((void)em::spearman({1}, {2}), std::invalid_argument);
}

TEST(TimingCompare, SpeedupImprovementAndDeterministicBootstrap) {
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> base(std::log(20.0), 0.1), cand(std::log(16.0), 0.1);
  std::vector<double> a(500), b(400);
  for (auto& x : a) x = base(rng);
  for (auto& x : b) x = cand(rng);
  const auto c = em::compare_runs(a, b);
  EXPECT_NEAR(c.median_speedup, 1.25, 0.03);
  EXPECT_DOUBLE_EQ(c.mean_speedup, c.baseline_mean_ms / c.candidate_mean_ms);
  EXPECT_DOUBLE_EQ(c.improvement_percent, 100.0 * (1.0 - 1.0 / c.mean_speedup));
  EXPECT_LT(c.speedup_ci_low, c.median_speedup);
  EXPECT_GT(c.speedup_ci_high, c.median_speedup);
  EXPECT_LT(c.mann_whitney.p_value, 1e-10);
  const auto d = em::compare_runs(a, b);  // same seed -> identical interval
  EXPECT_EQ(c.speedup_ci_low, d.speedup_ci_low);
  EXPECT_EQ(c.speedup_ci_high, d.speedup_ci_high);
  em::compare_options o;
  o.seed = 99;
  EXPECT_NE(em::compare_runs(a, b, o).speedup_ci_low, c.speedup_ci_low);
  EXPECT_THROW((void)em::compare_runs({}, b), std::invalid_argument);
}

TEST(TimingCompare, ExactImprovementFormula) {
  const auto c = em::compare_runs({10, 10, 10}, {8, 8, 8}, {0, 0.95, 1});
  EXPECT_DOUBLE_EQ(c.mean_speedup, 1.25);
  EXPECT_DOUBLE_EQ(c.median_speedup, 1.25);
  EXPECT_DOUBLE_EQ(c.improvement_percent, 20.0);
  EXPECT_TRUE(std::isnan(c.speedup_ci_low));
}

TEST(TimingCompare, AggregateOverModels) {
  const std::vector<em::model_result> m{{10, 8, 1.0}, {20, 10, 4.0}, {30, 27, 0.5}};
  const auto a = em::aggregate_models(m);
  EXPECT_EQ(a.models, 3u);
  EXPECT_DOUBLE_EQ(a.mean_improvement_percent, (20.0 + 50.0 + 10.0) / 3);
  EXPECT_NEAR(a.geometric_mean_speedup, std::cbrt(1.25 * 2.0 * (30.0 / 27.0)), 1e-14);
  EXPECT_DOUBLE_EQ(a.spearman_speedup_covariate, 1.0);
  EXPECT_THROW((void)em::aggregate_models({}), std::invalid_argument);
  EXPECT_THROW((void)em::aggregate_models({{0, 1, 1}}), std::invalid_argument);
}

TEST(TimingVerdict, EarlyStoppingScalesToMillions) {
  // One O(t) walk: p90 of 2 M samples discards ~200 k values; this must stay fast.
  std::vector<double> x(2'000'000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i % 1000);
  const auto e = em::estimate_early_stopping(x, 90);
  EXPECT_TRUE(e.enough);
  EXPECT_GT(e.discarded, 190'000u);
  EXPECT_LT(e.discarded, 200'000u);
  EXPECT_EQ(em::binomial_cdf(10, 10, 0.5), 1.0);
  EXPECT_NEAR(em::binomial_cdf(10, 3, 0.5), 176.0 / 1024.0, 1e-15);
}

TEST(TimingCompare, RejectsZeroLatencies) {
  const std::vector<double> ok{10.0, 11.0, 12.0};
  const std::vector<double> zero{5.0, 0.0, 6.0};
  try {
    (void)em::compare_runs(ok, zero);
    FAIL() << "zero candidate latency accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("candidate latency #1 must be > 0"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)em::compare_runs(zero, ok), std::invalid_argument);
}

TEST(TimingCompare, CapsBootstrapResamples) {
  const std::vector<double> a{10.0, 11.0, 12.0}, b{8.0, 9.0, 10.0};
  em::compare_options o;
  o.resamples = em::max_bootstrap_resamples + 1;
  try {
    (void)em::compare_runs(a, b, o);
    FAIL() << "too many resamples accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("resamples must be <= 1000000"), std::string::npos) << e.what();
  }
  o.resamples = static_cast<std::size_t>(-1);
  EXPECT_THROW((void)em::compare_runs(a, b, o), std::invalid_argument);
}

namespace {

void expect_same_verdict(const em::budget_verdict& a, const em::budget_verdict& b) {
  EXPECT_EQ(a.budget_ms, b.budget_ms);
  EXPECT_EQ(a.percentile, b.percentile);
  EXPECT_EQ(a.percentile_ms, b.percentile_ms);
  EXPECT_EQ(a.met, b.met);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.misses, b.misses);
  EXPECT_EQ(a.miss_rate, b.miss_rate);
  ASSERT_EQ(a.early_stopping.has_value(), b.early_stopping.has_value());
  if (a.early_stopping) {
    EXPECT_EQ(a.early_stopping->enough, b.early_stopping->enough);
    EXPECT_EQ(a.early_stopping->min_queries, b.early_stopping->min_queries);
    EXPECT_EQ(a.early_stopping->discarded, b.early_stopping->discarded);
    if (a.early_stopping->enough) {
      EXPECT_EQ(a.early_stopping->estimate_ms, b.early_stopping->estimate_ms);
    }
  }
  EXPECT_EQ(a.met_with_confidence, b.met_with_confidence);
}

std::vector<std::int64_t> lognormal_ns(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> d(std::log(5e6), 0.3);  // around 5 ms
  std::vector<std::int64_t> v(n);
  for (auto& x : v) x = static_cast<std::int64_t>(d(rng));
  return v;
}

}  // namespace

TEST(TimingVerdict, BudgetFromExactRecorderIsBitIdenticalToMilliseconds) {
  const auto ns = lognormal_ns(5000, 7);
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_count(10));
  for (const std::int64_t v : ns) r.record_ns(v);
  std::vector<double> ms;  // what a caller would do by hand: ns / 1e6 as a double
  for (std::size_t i = 10; i < ns.size(); ++i) ms.push_back(static_cast<double>(ns[i]) / 1e6);
  for (const double p : {0.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    for (const em::percentile_rule rule : {em::percentile_rule::nearest_rank, em::percentile_rule::linear,
                                           em::percentile_rule::trtexec, em::percentile_rule::floor_n_p}) {
      em::budget_options o;
      o.budget_ms = 6.0;
      o.percentile = p;
      o.rule = rule;
      expect_same_verdict(em::check_budget(r, o), em::check_budget(ms, o));
    }
  }
  EXPECT_EQ(em::ns_to_ms(1'234'567), 1.234567);
}

TEST(TimingVerdict, BudgetFromBoundedRecorderWithinItsPrecision) {
  const auto ns = lognormal_ns(20000, 11);
  em::latency_recorder exact;
  em::latency_recorder bounded = em::latency_recorder::bounded({3, 3'600'000'000'000});
  std::vector<double> ms;
  for (const std::int64_t v : ns) {
    exact.record_ns(v);
    bounded.record_ns(v);
    ms.push_back(em::ns_to_ms(static_cast<std::uint64_t>(v)));
  }
  const em::log_linear_histogram& h = *bounded.histogram();
  for (const double budget : {4.0, 5.0, 6.5, 9.0, 50.0}) {
    for (const double p : {50.0, 90.0, 99.0}) {
      em::budget_options o;
      o.budget_ms = budget;
      o.percentile = p;
      const em::budget_verdict e = em::check_budget(exact, o);
      const em::budget_verdict b = em::check_budget(bounded, o);
      EXPECT_EQ(b.count, e.count);
      // Misses are counted from the histogram, conservatively: never fewer than the exact
      // count, and at most the values of the one bucket that holds the budget more.
      const auto budget_ns = static_cast<std::uint64_t>(budget * 1e6);
      std::size_t in_budget_bucket = 0;
      for (const std::int64_t v : ns) {
        const auto u = static_cast<std::uint64_t>(v);
        in_budget_bucket += h.lowest_equivalent(u) == h.lowest_equivalent(budget_ns) ? 1u : 0u;
      }
      EXPECT_GE(b.misses, e.misses);
      EXPECT_LE(b.misses, e.misses + in_budget_bucket);
      // The percentile is the bounded summary's, within the stated relative precision.
      em::summary_options so;
      so.percentiles = {p};
      EXPECT_EQ(b.percentile_ms, bounded.summary(so).percentile_ms(p));
      EXPECT_NEAR(b.percentile_ms, e.percentile_ms, e.percentile_ms * 1e-3);
      // Early stopping: the ranks are exact, the order statistic comes from the histogram.
      ASSERT_TRUE(b.early_stopping && e.early_stopping);
      EXPECT_EQ(b.early_stopping->enough, e.early_stopping->enough);
      EXPECT_EQ(b.early_stopping->discarded, e.early_stopping->discarded);
      EXPECT_EQ(b.early_stopping->min_queries, e.early_stopping->min_queries);
      EXPECT_NEAR(b.early_stopping->estimate_ms, e.early_stopping->estimate_ms, e.early_stopping->estimate_ms * 1e-3);
    }
  }
}

TEST(TimingVerdict, BudgetFromBoundedRecorderExactBelowTheExactRange) {
  // Values below 2 * 10^d ns are exact in the histogram: so is the verdict.
  em::latency_recorder b = em::latency_recorder::bounded({3, 1'000'000});
  std::vector<double> ms;
  for (std::int64_t v = 1; v <= 1000; ++v) {
    b.record_ns(v);
    ms.push_back(em::ns_to_ms(static_cast<std::uint64_t>(v)));
  }
  em::budget_options o;
  o.budget_ms = 0.0009;  // 900 ns
  o.percentile = 95;
  expect_same_verdict(em::check_budget(b, o), em::check_budget(ms, o));
  EXPECT_EQ(em::check_budget(b, o).misses, 100u);
}

TEST(TimingVerdict, BudgetFromAnEmptyRecorderThrows) {
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_count(5));
  r.record_ns(1);
  try {
    (void)em::check_budget(r, em::budget_options{});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "budget check of an empty recorder (1 samples excluded as warm-up)");
  }
  em::latency_recorder b = em::latency_recorder::bounded();
  EXPECT_THROW((void)em::check_budget(b, em::budget_options{}), std::invalid_argument);
  b.record_ns(5);
  EXPECT_THROW((void)em::check_budget(b, {0.0, 99}), std::invalid_argument);
}

TEST(TimingVerdict, BudgetAndEarlyStoppingRejectNanAndNegativeLatencies) {
  const double nan = std::nan("");
  try {
    (void)em::check_budget({1.0, nan, 2.0}, em::budget_options{});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("check_budget: latency #1 is nan", 0), 0u) << e.what();
  }
  EXPECT_THROW((void)em::check_budget({1.0, -2.0}, em::budget_options{}), std::invalid_argument);
  EXPECT_THROW((void)em::estimate_early_stopping({1.0, nan}, 90), std::invalid_argument);
}

// Issue #10, defect 1's neighbours: budget checks at extreme percentiles. A tiny positive
// percentile is the minimum; early stopping is not applicable where 1 - p/100 rounds to 1 or 0;
// a percentile near 100 needs many queries but min_queries is still found (no endless scan).
TEST(TimingVerdict, ExtremeBudgetPercentiles) {
  const std::vector<double> x{5.0, 1.0, 3.0, 2.0, 4.0};
  for (const double p : {std::numeric_limits<double>::denorm_min(), 1e-300, 1e-100, 1e-20}) {
    em::budget_options o;
    o.budget_ms = 1.5;
    o.percentile = p;
    for (const auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p,
                            em::percentile_rule::trtexec, em::percentile_rule::linear}) {
      o.rule = rule;
      const em::budget_verdict v = em::check_budget(x, o);
      EXPECT_EQ(v.percentile_ms, 1.0) << p;
      EXPECT_TRUE(v.met) << p;
    }
  }
  em::budget_options o;
  o.budget_ms = 1.5;
  o.percentile = 1e-300;
  EXPECT_FALSE(em::check_budget(x, o).early_stopping.has_value());
  // The double below 100: 1 - p/100 is 1.1e-16, so early stopping needs about 4e16 queries.
  o.percentile = std::nextafter(100.0, 0.0);
  const em::budget_verdict near100 = em::check_budget(x, o);
  EXPECT_EQ(near100.percentile_ms, 5.0);
  ASSERT_TRUE(near100.early_stopping.has_value());
  EXPECT_FALSE(near100.early_stopping->enough);
  EXPECT_GT(near100.early_stopping->min_queries, 10000000000000000u);
  o.percentile = 1e-10;  // 1 - 1e-12 < 1: applicable
  EXPECT_TRUE(em::check_budget(x, o).early_stopping.has_value());
  EXPECT_THROW((void)em::early_stopping_min_queries(1e-300), std::invalid_argument);
}

TEST(TimingVerdict, EarlyStoppingMinQueriesNearP100IsTheSmallestPassingCount) {
  // The documented values, and the smallest passing n found by a plain scan (LoadGen's loop).
  EXPECT_EQ(em::early_stopping_min_queries(90), 64u);
  EXPECT_EQ(em::early_stopping_min_queries(99), 662u);
  const auto scan = [](double p) {
    const double q = 1.0 - em::detail::percent_to_fraction(p);
    std::uint64_t n = 2;
    while (!(em::binomial_cdf(n, 1, q) < 0.01)) ++n;
    return n;
  };
  for (const double p : {99.99, 99.999, 99.9999}) EXPECT_EQ(em::early_stopping_min_queries(p), scan(p)) << p;
  // 1 - p/100 = 1e-10: about 6.6e10 queries; found by bisection in microseconds.
  const std::uint64_t n = em::early_stopping_min_queries(99.99999999);
  const double q = 1.0 - em::detail::percent_to_fraction(99.99999999);
  EXPECT_LT(em::binomial_cdf(n, 1, q), 0.01);
  EXPECT_GE(em::binomial_cdf(n - 1, 1, q), 0.01);
  EXPECT_GT(n, 60000000000u);
  EXPECT_LT(n, 70000000000u);
}
