// edgemetrics: {fmt} console form and Markdown of a benchmark report.
//
//   fmt::print("{}", report);                       // the console form (edgemetrics-report prints it)
//   std::string md = edgemetrics::to_markdown(report);  // the same as Markdown tables
//
// Both show, in order: the table (one row per run: accuracy (mAP or top-1, with its source),
// median and p99 latency, FPS, throughput, mean power in W, energy per inference in mJ (or J
// from 1 J up), temperature change, swap change, peak RAM; a blank is "-"), the comparisons
// (median speedup with its bootstrap interval, improvement %, Mann-Whitney p and significance,
// accuracy and energy changes), the speedup groups (mean improvement, geometric mean speedup,
// Spearman correlation with the model complexity), the Pareto fronts, the verdicts with their
// warnings, and the notes. Rules: docs/conventions.md, "Benchmark report".
#ifndef EDGEMETRICS_FMT_REPORT_HPP
#define EDGEMETRICS_FMT_REPORT_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/report/benchmark_report.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics::detail {

/// "-" for a blank (nullopt or NaN), else the number in `spec` (a {fmt} spec such as "{:.2f}").
inline std::string report_cell(const std::optional<double>& x, fmt::string_view spec) {
  if (!x || std::isnan(*x)) return "-";
  return fmt::vformat(spec, fmt::make_format_args(*x));
}

/// Energy per inference: mJ below 1 J, else J.
inline std::string energy_cell(const std::optional<double>& j) {
  if (!j || std::isnan(*j)) return "-";
  if (std::fabs(*j) < 1.0) return fmt::format("{:.2f} mJ", *j * 1000.0);
  return fmt::format("{:.3f} J", *j);
}

inline std::string accuracy_cell(const report_row& row) {
  if (!row.accuracy) return "-";
  const char* what = row.source == accuracy_source::classification ? "top-1"
                     : row.source == accuracy_source::voc07        ? "mAP07"
                                                                   : "mAP10";
  return fmt::format("{:.4f} {}", *row.accuracy, what);
}

inline std::vector<std::string> report_table_header() {
  return {"run",     "accuracy",   "median ms",  "p99 ms",      "FPS",        "items/s",
          "power W", "energy/inf", "temp chg C", "swap chg MB", "peak RAM MB"};
}

/// The table's cells, one row per run.
inline std::vector<std::vector<std::string>> report_table(const benchmark_report& r) {
  std::vector<std::vector<std::string>> rows;
  for (const report_row& row : r.rows) {
    std::optional<double> watts;
    if (row.mean_power_mw) watts = *row.mean_power_mw / 1000.0;
    rows.push_back({row.run, accuracy_cell(row), report_cell(row.median_ms, "{:.2f}"),
                    report_cell(row.p99_ms, "{:.2f}"), report_cell(row.fps, "{:.1f}"),
                    report_cell(row.throughput_per_s, "{:.1f}"), report_cell(watts, "{:.2f}"),
                    energy_cell(row.energy_per_inference_j), report_cell(row.temperature_change_c, "{:+.1f}"),
                    report_cell(row.swap_change_mb, "{:+.1f}"), report_cell(row.peak_ram_mb, "{:.0f}")});
  }
  return rows;
}

inline std::string run_name(const benchmark_report& r, std::size_t i) {
  return i < r.runs.size() ? r.runs[i].name : fmt::format("#{}", i);
}

/// An attribute value for people: "(none)" when the run lacks the attribute.
inline std::string attribute_value(const std::string& v) { return v.empty() ? std::string("(none)") : v; }

