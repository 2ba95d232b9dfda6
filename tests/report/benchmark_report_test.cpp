// make_benchmark_report: every rule on small hand-made runs (docs/conventions.md, "Benchmark
// report"). Expected values are computed by hand in the comments.
#include "report_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace edgemetrics;
using namespace report_test;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// A hardware part with a ready summary: mean power and (inferences > 0) energy per inference.
benchmark_run with_energy(benchmark_run run, double mean_power_mw, double energy_per_inference_j,
                          std::uint64_t inferences = 1) {
  tegrastats_report t;
  energy_result e;
  e.inferences = inferences;
  e.total.mean_power_mw = mean_power_mw;
  e.total.energy_per_inference_j = inferences > 0 ? energy_per_inference_j : not_a_number;
  t.summary.energy = e;
  run.hardware = hardware_part{t, "", {}, {}};
  return run;
}

benchmark_run with_detection(benchmark_run run, double map07, double map10 = not_a_number,
                             voc_metric metric = voc_metric::both) {
  run.set_detection(voc_of(map07, map10, metric));
  return run;
}

benchmark_report_options fast() {
  benchmark_report_options o;
  o.compare.resamples = 200;
  return o;
}

}  // namespace

// ---- rows ----

TEST(BenchmarkReport, RowFromEveryPart) {
  benchmark_run a = named("a", {});
  a = with_detection(a, 0.70, 0.72);
  a = with_latency(a, {10, 20, 30, 40});
  // Power 1000, 2000, 3000 mW at 0, 1, 2 s: 1.5 J + 2.5 J = 4 J over 2 s (2000 mW); 4 inferences: 1 J each.
  a = with_hardware(a, {sample(0, 1000, 100, 10, 40), sample(1, 2000, 300, 10, 42), sample(2, 3000, 200, 15, 45)}, 4);
  const benchmark_report r = make_benchmark_report({a});
  ASSERT_EQ(r.rows.size(), 1u);
  const report_row& row = r.rows[0];
  EXPECT_EQ(row.run, "a");
  EXPECT_EQ(row.source, accuracy_source::voc07);
  EXPECT_EQ(row.accuracy, 0.70);
  EXPECT_EQ(row.map_voc07, 0.70);
  EXPECT_EQ(row.map_voc10, 0.72);
  EXPECT_EQ(row.median_ms, 25.0);         // mean of 20 and 30
  EXPECT_EQ(row.p99_ms, 40.0);            // nearest rank: x[ceil(3.96) - 1]
  EXPECT_EQ(row.fps, 40.0);               // 1000 / 25
  EXPECT_EQ(row.throughput_per_s, 40.0);  // 4 / 0.1 s
  EXPECT_EQ(row.total_s, 0.1);
  EXPECT_EQ(row.mean_power_mw, 2000.0);
  EXPECT_EQ(row.energy_per_inference_j, 1.0);
  EXPECT_EQ(row.temperature_change_c, 5.0);  // GPU: 45 - 40 (CPU is not followed)
  EXPECT_EQ(row.swap_change_mb, 5.0);
  EXPECT_EQ(row.peak_ram_mb, 300.0);
}

TEST(BenchmarkReport, MissingPartsAreBlanks) {
  const benchmark_report r = make_benchmark_report({named("empty", {})});
  const report_row& row = r.rows.at(0);
  EXPECT_EQ(row.source, accuracy_source::none);
  EXPECT_FALSE(row.accuracy || row.map_voc07 || row.map_voc10 || row.median_ms || row.p99_ms || row.fps ||
               row.throughput_per_s || row.total_s || row.mean_power_mw || row.energy_per_inference_j ||
               row.temperature_change_c || row.swap_change_mb || row.peak_ram_mb);
  EXPECT_TRUE(r.comparisons.empty());
  EXPECT_TRUE(r.groups.empty());
  EXPECT_TRUE(r.pareto.empty() && r.pareto_accuracy_latency.empty() && r.pareto_accuracy_energy.empty());
  ASSERT_EQ(r.verdicts.size(), 1u);
  EXPECT_EQ(r.verdicts[0].latency, verdict_status::unknown);
  EXPECT_EQ(r.verdicts[0].accuracy, verdict_status::unknown);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::unknown);
  EXPECT_EQ(r.verdicts[0].overall, verdict_status::unknown);
}

