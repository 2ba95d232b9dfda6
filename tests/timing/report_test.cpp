// The timing area's reports (timing/report.hpp): what make_*_report computes, the enums' name
// tables, the JSON round trip of every report and value, and the console form.
#include <edgemetrics/fmt/timing.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/json/timing.hpp>
#include <edgemetrics/timing.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/timing/";

// to_json -> from_json -> to_json gives the same document.
template <class T>
void expect_round_trip(const T& value) {
  const nlohmann::json j = value;
  const T back = j.get<T>();
  EXPECT_EQ(nlohmann::json(back).dump(), j.dump());
}

em::latency_trace three_stages() {
  em::latency_trace t;
  t.stages = {{"latency", {5, 6, 7, 8, 9}}, {"compute", {4, 5, 6, 7, 8}}, {"d2h", {1, 1, 1, 1, 1}}};
  t.wall_ms = 40;
  return t;
}

}  // namespace

TEST(TimingEnums, NameTablesBothWays) {
  static_assert(em::to_string(em::percentile_rule::floor_n_p) == "floor_n_p");
  static_assert(em::to_string(em::latency_class::real_time) == "real_time");
  static_assert(em::to_string(em::recorder_mode::bounded) == "bounded");
  for (auto r : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p, em::percentile_rule::trtexec,
                 em::percentile_rule::linear}) {
    EXPECT_EQ(em::parse_percentile_rule(em::to_string(r)), r);
  }
  for (auto c : {em::latency_class::real_time, em::latency_class::acceptable, em::latency_class::laggy}) {
    EXPECT_EQ(em::parse_latency_class(em::to_string(c)), c);
  }
  EXPECT_EQ(em::parse_recorder_mode("exact"), em::recorder_mode::exact);
  EXPECT_EQ(em::parse_recorder_mode("bounded"), em::recorder_mode::bounded);
  EXPECT_THROW((void)em::parse_latency_class("fast"), std::invalid_argument);
  EXPECT_THROW((void)em::parse_recorder_mode("Exact"), std::invalid_argument);
  try {
    (void)em::parse_percentile_rule("median");
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "edgemetrics: unknown percentile_rule 'median' (valid: nearest_rank, floor_n_p, trtexec, linear)");
  }
  EXPECT_EQ(fmt::format("{:>8}|{}", em::recorder_mode::exact, em::percentile_rule::linear), "   exact|linear");
  EXPECT_EQ(nlohmann::json(em::latency_class::laggy), "laggy");
  EXPECT_EQ(nlohmann::json("bounded").get<em::recorder_mode>(), em::recorder_mode::bounded);
}

TEST(TimingTrace, ExcludeWarmupByCount) {
  em::latency_trace t = three_stages();
  t.warmup_excluded = 1;  // e.g. trtexec's rule already dropped one
  EXPECT_EQ(t.exclude_warmup(2), 2u);
  EXPECT_EQ(t.warmup_excluded, 3u);
  EXPECT_EQ(t.stages[0].ms, (std::vector<double>{7, 8, 9}));
  EXPECT_EQ(t.stages[2].ms.size(), 3u);
  EXPECT_EQ(t.exclude_warmup(10), 3u);  // all that is left
  EXPECT_TRUE(t.stages[1].ms.empty());
  EXPECT_EQ(t.warmup_excluded, 6u);
  EXPECT_EQ(t.wall_ms, 40.0);
}

TEST(TimingReport, OneRunPerStageWithBudget) {
  em::latency_report_options o;
  o.percentiles = {50, 99};
  o.warmup_count = 1;
  o.budget_ms = 8.5;
  const em::latency_report r = em::make_latency_report(three_stages(), o, {"tool", {"run.json"}});
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].name, "compute");
  EXPECT_EQ(r.stages[1].label, "GPU Compute Time");
  EXPECT_EQ(r.stages[2].label, "D2H Latency");
  EXPECT_EQ(r.stages[0].summary.count, 4u);
  EXPECT_EQ(r.stages[0].summary.median_ms, 7.5);
  EXPECT_EQ(r.stages[0].summary.wall_ms, 40.0);
  EXPECT_EQ(r.warmup_excluded, 1u);
  EXPECT_EQ(r.guide, em::latency_class::real_time);
  ASSERT_TRUE(r.budget.has_value());
  EXPECT_EQ(r.budget->percentile_ms, 9.0);
  EXPECT_FALSE(r.budget->met);
  EXPECT_EQ(r.budget->misses, 1u);
  ASSERT_TRUE(r.budget->early_stopping.has_value());
  EXPECT_FALSE(r.budget->early_stopping->enough);
  // Same numbers as the pieces it is made of.
  em::summary_options so;
  so.percentiles = {50, 99};
  so.wall_ms = 40;
  const em::latency_summary direct = em::summarize({6, 7, 8, 9}, so);
  EXPECT_EQ(nlohmann::json(r.stages[0].summary), nlohmann::json(direct));
  EXPECT_EQ(r.info.inputs, std::vector<std::string>{"run.json"});
}