/// "2.000x [95 % CI 1.900, 2.100]" (or "(summaries only)"), "improvement 50.0 %", the test.
inline std::string comparison_text(const run_comparison& c) {
  if (!c.has_latency) return "no latency in one of the runs";
  const comparison& l = c.latency;
  std::string s = fmt::format("median speedup {:.3f}x", l.median_speedup);
  if (c.from_samples && !std::isnan(l.speedup_ci_low)) {
    s += fmt::format(" [{:g} % CI {:.3f}, {:.3f}]", l.confidence * 100.0, l.speedup_ci_low, l.speedup_ci_high);
  }
  s += fmt::format(", improvement {:.1f} %", l.improvement_percent);
  if (c.from_samples) {
    s += fmt::format(", Mann-Whitney p = {:.3g} ({})", l.mann_whitney.p_value,
                     c.significant ? "significant" : "not significant");
  } else {
    s += " (from the summaries: no interval, no test)";
  }
  return s;
}

inline std::string front_text(const benchmark_report& r, const std::vector<std::size_t>& front) {
  if (front.empty()) return "-";
  std::string s;
  for (const std::size_t i : front) {
    if (!s.empty()) s += ", ";
    s += run_name(r, i);
  }
  return s;
}

inline std::string budgets_text(const report_budgets& b) {
  std::vector<std::string> parts;
  if (b.latency_ms) parts.push_back(fmt::format("p{:g} latency <= {:g} ms", b.latency_percentile, *b.latency_ms));
  if (b.min_accuracy) parts.push_back(fmt::format("accuracy >= {:g}", *b.min_accuracy));
  if (b.max_power_mw) parts.push_back(fmt::format("mean power <= {:g} W", *b.max_power_mw / 1000.0));
  if (b.max_energy_per_inference_j) {
    parts.push_back(fmt::format("energy/inference <= {:g} mJ", *b.max_energy_per_inference_j * 1000.0));
  }
  if (parts.empty()) return "no budget";
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ", ") + p;
  return s;
}

inline std::string spearman_text(double rho) { return std::isnan(rho) ? std::string("-") : fmt::format("{:.3f}", rho); }

inline std::string markdown_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

template <class Out>
Out markdown_table(Out out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   std::size_t left_columns) {
  out = fmt::format_to(out, "|");
  for (const std::string& h : header) out = fmt::format_to(out, " {} |", h);
  out = fmt::format_to(out, "\n|");
  for (std::size_t k = 0; k < header.size(); ++k) out = fmt::format_to(out, k < left_columns ? "---|" : "---:|");
  out = fmt::format_to(out, "\n");
  for (const auto& row : rows) {
    out = fmt::format_to(out, "|");
    for (const std::string& c : row) out = fmt::format_to(out, " {} |", c);
    out = fmt::format_to(out, "\n");
  }
  return out;
}

}  // namespace edgemetrics::detail

