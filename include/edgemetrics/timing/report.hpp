// The reports of the timing area, made by the library (edgemetrics-latency prints and writes
// exactly these values):
//
//   latency_report             one run: a trtexec-like summary per stage, warm-up, wall window,
//                              the real-time guide class and an optional budget verdict
//   latency_comparison_report  baseline vs candidate on one stage (speedups, bootstrap
//                              interval, Mann-Whitney U)
//   latency_models_report      per-model speedups over several models and their aggregate
//
// Each carries its report_info and options; <edgemetrics/json/timing.hpp> writes and reads them
// in the common envelope (docs/json.md, kinds "latency", "latency_comparison", "latency_models")
// and <edgemetrics/fmt/timing.hpp> prints their console form. Definitions: docs/conventions.md,
// "Latency".
#ifndef EDGEMETRICS_TIMING_REPORT_HPP
#define EDGEMETRICS_TIMING_REPORT_HPP

#include <edgemetrics/report_info.hpp>
#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/summary.hpp>
#include <edgemetrics/timing/trace.hpp>
#include <edgemetrics/timing/verdict.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// trtexec's label of a stage of read_trtexec_times ("compute" -> "GPU Compute Time", "latency"
/// -> "Latency", "end_to_end" -> "End-to-End Host Latency", "enqueue" -> "Enqueue Time",
/// "h2d" -> "H2D Latency", "d2h" -> "D2H Latency"); any other stage is its own label.
[[nodiscard]] std::string_view trtexec_stage_label(std::string_view stage) noexcept;

/// What a latency report computes.
struct latency_report_options {
  std::vector<double> percentiles = default_percentiles();  ///< each in [0, 100]
  percentile_rule rule = percentile_rule::nearest_rank;
  std::size_t batch_size = 1;  ///< items per query (>= 1)
  /// Count-based warm-up applied by make_latency_report: the first N samples of every stage
  /// (latency_trace::exclude_warmup).
  std::size_t warmup_count = 0;
  /// trtexec's time-based warm-up (startComputeMs < warmup_ms), applied by the reader
  /// (trtexec_options::warmup_ms); recorded here so that the report says what was done.
  double warmup_ms = 0;
  /// A real-time budget for the first stage: its percentile `budget_percentile` must be
  /// <= budget_ms (> 0). None: no verdict.
  std::optional<double> budget_ms;
  double budget_percentile = 99;  ///< in [0, 100]
};

/// One stage of a run: its name ("compute", "inference_ms"), trtexec's label, its summary.
struct latency_stage_report {
  std::string name;
  std::string label;
  latency_summary summary;
};

struct latency_report {
  report_info info;
  latency_report_options options;
  /// In the trace's order; the first is the run's main stage (the budget and guide apply to it).
  std::vector<latency_stage_report> stages;
  std::size_t warmup_excluded = 0;  ///< queries excluded as warm-up (reader's rule + warmup_count)
  /// Wall window of the run in ms (trtexec: "Total Host Walltime"); 0 when unknown, and then
  /// throughput uses the sum of the latencies.
  double wall_ms = 0;
  latency_class guide = latency_class::real_time;  ///< the first stage's median against the guide values
  std::optional<budget_verdict> budget;            ///< present when options.budget_ms is
};

/// Summarises every stage of `trace` (after options.warmup_count) and checks the budget.
/// Throws std::invalid_argument when the first stage has no latency left (naming
/// info.inputs[0] and what the warm-up dropped), or for bad options (a percentile outside
/// [0, 100], batch_size 0, budget_ms <= 0).
[[nodiscard]] latency_report make_latency_report(latency_trace trace, const latency_report_options& options = {},
                                                 report_info info = {});

/// What a comparison of two runs computes.
struct latency_comparison_options {
  std::vector<double> percentiles = default_percentiles();
  percentile_rule rule = percentile_rule::nearest_rank;
  std::size_t batch_size = 1;
  std::size_t warmup_count = 0;  ///< as in latency_report_options, applied to both runs
  double warmup_ms = 0;          ///< as in latency_report_options (applied by the reader)
  std::string stage;             ///< stage to compare; empty: each run's first stage
  compare_options compare;       ///< bootstrap resamples, confidence, seed
};

struct latency_comparison_report {
  report_info info;  ///< inputs: baseline, candidate
  latency_comparison_options options;
  std::string stage;  ///< the stage compared (its name in the baseline)
  std::string label;  ///< its trtexec label
  latency_summary baseline, candidate;
  comparison result;
};

/// Compares the same stage of two runs. Throws std::invalid_argument when a run lacks the
/// stage, has no latency left after the warm-up, or for what compare_runs rejects. `progress`
/// (optional) reports the bootstrap's resamples, as in compare_runs.
[[nodiscard]] latency_comparison_report make_latency_comparison_report(latency_trace baseline, latency_trace candidate,
                                                                       const latency_comparison_options& options = {},
                                                                       report_info info = {},
                                                                       const progress_callback& progress = {});

struct latency_models_options {
  /// Name of the covariate (a column of the models CSV, e.g. "gflops"); empty: none, and the
  /// covariates of the rows are ignored.
  std::string covariate;
};

/// One model's row: its times, speedup baseline / candidate and improvement
/// 100 * (baseline - candidate) / baseline.
struct latency_model_row {
  double baseline_ms = 0;
  double candidate_ms = 0;
  double covariate = 0;  ///< meaningful only with latency_models_options::covariate
  double speedup = 0;
  double improvement_percent = 0;
};

struct latency_models_report {
  report_info info;
  latency_models_options options;
  std::vector<latency_model_row> models;  ///< numbered from 0 in input order
  aggregate_comparison aggregate;
};

/// Per-model speedups and their aggregate (aggregate_models). Throws std::invalid_argument
/// as aggregate_models does.
[[nodiscard]] latency_models_report make_latency_models_report(const std::vector<model_result>& models,
                                                               const latency_models_options& options = {},
                                                               report_info info = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_REPORT_HPP