TEST(TimingReport, NoBudgetAndEarlyStoppingNotApplicableAtTheEnds) {
  EXPECT_FALSE(em::make_latency_report(three_stages()).budget.has_value());
  em::latency_report_options o;
  o.budget_ms = 100;
  for (double p : {0.0, 100.0}) {
    o.budget_percentile = p;
    const em::latency_report r = em::make_latency_report(three_stages(), o);
    ASSERT_TRUE(r.budget.has_value());
    EXPECT_FALSE(r.budget->early_stopping.has_value()) << p;
    EXPECT_FALSE(r.budget->met_with_confidence);
    EXPECT_TRUE(nlohmann::json(r)["budget"]["early_stopping"].is_null());
    expect_round_trip(r);
  }
}

TEST(TimingReport, Errors) {
  em::latency_report_options o;
  o.warmup_count = 5;
  try {
    (void)em::make_latency_report(three_stages(), o, {"", {"run.csv"}});
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "edgemetrics::make_latency_report: run.csv: no latencies left to summarise (the warm-up excluded all 5)");
  }
  EXPECT_THROW((void)em::make_latency_report(em::latency_trace{}), std::invalid_argument);
  o = {};
  o.budget_ms = 0.0;
  EXPECT_THROW((void)em::make_latency_report(three_stages(), o), std::invalid_argument);
  o = {};
  o.batch_size = 0;
  EXPECT_THROW((void)em::make_latency_report(three_stages(), o), std::invalid_argument);
}

TEST(TimingReport, ComparisonOfOneStage) {
  em::latency_comparison_options o;
  o.stage = "compute";
  o.compare.resamples = 100;
  em::latency_trace fast = three_stages();
  for (double& x : fast.stages[1].ms) x /= 2;
  const auto r = em::make_latency_comparison_report(three_stages(), fast, o, {"", {"a.json", "b.json"}});
  EXPECT_EQ(r.stage, "compute");
  EXPECT_EQ(r.label, "GPU Compute Time");
  EXPECT_EQ(r.result.median_speedup, 2.0);
  EXPECT_EQ(r.baseline.median_ms, 6.0);
  EXPECT_EQ(r.candidate.median_ms, 3.0);
  const em::comparison direct = em::compare_runs(three_stages().stages[1].ms, fast.stages[1].ms, o.compare);
  EXPECT_EQ(nlohmann::json(r.result), nlohmann::json(direct));
  expect_round_trip(r);
  o.stage = "h2d";
  try {
    (void)em::make_latency_comparison_report(three_stages(), fast, o, {"", {"a.json", "b.json"}});
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "edgemetrics::make_latency_comparison_report: a.json: no stage 'h2d' (stages: latency, compute, d2h)");
  }
}

TEST(TimingReport, Models) {
  const std::vector<em::model_result> models{{10, 8, 1}, {20, 10, 2}, {30, 20, 3}};
  const auto r = em::make_latency_models_report(models, {"gflops"});
  ASSERT_EQ(r.models.size(), 3u);
  EXPECT_EQ(r.models[1].speedup, 2.0);
  EXPECT_EQ(r.models[1].improvement_percent, 50.0);
  EXPECT_EQ(r.models[2].covariate, 3.0);
  EXPECT_EQ(nlohmann::json(r.aggregate), nlohmann::json(em::aggregate_models(models)));
  expect_round_trip(r);
  // Without a covariate the rows' covariates are not data: no correlation, no "covariate" field.
  const auto plain = em::make_latency_models_report(models);
  EXPECT_TRUE(std::isnan(plain.aggregate.spearman_speedup_covariate));
  const nlohmann::json j = plain;
  EXPECT_FALSE(j["per_model"][0].contains("covariate"));
  EXPECT_TRUE(j["options"]["covariate"].is_null());
  expect_round_trip(plain);
  EXPECT_EQ(fmt::format("{}", plain),
            "=== Speedups over 3 models:  ===\n"
            "model #0: 10 ms -> 8 ms, speedup 1.2500x, improvement 20.00 %\n"
            "model #1: 20 ms -> 10 ms, speedup 2.0000x, improvement 50.00 %\n"
            "model #2: 30 ms -> 20 ms, speedup 1.5000x, improvement 33.33 %\n"
            "Mean improvement: 34.44 % (arithmetic mean of per-model 100 * (baseline - candidate) / baseline)\n"
            "Geometric mean speedup: 1.5536x\n");
  EXPECT_THROW((void)em::make_latency_models_report({}), std::invalid_argument);
}

