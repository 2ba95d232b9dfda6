// edgemetrics: the report over several benchmark runs — one table, pairwise comparisons, the mean
// speedup over models and its rank correlation with FLOPs, Pareto fronts, verdicts against budgets.
//
//   std::vector<edgemetrics::benchmark_run> runs = ...;
//   edgemetrics::benchmark_report r = edgemetrics::make_benchmark_report(runs);
//   for (const auto& row : r.rows) ...;          // one per run, in input order
//   for (const auto& c : r.comparisons) ...;     // runs that differ in exactly one attribute
//
// Rendering: console table and Markdown (<edgemetrics/fmt/report.hpp>), JSON
// (<edgemetrics/json/report.hpp>, kind "benchmark_report"), a self-contained HTML page with SVG
// plots (<edgemetrics/report/html.hpp>). Every rule is in docs/conventions.md "Benchmark report".
#ifndef EDGEMETRICS_REPORT_BENCHMARK_REPORT_HPP
#define EDGEMETRICS_REPORT_BENCHMARK_REPORT_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/report/run.hpp>
#include <edgemetrics/report_info.hpp>
#include <edgemetrics/timing/compare.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// User budgets; the defaults are seed 000's guidelines (accuracy above 85 %, latency under
/// 100 ms; "low power" has no number, so no power budget unless given).
struct report_budgets {
  std::optional<double> latency_ms = 100.0;
  double latency_percentile = 99;  ///< the percentile held to latency_ms (as edgemetrics-latency --budget-ms)
  std::optional<double> min_accuracy = 0.85;  ///< against the run's primary accuracy (see report_row)
  std::optional<double> max_power_mw;         ///< mean board power
  std::optional<double> max_energy_per_inference_j;
};

struct benchmark_report_options {
  report_budgets budgets;
  compare_options compare;     ///< bootstrap resamples, confidence, seed for the speedup intervals
  double significance = 0.05;  ///< Mann-Whitney p below this: the latency difference is significant
};

enum class accuracy_source {
  none,            ///< no accuracy part
  classification,  ///< top-1 accuracy of the classification report
  voc07,           ///< detection mAP, VOC2007 11-point (when computed)
  voc10,           ///< detection mAP, all-point (when VOC07 was not computed)
};

/// One row of the table, for one run (blanks are nullopt).
struct report_row {
  std::string run;
  accuracy_source source = accuracy_source::none;
  std::optional<double> accuracy;   ///< the primary accuracy in [0, 1]: classification accuracy, else mAP
  std::optional<double> map_voc07;  ///< detection
  std::optional<double> map_voc10;
  std::optional<double> median_ms;  ///< latency, first stage
  std::optional<double> p99_ms;     ///< nullopt when the latency report lacks p99
  std::optional<double> fps;        ///< latency_summary::fps
  std::optional<double> throughput_per_s;
  std::optional<double> total_s;        ///< sum of the latencies ("total inference time")
  std::optional<double> mean_power_mw;  ///< time-weighted (energy / duration), else the sample mean
  std::optional<double> energy_per_inference_j;
  std::optional<double> temperature_change_c;  ///< of hardware_part::temperature_sensor: last - first
  std::optional<double> swap_change_mb;
  std::optional<double> peak_ram_mb;
};

/// Two runs that differ in exactly one attribute (the earlier run in input order is the baseline).
struct run_comparison {
  std::size_t baseline = 0, candidate = 0;  ///< indices into benchmark_report::runs
  std::string attribute;                    ///< the attribute that differs
  std::string baseline_value, candidate_value;
  bool has_latency = false;               ///< both runs have latency
  bool from_samples = false;              ///< latency compared on samples (interval, test); else summaries only
  comparison latency;                     ///< timing/compare.hpp: median speedup, interval, improvement %, Mann-Whitney
  bool significant = false;               ///< Mann-Whitney p < options.significance (from_samples only)
  std::optional<double> accuracy_change;  ///< candidate - baseline primary accuracy
  std::optional<double> energy_change_percent;  ///< energy per inference, 100 * (cand - base) / base
};

/// The comparisons that change the same attribute the same way (e.g. precision fp32 -> fp16)
/// over several models: mean improvement, geometric mean speedup and the Spearman correlation of
/// speedup with the baseline model's complexity (model_facts::complexity; NaN when undefined).
struct speedup_group {
  std::string attribute, baseline_value, candidate_value;
  std::vector<std::size_t> comparisons;  ///< indices into benchmark_report::comparisons
  aggregate_comparison aggregate;
};

enum class verdict_status { pass, fail, unknown };

struct run_verdict {
  verdict_status latency = verdict_status::unknown;
  verdict_status accuracy = verdict_status::unknown;
  verdict_status power = verdict_status::unknown;
  verdict_status overall = verdict_status::unknown;  ///< fail if any fails, pass if all known pass
  std::vector<std::string> warnings;                 ///< e.g. the classification report's accuracy-vs-recall warning
};

struct benchmark_report {
  report_info info;
  benchmark_report_options options;
  std::vector<benchmark_run> runs;
  std::vector<report_row> rows;             ///< one per run, same order
  std::vector<run_comparison> comparisons;  ///< ordered by (baseline, candidate)
  std::vector<speedup_group> groups;        ///< groups with at least two comparisons
  /// Pareto fronts (indices into runs, in input order): no other run is at least as good in every
  /// objective and better in one. Accuracy is maximised, median latency and energy per inference
  /// minimised; only runs with every objective of that front take part.
  std::vector<std::size_t> pareto_accuracy_latency;
  std::vector<std::size_t> pareto_accuracy_energy;
  std::vector<std::size_t> pareto;    ///< all three objectives
  std::vector<run_verdict> verdicts;  ///< one per run
  std::vector<std::string> notes;     ///< the runs' notes, prefixed with the run name
};

[[nodiscard]] benchmark_report make_benchmark_report(std::vector<benchmark_run> runs,
                                                     const benchmark_report_options& options = {},
                                                     report_info info = {}, const progress_callback& progress = {});

}  // namespace edgemetrics

namespace edgemetrics::detail {
template <>
struct enum_traits<accuracy_source> {
  static constexpr std::string_view type_name = "accuracy_source";
  static constexpr std::array<enum_name<accuracy_source>, 4> names{{{accuracy_source::none, "none"},
                                                                    {accuracy_source::classification, "classification"},
                                                                    {accuracy_source::voc07, "voc07"},
                                                                    {accuracy_source::voc10, "voc10"}}};
};
template <>
struct enum_traits<verdict_status> {
  static constexpr std::string_view type_name = "verdict_status";
  static constexpr std::array<enum_name<verdict_status>, 3> names{
      {{verdict_status::pass, "pass"}, {verdict_status::fail, "fail"}, {verdict_status::unknown, "unknown"}}};
};
}  // namespace edgemetrics::detail

namespace edgemetrics {
[[nodiscard]] constexpr std::string_view to_string(accuracy_source e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] constexpr std::string_view to_string(verdict_status e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] inline accuracy_source parse_accuracy_source(std::string_view name) {
  return detail::enum_from_string<accuracy_source>(name);
}
[[nodiscard]] inline verdict_status parse_verdict_status(std::string_view name) {
  return detail::enum_from_string<verdict_status>(name);
}
}  // namespace edgemetrics

#endif  // EDGEMETRICS_REPORT_BENCHMARK_REPORT_HPP
