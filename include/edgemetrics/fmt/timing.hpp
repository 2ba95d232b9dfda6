// edgemetrics: {fmt} formatters for the timing area.
//
// fmt::format("{}", summary) prints trtexec's line format:
//   "min = 1.2 ms, max = 3.4 ms, mean = 2 ms, median = 1.9 ms, percentile(90%) = 2.8 ms, ..."
// (values with {:g}-style shortest formatting, 6 significant digits like iostream's default).
//
// The reports print their console form, as edgemetrics-latency prints it (one line each):
//   fmt::print("{}", make_latency_report(trace, options, info));
// latency_report: "=== Performance summary: ... ===", warm-up, throughput, one trtexec-like line
// per stage under trtexec's label, walltime, spread, real-time guide and the budget verdict.
// latency_comparison_report: both summaries, speedups with the bootstrap interval, Mann-Whitney U.
// latency_models_report: one line per model, then the aggregate. Enums print their names
// (fmt/common.hpp).
#ifndef EDGEMETRICS_FMT_TIMING_HPP
#define EDGEMETRICS_FMT_TIMING_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/timing.hpp>

#include <cstddef>
#include <string>

template <>
struct fmt::formatter<edgemetrics::latency_summary> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::latency_summary& s, Ctx& ctx) const {
    auto out = fmt::format_to(ctx.out(), "min = {:g} ms, max = {:g} ms, mean = {:g} ms, median = {:g} ms", s.min_ms,
                              s.max_ms, s.mean_ms, s.median_ms);
    for (std::size_t i = 0; i < s.percentiles.size() && i < s.percentiles_ms.size(); ++i) {
      out = fmt::format_to(out, ", percentile({:g}%) = {:g} ms", s.percentiles[i], s.percentiles_ms[i]);
    }
    return out;
  }
};

namespace edgemetrics::detail {
/// The first input of a report, or "" when it has none.
inline const std::string& report_input(const report_info& info, std::size_t i) {
  static const std::string none;
  return i < info.inputs.size() ? info.inputs[i] : none;
}
}  // namespace edgemetrics::detail

template <>
struct fmt::formatter<edgemetrics::latency_report> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::latency_report& r, Ctx& ctx) const {
    auto out = ctx.out();
    if (r.stages.empty()) return out;
    const edgemetrics::latency_summary& main = r.stages.front().summary;
    out = fmt::format_to(out, "=== Performance summary: {} ({} queries, rule {}) ===\n",
                         edgemetrics::detail::report_input(r.info, 0), main.count, r.options.rule);
    if (r.warmup_excluded > 0) out = fmt::format_to(out, "Warm-up excluded: {} queries\n", r.warmup_excluded);
    out = fmt::format_to(out, "Throughput: {:g} qps ({} window {:g} ms, batch {})\n", main.throughput_per_s,
                         r.wall_ms > 0 ? "wall" : "sum-of-latencies", main.wall_ms, main.batch_size);
    for (const auto& st : r.stages) out = fmt::format_to(out, "{}: {}\n", st.label, st.summary);
    if (r.wall_ms > 0) out = fmt::format_to(out, "Total Host Walltime: {:g} s\n", r.wall_ms / 1000);
    for (const auto& st : r.stages) {
      if (st.name == "compute")
        out = fmt::format_to(out, "Total GPU Compute Time: {:g} s\n", st.summary.total_ms / 1000);
    }
    out = fmt::format_to(out, "{} spread: stddev (sample) = {:g} ms, CV = {:.2f} %, FPS = {:g}, total = {:g} ms\n",
                         r.stages.front().label, main.stddev_sample_ms, 100 * main.cv, main.fps, main.total_ms);
    out = fmt::format_to(out, "Real-time guide (median): {} (< 100 ms good for real time, > 500 ms laggy)\n", r.guide);
    if (r.budget) {
      const edgemetrics::budget_verdict& v = *r.budget;
      out = fmt::format_to(out, "Budget: p{:g} = {:g} ms {} {:g} ms: {}; deadline misses {} / {} ({:.2f} %)\n",
                           v.percentile, v.percentile_ms, v.met ? "<=" : ">", v.budget_ms, v.met ? "MET" : "MISSED",
                           v.misses, v.count, 100 * v.miss_rate);
      if (!v.early_stopping) {
        out = fmt::format_to(out, "MLPerf early stopping: not applicable at p{:g} (defined for 0 < p < 100)\n",
                             v.percentile);
      } else if (v.early_stopping->enough) {
        out = fmt::format_to(out,
                             "MLPerf early stopping: p{:g} estimate {:g} ms (99 % confidence, {} highest discarded); "
                             "budget met with confidence: {}\n",
                             v.percentile, v.early_stopping->estimate_ms, v.early_stopping->discarded,
                             v.met_with_confidence ? "yes" : "no");
      } else {
        out = fmt::format_to(out, "MLPerf early stopping: needs at least {} queries for p{:g} (have {})\n",
                             v.early_stopping->min_queries, v.percentile, v.count);
      }
    }
    return out;
  }
};