TEST(BenchmarkReport, PrimaryAccuracyRule) {
  // Classification wins over detection.
  benchmark_run c = named("c", {});
  c.set_classification(classification_of(90, 5, 5));  // 95 of 100
  c = with_detection(c, 0.5, 0.6);
  // VOC10 when the report does not show VOC07.
  const benchmark_run d = with_detection(named("d", {}), 0.5, 0.6, voc_metric::voc10);
  // VOC07 shown but NaN: a blank, still from voc07.
  const benchmark_run e = with_detection(named("e", {}), not_a_number, 0.6);
  const benchmark_report r = make_benchmark_report({c, d, e});
  EXPECT_EQ(r.rows[0].source, accuracy_source::classification);
  EXPECT_EQ(r.rows[0].accuracy, 0.95);
  EXPECT_EQ(r.rows[0].map_voc07, 0.5);
  EXPECT_EQ(r.rows[1].source, accuracy_source::voc10);
  EXPECT_EQ(r.rows[1].accuracy, 0.6);
  EXPECT_FALSE(r.rows[1].map_voc07);
  EXPECT_EQ(r.rows[2].source, accuracy_source::voc07);
  EXPECT_FALSE(r.rows[2].accuracy);
  EXPECT_EQ(r.rows[2].map_voc10, 0.6);
}

TEST(BenchmarkReport, PowerWithoutEnergyOrInferences) {
  // One sample with power: no energy, so the mean of the samples' board totals.
  const benchmark_run one = with_hardware(named("one", {}), {sample(0, 1500, 100, 0, 40)}, 10);
  // Energy but no inferences given: mean power, no energy per inference.
  const benchmark_run no_inf =
      with_hardware(named("no_inf", {}), {sample(0, 1000, 100, 0, 40), sample(2, 3000, 100, 0, 40)}, 0);
  const benchmark_report r = make_benchmark_report({one, no_inf});
  EXPECT_EQ(r.rows[0].mean_power_mw, 1500.0);
  EXPECT_FALSE(r.rows[0].energy_per_inference_j);
  EXPECT_EQ(r.rows[0].temperature_change_c, 0.0);
  EXPECT_EQ(r.rows[1].mean_power_mw, 2000.0);
  EXPECT_FALSE(r.rows[1].energy_per_inference_j);
}

TEST(BenchmarkReport, P99BlankWhenTheSummaryLacksIt) {
  benchmark_run a = named("a", {});
  latency_report_options o;
  o.percentiles = {50, 90};
  latency_trace trace;
  trace.stages.push_back({"inference_ms", {1, 2, 3}});
  a.set_latency(make_latency_report(trace, o));
  const benchmark_report r = make_benchmark_report({a});
  EXPECT_EQ(r.rows[0].median_ms, 2.0);
  EXPECT_FALSE(r.rows[0].p99_ms);
}

// ---- names and options ----

TEST(BenchmarkReport, RejectsEmptyAndDuplicateNames) {
  EXPECT_THROW((void)make_benchmark_report({named("", {})}), std::invalid_argument);
  try {
    (void)make_benchmark_report({named("a", {}), named("b", {}), named("a", {})});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "edgemetrics::make_benchmark_report: runs #0 and #2 have the same name 'a'");
  }
  EXPECT_NO_THROW((void)make_benchmark_report({}));
}

TEST(BenchmarkReport, RejectsBadOptions) {
  const auto bad = [](auto change) {
    benchmark_report_options o;
    change(o);
    EXPECT_THROW((void)make_benchmark_report({named("a", {})}, o), std::invalid_argument);
  };
  bad([](benchmark_report_options& o) { o.budgets.latency_ms = 0; });
  bad([](benchmark_report_options& o) { o.budgets.latency_percentile = 101; });
  bad([](benchmark_report_options& o) { o.budgets.min_accuracy = 1.5; });
  bad([](benchmark_report_options& o) { o.budgets.max_power_mw = -1; });
  bad([](benchmark_report_options& o) { o.budgets.max_energy_per_inference_j = not_a_number; });
  bad([](benchmark_report_options& o) { o.significance = 0; });
  bad([](benchmark_report_options& o) { o.compare.confidence = 1; });
}

