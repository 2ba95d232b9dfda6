// edgemetrics: {fmt} formatters for the hardware area.
//
// fmt::format("{}", summary) of a metric_summary:
//   "n = 3, min = 8626, mean = 8692.67, max = 8726, first = 8726, last = 8726, delta = 0"
// fmt::print("{}", report) of a tegrastats_report prints its console form, as
// edgemetrics-tegrastats prints it: a header (source, samples, lines skipped), the power mode
// when given, a table with one row per metric (RAM, swap, CPU, GPU and EMC load, every
// temperature, the board power and every rail), the energy with its per-inference figures
// (and above the idle baseline), the time above the temperature threshold. Numbers with {:g}
// (6 significant digits); enums by name (fmt/common.hpp).
#ifndef EDGEMETRICS_FMT_HARDWARE_HPP
#define EDGEMETRICS_FMT_HARDWARE_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/hardware.hpp>

#include <cstddef>
#include <string>
#include <string_view>

template <>
struct fmt::formatter<edgemetrics::metric_summary> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::metric_summary& s, Ctx& ctx) const {
    return fmt::format_to(ctx.out(),
                          "n = {}, min = {:g}, mean = {:g}, max = {:g}, first = {:g}, last = {:g}, delta = {:g}",
                          s.count, s.min, s.mean, s.max, s.first, s.last, s.delta);
  }
};

namespace edgemetrics::detail {

/// One table row: the label, then count, min, mean, max, first, last, delta. Nothing for an
/// empty metric.
template <class Out>
Out hardware_row(Out out, std::string_view label, const metric_summary& s) {
  if (s.count == 0) return out;
  return fmt::format_to(out, "{:<30} {:>6} {:>10g} {:>10g} {:>10g} {:>10g} {:>10g} {:>10g}\n", label, s.count, s.min,
                        s.mean, s.max, s.first, s.last, s.delta);
}

template <class Out>
Out energy_lines(Out out, const std::string& prefix, const energy_figures& f, const energy_result& e) {
  if (e.inferences > 0) {
    out = fmt::format_to(out, "{}per inference {:g} mJ ({:g} J, {} inferences), {:g} inferences/J", prefix,
                         f.energy_per_inference_mj, f.energy_per_inference_j, e.inferences, f.inferences_per_joule);
    if (e.queries != e.inferences) out = fmt::format_to(out, ", {:g} mJ/query ({} queries)", f.mj_per_query, e.queries);
    out = fmt::format_to(out, "\n");
  }
  return out;
}

}  // namespace edgemetrics::detail

template <>
struct fmt::formatter<edgemetrics::tegrastats_report> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::tegrastats_report& r, Ctx& ctx) const {
    namespace em = edgemetrics;
    const em::hardware_summary& h = r.summary;
    auto out = ctx.out();
    const std::string source = r.info.inputs.empty() ? std::string("samples") : r.info.inputs.front();
    out = fmt::format_to(out, "=== Hardware summary: {} ({} sample{}", source, h.samples, h.samples == 1 ? "" : "s");
    if (r.source.lines > 0) {
      out = fmt::format_to(out, " of {} read; {} lines, {} skipped, {} unknown tokens", r.source.samples,
                           r.source.lines, r.source.skipped_lines, r.source.unknown_tokens);
    }
    out = fmt::format_to(out, ") ===\n");
    if (h.samples > 0) {
      out = fmt::format_to(out, "Samples in the window: t = {} .. {} s ({:g} s)\n", h.first_time_s, h.last_time_s,
                           h.last_time_s - h.first_time_s);
    } else {
      out = fmt::format_to(out, "Samples in the window: none\n");
    }
    if (!r.options.power.nvpmodel.empty() || r.options.power.jetson_clocks) {
      out = fmt::format_to(
          out, "Power mode: nvpmodel {}, jetson_clocks {}\n",
          r.options.power.nvpmodel.empty() ? std::string("(not given)") : r.options.power.nvpmodel,
          !r.options.power.jetson_clocks ? "(not given)" : (*r.options.power.jetson_clocks ? "on" : "off"));
    }
    out = fmt::format_to(out, "{:<30} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "metric", "n", "min", "mean",
                         "max", "first", "last", "delta");
    if (h.ram_mb.count > 0) {
      out = em::detail::hardware_row(out, fmt::format("RAM used (MB of {:g})", h.ram_total_mb), h.ram_mb);
    }
    out = em::detail::hardware_row(out, "Swap used (MB)", h.swap_mb);
    out = em::detail::hardware_row(out, "CPU load (%, mean of cores)", h.cpu_load_percent);
    out = em::detail::hardware_row(out, "GPU load (%)", h.gpu_load_percent);
    out = em::detail::hardware_row(out, "EMC load (%)", h.emc_load_percent);
    for (const em::named_summary& t : h.temperatures_c) {
      out = em::detail::hardware_row(out, fmt::format("Temperature {} (C)", t.name), t.summary);
    }
    out = em::detail::hardware_row(out, fmt::format("Power (mW, {})", h.power_rule), h.power_mw);
    for (const em::named_summary& p : h.rails_mw) {
      out = em::detail::hardware_row(out, fmt::format("Rail {} (mW)", p.name), p.summary);
    }
    if (h.power_rule == em::total_power_rule::none) {
      out =
          fmt::format_to(out, "Power: not available (no power rail in the samples; tegrastats prints them as root)\n");
    }
    if (h.energy) {
      const em::energy_result& e = *h.energy;
      out = fmt::format_to(out, "Energy: {:g} J over {:g} s (t = {} .. {} s), mean power {:g} mW\n", e.total.energy_j,
                           e.duration_s, e.from_s, e.to_s, e.total.mean_power_mw);
      out = em::detail::energy_lines(out, "Energy ", e.total, e);
      if (e.above_idle) {
        out = fmt::format_to(out, "Above idle ({:g} mW): {:g} J, mean {:g} mW\n", *e.idle_baseline_mw,
                             e.above_idle->energy_j, e.above_idle->mean_power_mw);
        out = em::detail::energy_lines(out, "Above idle ", *e.above_idle, e);
      }
    } else {
      out = fmt::format_to(out, "Energy: not available (fewer than two timed samples with power in the window)\n");
    }
    if (r.options.summary.temperature_threshold_c) {
      out = fmt::format_to(out, "Time above {:g} C:", *r.options.summary.temperature_threshold_c);
      for (std::size_t i = 0; i < h.time_above_threshold_s.size(); ++i) {
        const em::named_seconds& s = h.time_above_threshold_s[i];
        out = fmt::format_to(out, "{} {} {:g} s", i == 0 ? "" : ",", s.name, s.seconds);
      }
      if (h.time_above_threshold_s.empty()) out = fmt::format_to(out, " no temperature");
      out = fmt::format_to(out, "\n");
    }
    if (h.backward_steps > 0) {
      out = fmt::format_to(out, "Clock stepped back {} times (those segments are not integrated)\n", h.backward_steps);
    }
    if (h.rail_above_input_samples > 0) {
      out = fmt::format_to(out,
                           "Warning: in {} sample{} a rail draws more than the input rail taken as the board total "
                           "(first: {}): power and energy are probably too low\n",
                           h.rail_above_input_samples, h.rail_above_input_samples == 1 ? "" : "s",
                           h.rail_above_input_example);
    }
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_HARDWARE_HPP