TEST(TimingJson, EnvelopeOfTheReports) {
  em::latency_report_options o;
  o.budget_ms = 7;
  const nlohmann::json j = em::make_latency_report(three_stages(), o, {"edgemetrics-latency", {"x.csv"}});
  EXPECT_EQ(j["schema"], 2);
  EXPECT_EQ(j["kind"], "latency");
  EXPECT_EQ(j["tool"], "edgemetrics-latency");
  EXPECT_EQ(j["inputs"], nlohmann::json::array({"x.csv"}));
  EXPECT_EQ(j["options"]["budget_ms"], 7.0);
  EXPECT_EQ(j["stages"][1]["name"], "compute");
  EXPECT_EQ(j["guide"], "real_time");
  EXPECT_EQ(j.get<em::latency_report>().info.tool, "edgemetrics-latency");
  // A report of another kind, or another schema, is refused.
  EXPECT_THROW((void)j.get<em::latency_comparison_report>(), std::invalid_argument);
  nlohmann::json old = j;
  old["schema"] = 1;
  EXPECT_THROW((void)old.get<em::latency_report>(), std::invalid_argument);
  // No budget: "budget" and "budget_ms" are null and read back as none.
  const nlohmann::json nb = em::make_latency_report(three_stages());
  EXPECT_TRUE(nb["budget"].is_null());
  EXPECT_TRUE(nb["options"]["budget_ms"].is_null());
  EXPECT_FALSE(nb.get<em::latency_report>().options.budget_ms.has_value());
  EXPECT_EQ(nb["tool"], "edgemetrics");
}

TEST(TimingJson, EveryValueRoundTrips) {
  const std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};
  em::summary_options so;
  so.percentiles = {0, 50, 99.9, 100};
  so.rule = em::percentile_rule::trtexec;
  so.batch_size = 4;
  so.wall_ms = 12.5;
  expect_round_trip(so);
  expect_round_trip(em::summarize(x, so));
  expect_round_trip(em::summarize({}));  // NaN statistics as null
  expect_round_trip(em::summarize({2.0}));
  em::budget_options bo;
  bo.budget_ms = 5;
  bo.percentile = 90;
  bo.rule = em::percentile_rule::linear;
  expect_round_trip(bo);
  expect_round_trip(em::check_budget(x, bo));
  std::vector<double> many(700);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = 1.0 + static_cast<double>(i % 37);
  expect_round_trip(em::estimate_early_stopping(many, 99));
  expect_round_trip(em::estimate_early_stopping(x, 99));  // not enough: estimate null
  expect_round_trip(em::mann_whitney_u(x, {1, 2, 3}));
  expect_round_trip(em::compare_options{123, 0.9, 77});
  expect_round_trip(em::compare_runs(x, {1, 2, 3, 4}, {50, 0.9, 3}));
  expect_round_trip(em::compare_runs(x, {1, 2, 3, 4}, {0, 0.9, 3}));  // no interval: null
  expect_round_trip(em::model_result{2, 1, 0.5});
  expect_round_trip(em::aggregate_models({{2, 1, 0}, {3, 1, 0}}));  // constant covariate: rho null
  em::latency_report_options ro;
  ro.budget_ms = 3;
  ro.warmup_count = 2;
  ro.warmup_ms = 1.5;
  expect_round_trip(ro);
  expect_round_trip(em::latency_report_options{});
  em::latency_comparison_options co;
  co.stage = "compute";
  co.compare.seed = 18446744073709551615ull;
  expect_round_trip(co);
  expect_round_trip(em::latency_models_options{"gflops"});
  expect_round_trip(em::latency_models_options{});
  expect_round_trip(em::latency_model_row{2, 1, 7, 2, 50});
  expect_round_trip(em::latency_stage_report{"compute", "GPU Compute Time", em::summarize(x)});
  expect_round_trip(em::make_latency_report(three_stages(), ro, {"t", {"a", "b"}}));
}

TEST(TimingReport, FromTheSampleTrtexecFile) {
  em::latency_file_options fo;
  fo.trtexec.warmup_ms = 4.0;
  em::latency_report_options o;
  o.warmup_ms = 4.0;
  const auto r =
      em::make_latency_report(em::read_latency_file(data_dir + "trtexec_times.json", fo), o, {"", {"times.json"}});
  EXPECT_EQ(r.warmup_excluded, 2u);
  EXPECT_EQ(r.stages.size(), 6u);
  EXPECT_EQ(r.stages[4].label, "GPU Compute Time");
  EXPECT_GT(r.wall_ms, 0.0);
  const std::string text = fmt::format("{}", r);
  EXPECT_EQ(text.rfind("=== Performance summary: times.json (2 queries, rule nearest_rank) ===\n"
                       "Warm-up excluded: 2 queries\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("\nTotal GPU Compute Time: "), std::string::npos) << text;
}