template <>
struct fmt::formatter<edgemetrics::benchmark_report> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::benchmark_report& r, Ctx& ctx) const {
    namespace em = edgemetrics;
    auto out = ctx.out();
    out = fmt::format_to(out, "=== Benchmark report: {} run{} ===\n", r.runs.size(), r.runs.size() == 1 ? "" : "s");
    const std::vector<std::string> header = em::detail::report_table_header();
    const std::vector<std::vector<std::string>> rows = em::detail::report_table(r);
    std::vector<std::size_t> width(header.size());
    for (std::size_t k = 0; k < header.size(); ++k) width[k] = header[k].size();
    for (const auto& row : rows) {
      for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], row[k].size());
    }
    const auto line = [&](const std::vector<std::string>& cells) {
      for (std::size_t k = 0; k < cells.size(); ++k) {
        if (k == 0) {
          out = fmt::format_to(out, "{:<{}}", cells[k], width[k]);
        } else {
          out = fmt::format_to(out, "  {:>{}}", cells[k], width[k]);
        }
      }
      out = fmt::format_to(out, "\n");
    };
    line(header);
    for (const auto& row : rows) line(row);

    if (!r.comparisons.empty()) {
      out = fmt::format_to(out, "\nComparisons (runs that differ in one attribute; speedup = baseline / candidate):\n");
      for (const em::run_comparison& c : r.comparisons) {
        out = fmt::format_to(out, "  {} vs {} ({}: {} -> {}): {}", em::detail::run_name(r, c.candidate),
                             em::detail::run_name(r, c.baseline), c.attribute,
                             em::detail::attribute_value(c.baseline_value),
                             em::detail::attribute_value(c.candidate_value), em::detail::comparison_text(c));
        if (c.accuracy_change) out = fmt::format_to(out, "; accuracy {:+.4f}", *c.accuracy_change);
        if (c.energy_change_percent)
          out = fmt::format_to(out, "; energy/inference {:+.1f} %", *c.energy_change_percent);
        out = fmt::format_to(out, "\n");
      }
    }
    if (!r.groups.empty()) {
      out = fmt::format_to(out, "\nSpeedup groups (the same change over several models):\n");
      for (const em::speedup_group& g : r.groups) {
        out = fmt::format_to(out,
                             "  {}: {} -> {} over {} models: mean improvement {:.1f} %, geometric mean speedup "
                             "{:.3f}x, Spearman (speedup vs FLOPs) {}\n",
                             g.attribute, em::detail::attribute_value(g.baseline_value),
                             em::detail::attribute_value(g.candidate_value), g.aggregate.models,
                             g.aggregate.mean_improvement_percent, g.aggregate.geometric_mean_speedup,
                             em::detail::spearman_text(g.aggregate.spearman_speedup_covariate));
      }
    }
    out = fmt::format_to(out, "\nPareto fronts (accuracy up, median latency and energy per inference down):\n");
    out = fmt::format_to(out, "  accuracy vs latency:          {}\n",
                         em::detail::front_text(r, r.pareto_accuracy_latency));
    out = fmt::format_to(out, "  accuracy vs energy:           {}\n",
                         em::detail::front_text(r, r.pareto_accuracy_energy));
    out = fmt::format_to(out, "  accuracy, latency and energy: {}\n", em::detail::front_text(r, r.pareto));

    out = fmt::format_to(out, "\nVerdicts ({}):\n", em::detail::budgets_text(r.options.budgets));
    for (std::size_t i = 0; i < r.verdicts.size(); ++i) {
      const em::run_verdict& v = r.verdicts[i];
      out = fmt::format_to(out, "  {}: {} (latency {}, accuracy {}, power {})\n", em::detail::run_name(r, i), v.overall,
                           v.latency, v.accuracy, v.power);
      for (const std::string& w : v.warnings) out = fmt::format_to(out, "    warning: {}\n", w);
    }
    if (!r.notes.empty()) {
      out = fmt::format_to(out, "\nNotes:\n");
      for (const std::string& n : r.notes) out = fmt::format_to(out, "  {}\n", n);
    }
    return out;
  }
};