TEST(BenchmarkReport, NotesArePrefixedWithTheRunName) {
  benchmark_run a = named("a", {});
  a.notes = {"no latency file in runs/a", "no tegrastats.log in runs/a"};
  benchmark_run b = named("b", {});
  b.notes = {"labels.csv: 3 rows skipped"};
  const benchmark_report r = make_benchmark_report({a, b});
  EXPECT_EQ(r.notes, (std::vector<std::string>{"a: no latency file in runs/a", "a: no tegrastats.log in runs/a",
                                               "b: labels.csv: 3 rows skipped"}));
}

// ---- comparisons and groups: FP32 / FP16 x two models ----

namespace {
std::vector<benchmark_run> two_models_two_precisions() {
  // Summaries only (no samples): medians and means 20 -> 10 (A) and 40 -> 32 (B).
  benchmark_run a32 = with_latency(named("A fp32", {{"model", "A"}, {"precision", "fp32"}}), {18, 20, 22}, false);
  benchmark_run a16 = with_latency(named("A fp16", {{"model", "A"}, {"precision", "fp16"}}), {9, 10, 11}, false);
  benchmark_run b32 = with_latency(named("B fp32", {{"model", "B"}, {"precision", "fp32"}}), {30, 40, 50}, false);
  benchmark_run b16 = with_latency(named("B fp16", {{"model", "B"}, {"precision", "fp16"}}), {30, 32, 34}, false);
  a32.model.flops = 1e9;
  a16.model.flops = 1e9;
  b32.model.flops = 4e9;
  b16.model.flops = 4e9;
  a32 = with_detection(a32, 0.70);
  a16 = with_detection(a16, 0.69);
  a32 = with_energy(a32, 5000, 2.0);
  a16 = with_energy(a16, 4000, 1.5);
  return {a32, a16, b32, b16};
}
}  // namespace

TEST(BenchmarkReport, PairsDifferingInOneAttribute) {
  const benchmark_report r = make_benchmark_report(two_models_two_precisions(), fast());
  // (0,1) precision, (0,2) model, (1,3) model, (2,3) precision; (0,3) and (1,2) differ in two.
  ASSERT_EQ(r.comparisons.size(), 4u);
  const auto pair = [&](std::size_t k) {
    return std::make_pair(r.comparisons[k].baseline, r.comparisons[k].candidate);
  };
  EXPECT_EQ(pair(0), std::make_pair(std::size_t{0}, std::size_t{1}));
  EXPECT_EQ(pair(1), std::make_pair(std::size_t{0}, std::size_t{2}));
  EXPECT_EQ(pair(2), std::make_pair(std::size_t{1}, std::size_t{3}));
  EXPECT_EQ(pair(3), std::make_pair(std::size_t{2}, std::size_t{3}));
  const run_comparison& c = r.comparisons[0];
  EXPECT_EQ(c.attribute, "precision");
  EXPECT_EQ(c.baseline_value, "fp32");
  EXPECT_EQ(c.candidate_value, "fp16");
  EXPECT_TRUE(c.has_latency);
  EXPECT_FALSE(c.from_samples);
  EXPECT_FALSE(c.significant);
  EXPECT_EQ(c.latency.baseline_count, 3u);
  EXPECT_EQ(c.latency.median_speedup, 2.0);
  EXPECT_EQ(c.latency.mean_speedup, 2.0);
  EXPECT_EQ(c.latency.improvement_percent, 50.0);
  EXPECT_TRUE(std::isnan(c.latency.speedup_ci_low) && std::isnan(c.latency.speedup_ci_high));
  EXPECT_TRUE(std::isnan(c.latency.mann_whitney.p_value));
  EXPECT_EQ(c.accuracy_change, 0.69 - 0.70);
  EXPECT_EQ(c.energy_change_percent, -25.0);  // 100 * (1.5 - 2) / 2
  EXPECT_EQ(r.comparisons[3].latency.median_speedup, 1.25);
  EXPECT_EQ(r.comparisons[3].latency.improvement_percent, 20.0);
  EXPECT_FALSE(r.comparisons[3].accuracy_change);  // B runs have no accuracy
  EXPECT_EQ(r.comparisons[1].attribute, "model");
  EXPECT_EQ(r.comparisons[1].baseline_value, "A");
  EXPECT_EQ(r.comparisons[1].candidate_value, "B");
  EXPECT_EQ(r.comparisons[1].latency.median_speedup, 0.5);
  EXPECT_TRUE(r.notes.empty());
}