template <>
struct fmt::formatter<edgemetrics::latency_comparison_report> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::latency_comparison_report& r, Ctx& ctx) const {
    const edgemetrics::comparison& c = r.result;
    auto out =
        fmt::format_to(ctx.out(), "=== Comparison of {}: baseline {} vs candidate {} ===\n", r.label,
                       edgemetrics::detail::report_input(r.info, 0), edgemetrics::detail::report_input(r.info, 1));
    out = fmt::format_to(out, "Baseline  ({} queries): {}\n", r.baseline.count, r.baseline);
    out = fmt::format_to(out, "Candidate ({} queries): {}\n", r.candidate.count, r.candidate);
    out =
        fmt::format_to(out, "Median speedup: {:.4f}x ({:g} % bootstrap CI {:.4f}x .. {:.4f}x; {} resamples, seed {})\n",
                       c.median_speedup, 100 * c.confidence, c.speedup_ci_low, c.speedup_ci_high,
                       r.options.compare.resamples, r.options.compare.seed);
    out = fmt::format_to(
        out, "Mean speedup: {:.4f}x; improvement {:.2f} % (100 * (mean_baseline - mean_candidate) / mean_baseline)\n",
        c.mean_speedup, c.improvement_percent);
    out = fmt::format_to(out, "Mann-Whitney U = {:g}, two-sided p = {:.3g} ({})\n", c.mann_whitney.u_baseline,
                         c.mann_whitney.p_value,
                         c.mann_whitney.p_value < 0.05 ? "significant at 5 %" : "not significant at 5 %");
    return out;
  }
};

template <>
struct fmt::formatter<edgemetrics::latency_models_report> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::latency_models_report& r, Ctx& ctx) const {
    auto out = fmt::format_to(ctx.out(), "=== Speedups over {} models: {} ===\n", r.models.size(),
                              edgemetrics::detail::report_input(r.info, 0));
    for (std::size_t i = 0; i < r.models.size(); ++i) {
      const edgemetrics::latency_model_row& m = r.models[i];
      out = fmt::format_to(out, "model #{}: {:g} ms -> {:g} ms, speedup {:.4f}x, improvement {:.2f} %\n", i,
                           m.baseline_ms, m.candidate_ms, m.speedup, m.improvement_percent);
    }
    out = fmt::format_to(
        out, "Mean improvement: {:.2f} % (arithmetic mean of per-model 100 * (baseline - candidate) / baseline)\n",
        r.aggregate.mean_improvement_percent);
    out = fmt::format_to(out, "Geometric mean speedup: {:.4f}x\n", r.aggregate.geometric_mean_speedup);
    if (!r.options.covariate.empty()) {
      out = fmt::format_to(out, "Spearman rho (speedup vs {}): {:.4f}\n", r.options.covariate,
                           r.aggregate.spearman_speedup_covariate);
    }
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_TIMING_HPP