namespace edgemetrics {

/// The report as Markdown: the table, then "Comparisons", "Speedup groups", "Pareto fronts",
/// "Verdicts" and "Notes" sections (a section without entries is left out, except the fronts
/// and verdicts). Table cells escape |, \, *, _ and `.
inline std::string to_markdown(const benchmark_report& r) {
  using detail::markdown_escape;
  std::string s;
  auto out = std::back_inserter(s);
  out = fmt::format_to(out, "## Benchmark report\n\n");
  std::vector<std::vector<std::string>> rows = detail::report_table(r);
  for (auto& row : rows) row[0] = markdown_escape(row[0]);
  out = detail::markdown_table(out, detail::report_table_header(), rows, 1);

  if (!r.comparisons.empty()) {
    out = fmt::format_to(out,
                         "\n### Comparisons\n\nRuns that differ in one attribute; speedup = baseline / candidate.\n\n");
    std::vector<std::vector<std::string>> cells;
    for (const run_comparison& c : r.comparisons) {
      const comparison& l = c.latency;
      std::vector<std::string> row{markdown_escape(detail::run_name(r, c.baseline)),
                                   markdown_escape(detail::run_name(r, c.candidate)), markdown_escape(c.attribute),
                                   markdown_escape(detail::attribute_value(c.baseline_value)) + " -> " +
                                       markdown_escape(detail::attribute_value(c.candidate_value))};
      if (c.has_latency) {
        row.push_back(fmt::format("{:.3f}", l.median_speedup));
        row.push_back(c.from_samples && !std::isnan(l.speedup_ci_low)
                          ? fmt::format("{:.3f} to {:.3f}", l.speedup_ci_low, l.speedup_ci_high)
                          : std::string("-"));
        row.push_back(fmt::format("{:.1f}", l.improvement_percent));
        row.push_back(c.from_samples ? fmt::format("{:.3g}", l.mann_whitney.p_value) : std::string("-"));
        row.push_back(c.from_samples ? (c.significant ? "yes" : "no") : "-");
      } else {
        row.insert(row.end(), {"-", "-", "-", "-", "-"});
      }
      row.push_back(detail::report_cell(c.accuracy_change, "{:+.4f}"));
      row.push_back(detail::report_cell(c.energy_change_percent, "{:+.1f}"));
      cells.push_back(std::move(row));
    }
    out = detail::markdown_table(
        out,
        {"baseline", "candidate", "attribute", "change", "median speedup", "speedup CI", "improvement %",
         "Mann-Whitney p", "significant", "accuracy change", "energy/inf change %"},
        cells, 4);
  }
  if (!r.groups.empty()) {
    out = fmt::format_to(out, "\n### Speedup groups\n\n");
    std::vector<std::vector<std::string>> cells;
    for (const speedup_group& g : r.groups) {
      cells.push_back({markdown_escape(g.attribute),
                       markdown_escape(detail::attribute_value(g.baseline_value)) + " -> " +
                           markdown_escape(detail::attribute_value(g.candidate_value)),
                       fmt::format("{}", g.aggregate.models),
                       fmt::format("{:.1f}", g.aggregate.mean_improvement_percent),
                       fmt::format("{:.3f}", g.aggregate.geometric_mean_speedup),
                       detail::spearman_text(g.aggregate.spearman_speedup_covariate)});
    }
    out = detail::markdown_table(out,
                                 {"attribute", "change", "models", "mean improvement %", "geometric mean speedup",
                                  "Spearman (speedup vs FLOPs)"},
                                 cells, 2);
  }
  out = fmt::format_to(out, "\n### Pareto fronts\n\nAccuracy up, median latency and energy per inference down.\n\n");
  out = fmt::format_to(out, "- accuracy vs latency: {}\n",
                       markdown_escape(detail::front_text(r, r.pareto_accuracy_latency)));
  out = fmt::format_to(out, "- accuracy vs energy: {}\n",
                       markdown_escape(detail::front_text(r, r.pareto_accuracy_energy)));
  out = fmt::format_to(out, "- accuracy, latency and energy: {}\n", markdown_escape(detail::front_text(r, r.pareto)));

  out = fmt::format_to(out, "\n### Verdicts\n\nBudgets: {}.\n\n", detail::budgets_text(r.options.budgets));
  std::vector<std::vector<std::string>> cells;
  for (std::size_t i = 0; i < r.verdicts.size(); ++i) {
    const run_verdict& v = r.verdicts[i];
    std::string warnings;
    for (const std::string& w : v.warnings) warnings += (warnings.empty() ? "" : "; ") + markdown_escape(w);
    cells.push_back({markdown_escape(detail::run_name(r, i)), std::string(to_string(v.overall)),
                     std::string(to_string(v.latency)), std::string(to_string(v.accuracy)),
                     std::string(to_string(v.power)), warnings.empty() ? std::string("-") : warnings});
  }
  out = detail::markdown_table(out, {"run", "overall", "latency", "accuracy", "power", "warnings"}, cells, 6);
  if (!r.notes.empty()) {
    out = fmt::format_to(out, "\n### Notes\n\n");
    for (const std::string& n : r.notes) out = fmt::format_to(out, "- {}\n", markdown_escape(n));
  }
  return s;
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_FMT_REPORT_HPP