TEST(BenchmarkReport, GroupsOverModels) {
  const benchmark_report r = make_benchmark_report(two_models_two_precisions(), fast());
  ASSERT_EQ(r.groups.size(), 2u);
  const speedup_group& p = r.groups[0];
  EXPECT_EQ(p.attribute, "precision");
  EXPECT_EQ(p.baseline_value, "fp32");
  EXPECT_EQ(p.candidate_value, "fp16");
  EXPECT_EQ(p.comparisons, (std::vector<std::size_t>{0, 3}));
  EXPECT_EQ(p.aggregate.models, 2u);
  EXPECT_EQ(p.aggregate.mean_improvement_percent, 35.0);  // (50 + 20) / 2
  EXPECT_DOUBLE_EQ(p.aggregate.geometric_mean_speedup, std::sqrt(2.0 * 1.25));
  EXPECT_EQ(p.aggregate.spearman_speedup_covariate, -1.0);  // A: 1 GFLOP, 2x; B: 4 GFLOPs, 1.25x
  // The same model change at two precisions: the baselines (model A) share one complexity, so no
  // rank correlation.
  const speedup_group& m = r.groups[1];
  EXPECT_EQ(m.attribute, "model");
  EXPECT_EQ(m.comparisons, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(m.aggregate.mean_improvement_percent, -160.0);  // (-100 + -220) / 2
  EXPECT_DOUBLE_EQ(m.aggregate.geometric_mean_speedup, std::sqrt(0.5 * 0.3125));
  EXPECT_TRUE(std::isnan(m.aggregate.spearman_speedup_covariate));
}

TEST(BenchmarkReport, GroupSpearmanAgainstComplexity) {
  // Three models, fp32 -> fp16; speedups 3, 2, 1.5 with 1, 2, 3 GFLOPs (model C by Mult-Adds).
  std::vector<benchmark_run> runs;
  const double fp32[] = {30, 20, 15};
  const char* names[] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    benchmark_run b = with_latency(named(std::string(names[i]) + "32", {{"model", names[i]}, {"precision", "fp32"}}),
                                   {fp32[i]}, false);
    benchmark_run c =
        with_latency(named(std::string(names[i]) + "16", {{"model", names[i]}, {"precision", "fp16"}}), {10}, false);
    if (i < 2) {
      b.model.flops = (i + 1) * 1e9;
    } else {
      b.model.mult_adds = 3e9;
    }
    runs.push_back(b);
    runs.push_back(c);
  }
  benchmark_report r = make_benchmark_report(runs, fast());
  // Comparisons: (0,1) precision, (0,2) A->B, (0,4) A->C, (1,3) A->B, (1,5) A->C, (2,3) precision,
  // (2,4) B->C, (3,5) B->C, (4,5) precision: four groups, the precision one first.
  ASSERT_EQ(r.groups.size(), 4u);
  EXPECT_EQ(r.groups[0].comparisons, (std::vector<std::size_t>{0, 5, 8}));
  EXPECT_EQ(r.groups[1].comparisons, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(r.groups[2].comparisons, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(r.groups[3].comparisons, (std::vector<std::size_t>{6, 7}));
  EXPECT_EQ(r.groups[0].attribute, "precision");
  EXPECT_EQ(r.groups[0].aggregate.models, 3u);
  EXPECT_EQ(r.groups[0].aggregate.spearman_speedup_covariate, -1.0);
  // (200 / 3 + 50 + 100 / 3) / 3 = 50: improvements 66.67 %, 50 %, 33.33 %.
  EXPECT_DOUBLE_EQ(r.groups[0].aggregate.mean_improvement_percent, 50.0);
  EXPECT_DOUBLE_EQ(r.groups[0].aggregate.geometric_mean_speedup, std::cbrt(3.0 * 2.0 * 1.5));

  // A baseline without complexity: no correlation (NaN), the other figures unchanged.
  runs[2].model = {};
  r = make_benchmark_report(runs, fast());
  EXPECT_TRUE(std::isnan(r.groups[0].aggregate.spearman_speedup_covariate));
  EXPECT_DOUBLE_EQ(r.groups[0].aggregate.mean_improvement_percent, 50.0);
}

TEST(BenchmarkReport, AnAttributeOfOneRunOnlyIsADifference) {
  const benchmark_run a = named("a", {{"model", "A"}});
  const benchmark_run b = named("b", {{"model", "A"}, {"precision", "fp16"}});
  const benchmark_run c = named("c", {{"model", "A"}});                         // same attributes as a
  const benchmark_run d = named("d", {{"model", "B"}, {"precision", "fp16"}});  // two differences from a
  const benchmark_report r = make_benchmark_report({a, b, c, d});
  // (a,b) precision "" -> fp16; (b,c) precision fp16 -> ""; (b,d) model A -> B. (a,c) are equal.
  ASSERT_EQ(r.comparisons.size(), 3u);
  EXPECT_EQ(r.comparisons[0].attribute, "precision");
  EXPECT_EQ(r.comparisons[0].baseline_value, "");
  EXPECT_EQ(r.comparisons[0].candidate_value, "fp16");
  EXPECT_EQ(r.comparisons[1].baseline, 1u);
  EXPECT_EQ(r.comparisons[1].candidate, 2u);
  EXPECT_EQ(r.comparisons[1].baseline_value, "fp16");
  EXPECT_EQ(r.comparisons[1].candidate_value, "");
  EXPECT_EQ(r.comparisons[2].attribute, "model");
  for (const run_comparison& x : r.comparisons) EXPECT_FALSE(x.has_latency);
  EXPECT_TRUE(r.groups.empty());  // no latency: not grouped
}

TEST(BenchmarkReport, ComparisonOnSamplesIsCompareRuns) {
  const std::vector<double> base{10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  const std::vector<double> cand{5, 6, 7, 8, 9, 10, 5.5, 6.5, 7.5, 8.5};
  const benchmark_run a = with_latency(named("a", {{"precision", "fp32"}}), base);
  const benchmark_run b = with_latency(named("b", {{"precision", "fp16"}}), cand);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const benchmark_report r = make_benchmark_report(
      {a, b}, fast(), {}, [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  ASSERT_EQ(r.comparisons.size(), 1u);
  const run_comparison& c = r.comparisons[0];
  EXPECT_TRUE(c.from_samples);
  const comparison want = compare_runs(base, cand, fast().compare);
  EXPECT_EQ(c.latency.median_speedup, want.median_speedup);
  EXPECT_EQ(c.latency.improvement_percent, want.improvement_percent);
  EXPECT_EQ(c.latency.speedup_ci_low, want.speedup_ci_low);
  EXPECT_EQ(c.latency.speedup_ci_high, want.speedup_ci_high);
  EXPECT_EQ(c.latency.mann_whitney.p_value, want.mann_whitney.p_value);
  EXPECT_LT(want.mann_whitney.p_value, 0.05);
  EXPECT_TRUE(c.significant);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(std::size_t{400}, std::size_t{400}));
  for (std::size_t i = 1; i < calls.size(); ++i) EXPECT_LE(calls[i - 1].first, calls[i].first);

  // Not significant at a stricter level.
  benchmark_report_options strict = fast();
  strict.significance = want.mann_whitney.p_value;
  EXPECT_FALSE(make_benchmark_report({a, b}, strict).comparisons[0].significant);
}

TEST(BenchmarkReport, SamplesOnOneSideOnlyFallBackToSummariesWithANote) {
  const benchmark_run a = with_latency(named("a", {{"precision", "fp32"}}), {10, 20, 30});
  const benchmark_run b = with_latency(named("b", {{"precision", "fp16"}}), {5, 10, 15}, false);
  const benchmark_run c = with_latency(named("c", {{"precision", "int8"}}), {0, 2, 4});  // a zero latency
  const benchmark_report r = make_benchmark_report({a, b, c}, fast());
  ASSERT_EQ(r.comparisons.size(), 3u);
  for (const run_comparison& x : r.comparisons) {
    EXPECT_TRUE(x.has_latency);
    EXPECT_FALSE(x.from_samples);
  }
  EXPECT_EQ(r.comparisons[0].latency.median_speedup, 2.0);
  EXPECT_EQ(r.comparisons[1].latency.median_speedup, 10.0);  // a -> c: 20 / 2
  EXPECT_EQ(r.notes.size(), 3u);
  EXPECT_EQ(r.notes[0], "a -> b: latencies compared on the summaries (a run has no samples, or one not > 0)");
}

// ---- Pareto fronts ----

TEST(BenchmarkReport, ParetoFrontsWithTies) {
  const auto run = [](const char* name, double acc, double median, std::optional<double> energy) {
    benchmark_run r = with_detection(named(name, {}), acc);
    r = with_latency(r, {median}, false);
    if (energy) r = with_energy(r, 1000, *energy);
    return r;
  };
  const benchmark_report r = make_benchmark_report({
      run("r0", 0.8, 10, 1.0), run("r1", 0.8, 10, 1.0),  // equal to r0 in every objective: both on the front
      run("r2", 0.7, 12, 2.0),                           // dominated by r0
      run("r3", 0.9, 20, 0.5),                           // best accuracy and energy
      run("r4", 0.9, 20, std::nullopt),                  // ties r3 on accuracy and latency; no energy
      run("r5", 0.6, 5, std::nullopt),                   // fastest
      with_latency(named("r6", {}), {1}, false),         // no accuracy: takes no part
  });
  EXPECT_EQ(r.pareto_accuracy_latency, (std::vector<std::size_t>{0, 1, 3, 4, 5}));
  EXPECT_EQ(r.pareto_accuracy_energy, (std::vector<std::size_t>{3}));  // r3 is more accurate and frugal
  EXPECT_EQ(r.pareto, (std::vector<std::size_t>{0, 1, 3}));
}

TEST(BenchmarkReport, ParetoDominanceNeedsOneStrictlyBetterObjective) {
  const auto run = [](const char* name, double acc, double median) {
    return with_latency(with_detection(named(name, {}), acc), {median}, false);
  };
  // r1 is as accurate as r0 and slower: dominated. r2 is faster and less accurate: on the front.
  const benchmark_report r = make_benchmark_report({run("r0", 0.8, 10), run("r1", 0.8, 11), run("r2", 0.5, 9)});
  EXPECT_EQ(r.pareto_accuracy_latency, (std::vector<std::size_t>{0, 2}));
}

// ---- verdicts ----

TEST(BenchmarkReport, VerdictsWithTheDefaultBudgets) {
  // 100 samples: p99 (nearest rank) is the 99th smallest.
  std::vector<double> fast_ms(100, 50.0), slow_ms(100, 50.0);
  slow_ms[98] = slow_ms[99] = 150;
  benchmark_run pass = with_latency(with_detection(named("pass", {}), 0.9), fast_ms);
  benchmark_run slow = with_latency(with_detection(named("slow", {}), 0.9), slow_ms);
  benchmark_run weak = with_latency(with_detection(named("weak", {}), 0.5), fast_ms);
  benchmark_run no_latency = with_detection(named("no_latency", {}), 0.9);
  const benchmark_report r = make_benchmark_report({pass, slow, weak, no_latency});
  EXPECT_EQ(r.options.budgets.latency_ms, 100.0);
  EXPECT_EQ(r.options.budgets.min_accuracy, 0.85);
  const run_verdict& p = r.verdicts[0];
  EXPECT_EQ(p.latency, verdict_status::pass);
  EXPECT_EQ(p.accuracy, verdict_status::pass);
  EXPECT_EQ(p.power, verdict_status::unknown);  // no power budget by default
  EXPECT_EQ(p.overall, verdict_status::pass);
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(r.verdicts[1].latency, verdict_status::fail);
  EXPECT_EQ(r.verdicts[1].overall, verdict_status::fail);
  EXPECT_EQ(r.verdicts[1].warnings, (std::vector<std::string>{"p99 latency 150 ms is over the budget of 100 ms"}));
  EXPECT_EQ(r.verdicts[2].accuracy, verdict_status::fail);
  EXPECT_EQ(r.verdicts[2].overall, verdict_status::fail);
  EXPECT_EQ(r.verdicts[3].latency, verdict_status::unknown);
  EXPECT_EQ(r.verdicts[3].accuracy, verdict_status::pass);
  EXPECT_EQ(r.verdicts[3].overall, verdict_status::unknown);  // a budget without data
}

TEST(BenchmarkReport, LatencyVerdictFromSamplesElseSummary) {
  // Samples {10, 20, 30, 40}: p75 by nearest rank is 30. The summary holds p50...p99.9 only.
  benchmark_report_options o;
  o.budgets.latency_ms = 30;
  o.budgets.latency_percentile = 75;
  o.budgets.min_accuracy.reset();
  const benchmark_run with_samples = with_latency(named("s", {}), {10, 20, 30, 40});
  const benchmark_run summary_only = with_latency(named("t", {}), {10, 20, 30, 40}, false);
  benchmark_report r = make_benchmark_report({with_samples, summary_only}, o);
  EXPECT_EQ(r.verdicts[0].latency, verdict_status::pass);
  EXPECT_EQ(r.verdicts[0].overall, verdict_status::pass);
  EXPECT_EQ(r.verdicts[1].latency, verdict_status::unknown);  // p75 not in the summary
  // p90 is in the summary (40 > 30): fail from the summary alone.
  o.budgets.latency_percentile = 90;
  r = make_benchmark_report({with_samples, summary_only}, o);
  EXPECT_EQ(r.verdicts[0].latency, verdict_status::fail);
  EXPECT_EQ(r.verdicts[1].latency, verdict_status::fail);
}

TEST(BenchmarkReport, PowerVerdict) {
  benchmark_report_options o;
  o.budgets.latency_ms.reset();
  o.budgets.min_accuracy.reset();
  const benchmark_run run = with_energy(named("e", {}), 2000, 1.0);
  const benchmark_run no_hw = named("none", {});
  benchmark_report r = make_benchmark_report({run, no_hw}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::unknown);  // no budget at all
  EXPECT_EQ(r.verdicts[0].overall, verdict_status::unknown);

  o.budgets.max_power_mw = 2500;
  r = make_benchmark_report({run, no_hw}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::pass);
  EXPECT_EQ(r.verdicts[0].overall, verdict_status::pass);
  EXPECT_EQ(r.verdicts[1].power, verdict_status::unknown);  // no data
  EXPECT_EQ(r.verdicts[1].overall, verdict_status::unknown);

  o.budgets.max_energy_per_inference_j = 0.5;  // 1 J per inference: over
  r = make_benchmark_report({run}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::fail);
  EXPECT_EQ(r.verdicts[0].overall, verdict_status::fail);

  o.budgets.max_energy_per_inference_j = 1.0;  // at the budget: pass
  r = make_benchmark_report({run}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::pass);

  // Mean power known, energy per inference not: unknown (one budget lacks data).
  r = make_benchmark_report({with_energy(named("x", {}), 2000, 1.0, 0)}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::unknown);
  o.budgets.max_power_mw = 1000;  // but a failed budget fails whatever the other
  r = make_benchmark_report({with_energy(named("x", {}), 2000, 1.0, 0)}, o);
  EXPECT_EQ(r.verdicts[0].power, verdict_status::fail);
}

TEST(BenchmarkReport, WarningsCarriedOver) {
  benchmark_run c = named("c", {});
  c.set_classification(classification_of(90, 4, 6));  // accuracy 0.94, recall of "pos" 0.4
  ASSERT_TRUE(c.classification->hides_poor_recall());
  benchmark_run d = named("d", {});
  voc_report v = voc_of(not_a_number, not_a_number);
  v.notices = {voc_notice::normalized_coordinates, voc_notice::objects_of_other_classes};
  d.set_detection(v);
  const benchmark_report r = make_benchmark_report({c, d});
  ASSERT_EQ(r.verdicts[0].warnings.size(), 1u);
  std::string message;
  for (const report_warning& w : c.classification->warnings) {
    if (w.what == report_warning::kind::accuracy_hides_poor_recall) message = w.message;
  }
  EXPECT_EQ(r.verdicts[0].warnings[0], message);
  EXPECT_EQ(r.verdicts[0].accuracy, verdict_status::pass);  // the warning does not change the verdict
  ASSERT_EQ(r.verdicts[1].warnings.size(), 1u);
  EXPECT_NE(r.verdicts[1].warnings[0].find("normalised"), std::string::npos);
}
