// The benchmark report as one self-contained HTML page: tables, then inline SVG plots (svg.hpp).
// No JavaScript, no external resource; every text from the data is escaped; numbers are written
// with std::to_chars (locale-independent); the same report gives the same bytes.
#include <edgemetrics/report/html.hpp>
#include <edgemetrics/version.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svg.hpp"

namespace edgemetrics {

namespace {

namespace svg = detail::svg;
using svg::escape;

constexpr double fig_width = 580;
constexpr double margin_left = 66;
constexpr double margin_top = 34;
constexpr double margin_bottom = 48;
constexpr std::size_t max_label_chars = 28;
constexpr std::size_t max_cdf_points = 500;

bool finite(double v) noexcept { return std::isfinite(v); }
bool finite(const std::optional<double>& v) noexcept { return v && std::isfinite(*v); }

// ---- table cells ----

std::string cell(const std::optional<double>& v, int decimals, double scale = 1) {
  return finite(v) && finite(*v * scale) ? svg::fixed(*v * scale, decimals) : "-";
}
std::string signed_cell(const std::optional<double>& v, int decimals, double scale = 1) {
  if (!finite(v) || !finite(*v * scale)) return "-";
  std::string s = svg::fixed(*v * scale, decimals);
  return s[0] == '-' || s.find_first_not_of("0.") == std::string::npos ? s : "+" + s;
}
std::string sig_cell(const std::optional<double>& v, int digits, double scale = 1) {
  return finite(v) && finite(*v * scale) ? svg::significant(*v * scale, digits) : "-";
}
std::optional<double> opt(double v) { return finite(v) ? std::optional<double>(v) : std::nullopt; }

std::string run_name(const benchmark_report& r, std::size_t i) {
  if (i < r.runs.size() && !r.runs[i].name.empty()) return r.runs[i].name;
  if (i < r.rows.size() && !r.rows[i].run.empty()) return r.rows[i].run;
  return "run " + std::to_string(i + 1);
}

const report_row* row_of(const benchmark_report& r, std::size_t i) { return i < r.rows.size() ? &r.rows[i] : nullptr; }

std::string_view source_tag(accuracy_source s) {
  switch (s) {
    case accuracy_source::classification:
      return "top-1";
    case accuracy_source::voc07:
      return "mAP VOC07";
    case accuracy_source::voc10:
      return "mAP VOC10";
    case accuracy_source::none:
      break;
  }
  return "";
}

// The y-axis title of accuracy: "mAP" when every run with one is a detection run, "accuracy"
// when every one is classification, both otherwise.
std::string accuracy_title(const benchmark_report& r) {
  bool det = false, cls = false;
  for (const report_row& row : r.rows) {
    if (!finite(row.accuracy)) continue;
    (row.source == accuracy_source::classification ? cls : det) = true;
  }
  return det && !cls ? "mAP (%)" : cls && !det ? "accuracy (%)" : "accuracy or mAP (%)";
}

// ---- the page ----

constexpr std::string_view css =
    R"(body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff;max-width:1280px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.meta{color:#555;margin:0 0 12px;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:4px 0 8px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f3f3f3;font-weight:600}td.name,th.name,td.text{text-align:left}tbody tr:nth-child(even){background:#fafafa}
small{color:#666}.note{color:#555;font-size:13px;margin:4px 0}.pass{color:#1a7f37;font-weight:600}.fail{color:#c62828;font-weight:600}.unknown{color:#777}
.plots{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #e3e3e3;padding:6px;background:#fff}
figure svg{display:block;max-width:100%;height:auto}figcaption{font-size:12px;color:#555;max-width:580px;margin-top:4px}
td{white-space:nowrap}td.text{white-space:normal}
ul{margin:4px 0;padding-left:22px;font-size:13px}footer{margin-top:24px}.swatch{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px}
)";

class page {
 public:
  page(const benchmark_report& r, const html_options& o) : r_(r), o_(o) {}

  std::string build() {
    head();
    summary_table();
    runs_table();
    comparisons();
    groups();
    pareto();
    verdicts();
    notes();
    // Plots over all runs first, then the per-run ones.
    out_ += "<h2>Plots</h2>\n";
    section("Accuracy, latency and energy");
    scatter("accuracy-latency", "Accuracy vs latency", "median latency (ms)", 1, r_.pareto_accuracy_latency,
            [](const report_row& row) { return row.median_ms; });
    scatter("accuracy-energy", "Accuracy vs energy", "energy per inference (mJ)", 1000, r_.pareto_accuracy_energy,
            [](const report_row& row) { return row.energy_per_inference_j; });
    end_section();
    speedup_flops();
    end_section();
    latency();
    end_section();
    power_temperature();
    end_section();
    pr_curves();
    end_section();
    out_ += "<footer class=\"note\">Made by edgemetrics " EDGEMETRICS_VERSION_STRING
            ". Definitions: docs/conventions.md, &ldquo;HTML report&rdquo;.</footer>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  const benchmark_report& r_;
  const html_options& o_;
  std::string out_;
  std::string pending_;  // notes of the current plot section

  std::string name(std::size_t i) const { return run_name(r_, i); }
  std::string swatch(std::size_t i) const {
    return "<span class=\"swatch\" style=\"background:" + std::string(svg::run_colour(i)) + "\"></span>";
  }

  // A plot left out: one line saying why, after the section's figures.
  void note(std::string_view plot, std::string_view markup) {
    pending_ += "<p class=\"note\" data-missing-plot=\"";
    pending_ += plot;
    pending_ += "\">";
    pending_ += markup;
    pending_ += "</p>\n";
  }

  void section(std::string_view heading) {
    out_ += "<h3>";
    out_ += heading;
    out_ += "</h3>\n<div class=\"plots\">\n";
  }
  void end_section() {
    out_ += "</div>\n";
    out_ += pending_;
    pending_.clear();
  }

  void figure_out(const svg::figure& f, std::string_view caption) {
    out_ += "<figure>\n";
    out_ += f.str();
    if (!caption.empty()) {
      out_ += "<figcaption>";
      out_ += caption;
      out_ += "</figcaption>\n";
    }
    out_ += "</figure>\n";
  }

  void head() {
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    svg::append_escaped(out_, o_.title);
    out_ += "</title>\n<style>\n";
    out_ += css;
    out_ += "</style>\n</head>\n<body>\n<h1>";
    svg::append_escaped(out_, o_.title);
    out_ += "</h1>\n<p class=\"meta\">" + std::to_string(r_.runs.size()) + (r_.runs.size() == 1 ? " run" : " runs");
    if (!r_.info.tool.empty()) {
      out_ += " &middot; made by ";
      svg::append_escaped(out_, r_.info.tool);
    }
    if (!r_.info.inputs.empty()) {
      out_ += " &middot; inputs: ";
      for (std::size_t i = 0; i < r_.info.inputs.size(); ++i) {
        if (i > 0) out_ += ", ";
        out_ += "<code>";
        svg::append_escaped(out_, r_.info.inputs[i]);
        out_ += "</code>";
      }
    }
    out_ += "</p>\n";
  }

  void runs_table() {
    out_ += "<h2>Runs</h2>\n";
    if (r_.runs.empty()) {
      out_ += "<p class=\"note\">The report has no run.</p>\n";
      return;
    }
    out_ +=
        "<table class=\"runs\">\n<thead><tr><th class=\"name\">run</th><th class=\"name\">attributes</th>"
        "<th>parameters</th><th>FLOPs</th><th>Mult-Adds</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r_.runs.size(); ++i) {
      const benchmark_run& run = r_.runs[i];
      out_ += "<tr><td class=\"name\">" + swatch(i) + escape(name(i)) + "</td><td class=\"text\">";
      for (std::size_t a = 0; a < run.attributes.size(); ++a) {
        if (a > 0) out_ += "; ";
        svg::append_escaped(out_, run.attributes[a].name);
        out_ += " = ";
        svg::append_escaped(out_, run.attributes[a].value);
      }
      if (run.attributes.empty()) out_ += "-";
      auto si = [](const std::optional<double>& v) { return finite(v) ? svg::si(*v) : std::string("-"); };
      out_ += "</td><td>" + si(run.model.parameters) + "</td><td>" + si(run.model.flops) + "</td><td>" +
              si(run.model.mult_adds) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void summary_table() {
    out_ += "<h2>Summary</h2>\n";
    if (r_.rows.empty()) {
      out_ += "<p class=\"note\">No run to summarise.</p>\n";
      return;
    }
    out_ +=
        "<table class=\"summary\">\n<thead><tr><th class=\"name\">model</th><th>accuracy / mAP (%)</th>"
        "<th>median (ms)</th><th>p99 (ms)</th><th>FPS</th><th>throughput (/s)</th><th>total (s)</th>"
        "<th>mean power (W)</th><th>energy / inference (mJ)</th><th>temperature change (&deg;C)</th>"
        "<th>swap change (MB)</th><th>peak RAM (MB)</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r_.rows.size(); ++i) {
      const report_row& row = r_.rows[i];
      out_ += "<tr><td class=\"name\">" + swatch(i) + escape(row.run.empty() ? name(i) : row.run) + "</td><td>" +
              cell(row.accuracy, 2, 100);
      if (finite(row.accuracy) && row.source != accuracy_source::none) {
        out_ += " <small>";
        out_ += source_tag(row.source);
        out_ += "</small>";
      }
      out_ += "</td><td>" + sig_cell(row.median_ms, 4) + "</td><td>" + sig_cell(row.p99_ms, 4) + "</td><td>" +
              cell(row.fps, 1) + "</td><td>" + cell(row.throughput_per_s, 1) + "</td><td>" + sig_cell(row.total_s, 4) +
              "</td><td>" + cell(row.mean_power_mw, 2, 1e-3) + "</td><td>" +
              sig_cell(row.energy_per_inference_j, 4, 1e3) + "</td><td>" + signed_cell(row.temperature_change_c, 1) +
              "</td><td>" + signed_cell(row.swap_change_mb, 1) + "</td><td>" + cell(row.peak_ram_mb, 0) +
              "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
    out_ +=
        "<p class=\"note\">Latency of the first stage; FPS = 1000 &times; batch / mean latency; throughput = items "
        "per second of wall time; mean power is time-weighted; changes are last &minus; first sample. "
        "&ldquo;-&rdquo;: not measured.</p>\n";
  }

  void comparisons() {
    out_ += "<h2>Comparisons</h2>\n";
    if (r_.comparisons.empty()) {
      out_ += "<p class=\"note\">No two runs differ in exactly one attribute.</p>\n";
      return;
    }
    out_ +=
        "<table class=\"comparisons\">\n<thead><tr><th class=\"name\">baseline</th><th class=\"name\">candidate</th>"
        "<th class=\"name\">change</th><th>median speedup (&times;)</th><th>interval</th><th>improvement (%)</th>"
        "<th>Mann-Whitney p</th><th>significant</th><th>accuracy change (points)</th><th>energy change (%)</th>"
        "</tr></thead>\n<tbody>\n";
    for (const run_comparison& c : r_.comparisons) {
      out_ += "<tr><td class=\"name\">" + escape(name(c.baseline)) + "</td><td class=\"name\">" +
              escape(name(c.candidate)) + "</td><td class=\"text\">" + escape(c.attribute) + ": " +
              escape(c.baseline_value) + " &rarr; " + escape(c.candidate_value) + "</td>";
      const comparison& l = c.latency;
      std::string speedup = "-", interval = "-", improvement = "-", p = "-", sig = "-";
      if (c.has_latency) {
        speedup = sig_cell(opt(l.median_speedup), 4);
        improvement = signed_cell(opt(l.improvement_percent), 1);
        if (c.from_samples) {
          if (finite(l.speedup_ci_low) && finite(l.speedup_ci_high) && l.confidence > 0) {
            interval = svg::significant(l.speedup_ci_low, 4) + " &ndash; " + svg::significant(l.speedup_ci_high, 4) +
                       " <small>(" + svg::plain(100 * l.confidence) + " %)</small>";
          }
          const double pv = l.mann_whitney.p_value;
          p = !finite(pv) ? "-" : pv < 0.001 ? "&lt; 0.001" : svg::fixed(pv, 3);
          sig = c.significant ? "yes" : "no";
        }
      }
      out_ += "<td>" + speedup + "</td><td>" + interval + "</td><td>" + improvement + "</td><td>" + p + "</td><td>" +
              sig + "</td><td>" + signed_cell(c.accuracy_change, 2, 100) + "</td><td>" +
              signed_cell(c.energy_change_percent, 1) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
    out_ +=
        "<p class=\"note\">The earlier run is the baseline. Speedup = baseline median / candidate median; "
        "improvement = 100 &times; (baseline &minus; candidate) / baseline; the interval is a bootstrap interval "
        "of the median speedup; &ldquo;significant&rdquo;: Mann-Whitney p &lt; " +
        svg::plain(r_.options.significance) + ".</p>\n";
  }

  void groups() {
    out_ += "<h2>Speedup over models</h2>\n";
    if (r_.groups.empty()) {
      out_ += "<p class=\"note\">No attribute change is compared over two or more models.</p>\n";
      return;
    }
    out_ +=
        "<table class=\"groups\">\n<thead><tr><th class=\"name\">change</th><th>models</th>"
        "<th>mean improvement (%)</th><th>geometric mean speedup (&times;)</th>"
        "<th>Spearman &rho; (speedup, FLOPs)</th></tr></thead>\n<tbody>\n";
    for (const speedup_group& g : r_.groups) {
      out_ += "<tr><td class=\"text\">" + escape(g.attribute) + ": " + escape(g.baseline_value) + " &rarr; " +
              escape(g.candidate_value) + "</td><td>" + std::to_string(g.aggregate.models) + "</td><td>" +
              signed_cell(opt(g.aggregate.mean_improvement_percent), 1) + "</td><td>" +
              sig_cell(opt(g.aggregate.geometric_mean_speedup), 4) + "</td><td>" +
              cell(opt(g.aggregate.spearman_speedup_covariate), 3) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  std::string run_list(const std::vector<std::size_t>& indices) const {
    if (indices.empty()) return "<span class=\"unknown\">none</span>";
    std::string s;
    for (std::size_t k = 0; k < indices.size(); ++k) {
      if (k > 0) s += ", ";
      s += swatch(indices[k]) + escape(name(indices[k]));
    }
    return s;
  }

  void pareto() {
    out_ += "<h2>Pareto front</h2>\n<ul class=\"pareto\">\n";
    out_ += "<li>accuracy &times; latency: " + run_list(r_.pareto_accuracy_latency) + "</li>\n";
    out_ += "<li>accuracy &times; energy: " + run_list(r_.pareto_accuracy_energy) + "</li>\n";
    out_ += "<li>accuracy &times; latency &times; energy: " + run_list(r_.pareto) + "</li>\n</ul>\n";
    out_ +=
        "<p class=\"note\">A run is on a front when no other run is at least as good in every objective and "
        "better in one (accuracy maximised, median latency and energy per inference minimised); only runs "
        "with every objective of the front take part.</p>\n";
  }

  static std::string status(verdict_status s) {
    const std::string_view n = to_string(s);
    return "<span class=\"" + std::string(n) + "\">" + std::string(n) + "</span>";
  }

  void verdicts() {
    out_ += "<h2>Verdicts</h2>\n";
    const report_budgets& b = r_.options.budgets;
    out_ += "<p class=\"note\">Budgets: latency ";
    out_ += finite(b.latency_ms) ? "p" + svg::plain(b.latency_percentile) + " &le; " + svg::plain(*b.latency_ms) + " ms"
                                 : std::string("none");
    out_ += "; accuracy ";
    out_ += finite(b.min_accuracy) ? "&ge; " + svg::plain(100 * *b.min_accuracy) + " %" : std::string("none");
    out_ += "; mean power ";
    out_ += finite(b.max_power_mw) ? "&le; " + svg::plain(*b.max_power_mw / 1000) + " W" : std::string("none");
    if (finite(b.max_energy_per_inference_j)) {
      out_ += "; energy per inference &le; " + svg::plain(*b.max_energy_per_inference_j * 1000) + " mJ";
    }
    out_ += ".</p>\n";
    if (r_.verdicts.empty()) {
      out_ += "<p class=\"note\">No verdict.</p>\n";
      return;
    }
    out_ +=
        "<table class=\"verdicts\">\n<thead><tr><th class=\"name\">run</th><th>latency</th><th>accuracy</th>"
        "<th>power</th><th>overall</th><th class=\"name\">warnings</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r_.verdicts.size(); ++i) {
      const run_verdict& v = r_.verdicts[i];
      out_ += "<tr><td class=\"name\">" + swatch(i) + escape(name(i)) + "</td><td>" + status(v.latency) + "</td><td>" +
              status(v.accuracy) + "</td><td>" + status(v.power) + "</td><td>" + status(v.overall) +
              "</td><td class=\"text\">";
      for (std::size_t w = 0; w < v.warnings.size(); ++w) {
        if (w > 0) out_ += "<br>";
        svg::append_escaped(out_, v.warnings[w]);
      }
      if (v.warnings.empty()) out_ += "-";
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void notes() {
    out_ += "<h2>Notes</h2>\n";
    if (r_.notes.empty()) {
      out_ += "<p class=\"note\">None.</p>\n";
      return;
    }
    out_ += "<ul class=\"notes\">\n";
    for (const std::string& n : r_.notes) {
      out_ += "<li>";
      svg::append_escaped(out_, n);
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  // ---- plots ----

  void pr_curves() {
    section("Precision-recall curves");
    bool any = false;
    for (std::size_t i = 0; i < r_.runs.size(); ++i) {
      const benchmark_run& run = r_.runs[i];
      if (!run.detection || run.detection->curves.empty()) continue;
      const std::vector<named_pr_curve>& curves = run.detection->curves;
      const voc_report& vr = run.detection->report;
      const bool voc07 = vr.shows(ap_method::voc07_11_point);
      std::vector<svg::legend_entry> legend;
      for (std::size_t k = 0; k < curves.size(); ++k) {
        std::string text = svg::label(curves[k].name, 18);
        for (const voc_class_result& c : vr.result.classes) {
          if (c.name == curves[k].name) {
            const double ap = voc07 ? c.ap_voc07 : c.ap_voc10;
            if (finite(ap)) text += " <tspan fill=\"#666\">" + svg::fixed(100 * ap, 1) + "</tspan>";
            break;
          }
        }
        legend.push_back({svg::legend_entry::kind::line, std::string(svg::class_colour(k)), std::move(text)});
      }
      const double height = 440;
      const double lw = svg::figure::legend_width(legend);
      svg::figure f("pr-curves", fig_width, height, escape(name(i)));
      svg::panel p;
      p.left = margin_left;
      p.top = margin_top;
      p.width = fig_width - margin_left - lw - 24;
      p.height = height - margin_top - margin_bottom;
      p.x = svg::fixed_axis("recall", 0, 1, 0.2);
      p.y = svg::fixed_axis("precision", 0, 1, 0.2);
      f.title("Precision-recall: " + svg::label(name(i), 40));
      f.axes(p);
      for (std::size_t k = 0; k < curves.size(); ++k) {
        f.line(p, curves[k].curve.recall, curves[k].curve.precision, svg::class_colour(k), 1.4);
      }
      f.text(p.left + p.width + 12, p.top - 4, std::string("class, AP ") + (voc07 ? "VOC07" : "VOC10") + " (%)",
             "start", 10, "#555");
      f.legend(p.left + p.width + 12, p.top, legend, static_cast<std::size_t>(p.height / 15));
      std::string caption = escape(name(i)) + ": " + std::to_string(curves.size()) +
                            (curves.size() == 1 ? " class" : " classes") + "; mAP " + (voc07 ? "VOC07 " : "VOC10 ") +
                            (finite(voc07 ? vr.result.map_voc07 : vr.result.map_voc10)
                                 ? svg::fixed(100 * (voc07 ? vr.result.map_voc07 : vr.result.map_voc10), 2) + " %"
                                 : std::string("-")) +
                            ".";
      if (curves.size() > 20) caption += " Colours repeat after 20 classes.";
      figure_out(f, caption);
      any = true;
    }
    if (!any) note("pr-curves", "No precision-recall plot: no detection run kept precision-recall curves.");
  }

  // The finite latencies of a run, sorted, and the range its plots show: [min, max], or
  // [min, p99] when the tail is long (max - min > 3 (p99 - min)).
  struct latency_view {
    std::size_t run = 0;
    std::vector<double> sorted;
    double lo = 0, hi = 0;
    std::size_t above = 0;  ///< samples > hi (not shown)
  };

  std::vector<latency_view> latency_views() const {
    std::vector<latency_view> views;
    for (std::size_t i = 0; i < r_.runs.size(); ++i) {
      const benchmark_run& run = r_.runs[i];
      if (!run.latency) continue;
      latency_view v;
      v.run = i;
      for (const double x : run.latency->samples_ms) {
        if (finite(x)) v.sorted.push_back(x);
      }
      if (v.sorted.empty()) continue;
      std::sort(v.sorted.begin(), v.sorted.end());
      const std::size_t n = v.sorted.size();
      const std::size_t rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(n)));
      const double p99 = v.sorted[std::max<std::size_t>(rank, 1) - 1];
      v.lo = v.sorted.front();
      v.hi = v.sorted.back();
      if (p99 > v.lo && v.hi - v.lo > 3 * (p99 - v.lo)) {
        v.hi = p99;
        v.above = static_cast<std::size_t>(v.sorted.end() - std::upper_bound(v.sorted.begin(), v.sorted.end(), p99));
      }
      views.push_back(std::move(v));
    }
    return views;
  }

  void latency() {
    section("Latency");
    const std::vector<latency_view> views = latency_views();
    if (views.empty()) {
      note("latency-histogram", "No latency histogram: no run has latency samples.");
      note("latency-cdf", "No latency CDF: no run has latency samples.");
      return;
    }
    cdf(views);
    for (const latency_view& v : views) histogram(v);
  }

  void histogram(const latency_view& v) {
    const std::size_t bins = o_.histogram_bins;
    double lo = v.lo, hi = v.hi;
    if (!(hi > lo)) {
      const double d = std::max(std::fabs(lo) * 0.02, 0.001);
      lo -= d;
      hi += d;
    }
    const double w = (hi - lo) / static_cast<double>(bins);
    std::vector<std::size_t> counts(bins, 0);
    for (const double x : v.sorted) {
      if (x > hi) break;
      const auto b = static_cast<std::size_t>(std::max(0.0, std::floor((x - lo) / w)));
      ++counts[std::min(b, bins - 1)];
    }
    const double n = static_cast<double>(v.sorted.size());
    double top = 0;
    for (const std::size_t c : counts) top = std::max(top, 100 * static_cast<double>(c) / n);
    const report_row* row = row_of(r_, v.run);
    std::vector<svg::legend_entry> legend;
    legend.push_back({svg::legend_entry::kind::box, std::string(svg::run_colour(v.run)),
                      std::to_string(v.sorted.size()) + " samples"});
    if (row && finite(row->median_ms)) {
      legend.push_back(
          {svg::legend_entry::kind::dashed, "#111", "median " + svg::significant(*row->median_ms, 4) + " ms"});
    }
    if (row && finite(row->p99_ms)) {
      legend.push_back(
          {svg::legend_entry::kind::dashed, "#c62828", "p99 " + svg::significant(*row->p99_ms, 4) + " ms"});
    }
    const double height = 330, lw = svg::figure::legend_width(legend);
    svg::figure f("latency-histogram", fig_width, height, escape(name(v.run)));
    svg::panel p;
    p.left = margin_left;
    p.top = margin_top;
    p.width = fig_width - margin_left - lw - 24;
    p.height = height - margin_top - margin_bottom;
    p.x = svg::linear_axis("latency (ms)", lo, hi, 6);
    p.y = svg::linear_axis("share of samples (%)", 0, top, 5);
    f.title("Latency histogram: " + svg::label(name(v.run), 40));
    f.axes(p);
    for (std::size_t b = 0; b < bins; ++b) {
      if (counts[b] == 0) continue;
      const double x0 = lo + static_cast<double>(b) * w;
      f.bar(p, x0, b + 1 == bins ? hi : x0 + w, 0, 100 * static_cast<double>(counts[b]) / n, svg::run_colour(v.run),
            0.75);
    }
    if (row && finite(row->median_ms)) f.vline(p, *row->median_ms, "#111");
    if (row && finite(row->p99_ms)) f.vline(p, *row->p99_ms, "#c62828");
    f.legend(p.left + p.width + 12, p.top, legend);
    std::string caption = escape(name(v.run)) + ": " + std::to_string(bins) + " bins of " + svg::significant(w, 3) +
                          " ms, from " + svg::significant(lo, 4) + " ms; share of the run's samples per bin.";
    if (v.above > 0) {
      caption += " " + std::to_string(v.above) + (v.above == 1 ? " sample" : " samples") +
                 " above the 99th percentile (" + svg::significant(v.hi, 4) + " ms, up to " +
                 svg::significant(v.sorted.back(), 4) + " ms) not shown (long tail).";
    }
    figure_out(f, caption);
  }

  void cdf(const std::vector<latency_view>& views) {
    double lo = views.front().lo, hi = views.front().hi;
    for (const latency_view& v : views) {
      lo = std::min(lo, v.lo);
      hi = std::max(hi, v.hi);
    }
    std::vector<svg::legend_entry> legend;
    for (const latency_view& v : views) {
      legend.push_back({svg::legend_entry::kind::line, std::string(svg::run_colour(v.run)),
                        svg::label(name(v.run), max_label_chars)});
    }
    const double height = 360, lw = svg::figure::legend_width(legend);
    svg::figure f("latency-cdf", fig_width, height);
    svg::panel p;
    p.left = margin_left;
    p.top = margin_top;
    p.width = fig_width - margin_left - lw - 24;
    p.height = height - margin_top - margin_bottom;
    p.x = svg::linear_axis("latency (ms)", lo, hi, 6);
    p.y = svg::fixed_axis("share of samples &le; latency (%)", 0, 100, 20);
    f.title("Latency CDF");
    f.axes(p);
    std::size_t clipped = 0;
    for (const latency_view& v : views) {
      const std::size_t n = v.sorted.size();
      const double dn = static_cast<double>(n);
      std::vector<double> xs{v.sorted.front()}, ys{0};
      const std::size_t m = std::min(n, max_cdf_points);
      for (std::size_t k = 0; k < m; ++k) {
        const std::size_t i = m == 1 ? n - 1 : k * (n - 1) / (m - 1);
        if (v.sorted[i] > hi) break;
        xs.push_back(v.sorted[i]);
        ys.push_back(100 * static_cast<double>(i + 1) / dn);
      }
      if (v.sorted.back() > hi) {
        const auto shown = std::upper_bound(v.sorted.begin(), v.sorted.end(), hi) - v.sorted.begin();
        xs.push_back(hi);
        ys.push_back(100 * static_cast<double>(shown) / dn);
        ++clipped;
      }
      f.line(p, xs, ys, svg::run_colour(v.run), 1.8);
    }
    f.legend(p.left + p.width + 12, p.top, legend);
    std::string caption = "Empirical CDF of each run's latencies";
    caption += views.front().sorted.size() > max_cdf_points || views.size() > 1
                   ? " (at most " + std::to_string(max_cdf_points) + " evenly spaced ranks per run)."
                   : ".";
    if (clipped > 0) caption += " The x axis ends at the largest shown 99th percentile: long tails are cut.";
    figure_out(f, caption);
  }

  void power_temperature() {
    section("Power and temperature");
    bool any = false;
    std::vector<std::string> without;
    for (std::size_t i = 0; i < r_.runs.size(); ++i) {
      const benchmark_run& run = r_.runs[i];
      if (!run.hardware) continue;
      const hardware_part& h = *run.hardware;
      double t0 = 0;
      bool have_t0 = false;
      std::vector<double> ts, watts, celsius;
      bool any_power = false, any_temp = false;
      for (const trace_point& tp : h.trace) {
        if (!finite(tp.time_s)) continue;
        if (!have_t0) t0 = tp.time_s, have_t0 = true;
        ts.push_back(tp.time_s - t0);
        watts.push_back(tp.power_mw / 1000);
        celsius.push_back(tp.temperature_c);
        any_power = any_power || finite(tp.power_mw);
        any_temp = any_temp || finite(tp.temperature_c);
      }
      if (!any_power && !any_temp) {
        without.push_back(escape(name(i)));
        continue;
      }
      any = true;
      power_plot(i, h, t0, ts, watts, celsius, any_power, any_temp);
    }
    if (!any) {
      note("power-temperature",
           "No power and temperature plot: no run has a hardware trace with power or temperature.");
    } else if (!without.empty()) {
      std::string s = "No power and temperature plot for ";
      for (std::size_t k = 0; k < without.size(); ++k) s += (k > 0 ? ", " : "") + without[k];
      note("power-temperature", s + ": the hardware trace has no power or temperature reading.");
    }
  }

  static std::pair<double, double> finite_range(const std::vector<double>& v) {
    double lo = 0, hi = 0;
    bool first = true;
    for (const double x : v) {
      if (!finite(x)) continue;
      if (first || x < lo) lo = x;
      if (first || x > hi) hi = x;
      first = false;
    }
    return {lo, hi};
  }

  void power_plot(std::size_t i, const hardware_part& h, double t0, const std::vector<double>& ts,
                  const std::vector<double>& watts, const std::vector<double>& celsius, bool any_power, bool any_temp) {
    constexpr std::string_view power_colour = "#1f77b4", temp_colour = "#d62728", window_colour = "#2ca02c";
    const std::string sensor = h.temperature_sensor.empty() ? std::string("temperature")
                                                            : svg::label(h.temperature_sensor, 16) + " temperature";
    std::vector<svg::legend_entry> legend{{svg::legend_entry::kind::line, std::string(power_colour), "board power"},
                                          {svg::legend_entry::kind::line, std::string(temp_colour), sensor}};
    std::size_t windows = 0;
    for (const inference_window& w : h.windows) {
      if (finite(w.start_s) && finite(w.end_s)) ++windows;
    }
    if (windows > 0) {
      legend.push_back(
          {svg::legend_entry::kind::box, std::string(window_colour),
           windows == 1 ? std::string("inference window") : "inference windows (" + std::to_string(windows) + ")"});
    }
    const double height = 420, lw = svg::figure::legend_width(legend);
    svg::figure f("power-temperature", fig_width, height, escape(name(i)));
    const double panel_h = (height - margin_top - margin_bottom - 16) / 2;
    const double tmax = ts.empty() ? 1 : std::max(ts.back(), 1e-3);
    svg::panel top;
    top.left = margin_left;
    top.top = margin_top;
    top.width = fig_width - margin_left - lw - 24;
    top.height = panel_h;
    top.x = svg::linear_axis("time since the first sample (s)", 0, tmax, 6);
    const auto [pw_lo, pw_hi] = finite_range(watts);
    top.y = svg::linear_axis("power (W)", pw_lo, pw_hi, 4, 0.05);
    svg::panel bottom = top;
    bottom.top = margin_top + panel_h + 16;
    const auto [tc_lo, tc_hi] = finite_range(celsius);
    bottom.y = svg::linear_axis("temperature (&deg;C)", tc_lo, tc_hi, 4, 0.05);
    f.title("Power and temperature: " + svg::label(name(i), 40));
    for (const inference_window& w : h.windows) {
      f.band(top, w.start_s - t0, w.end_s - t0, window_colour, 0.18);
      f.band(bottom, w.start_s - t0, w.end_s - t0, window_colour, 0.18);
    }
    f.axes(top, false);
    f.axes(bottom, true);
    if (any_power) {
      f.line(top, ts, watts, power_colour, 1.4);
    } else {
      f.text(top.left + top.width / 2, top.top + top.height / 2, "no power reading in the trace", "middle", 11, "#777");
    }
    if (any_temp) {
      f.line(bottom, ts, celsius, temp_colour, 1.4);
    } else {
      f.text(bottom.left + bottom.width / 2, bottom.top + bottom.height / 2, "no temperature reading in the trace",
             "middle", 11, "#777");
    }
    f.legend(top.left + top.width + 12, top.top, legend);
    std::string caption = escape(name(i)) + ": " + std::to_string(h.trace.size()) + " trace points over " +
                          svg::significant(tmax, 4) + " s";
    if (h.trace.size() >= max_trace_points) caption += " (min-max decimated)";
    caption += windows > 0 ? "; inference windows shaded." : "; no inference window recorded.";
    figure_out(f, caption);
  }

  template <class X>
  void scatter(std::string_view plot, std::string_view title, std::string_view x_title, double scale,
               const std::vector<std::size_t>& front, X x_of) {
    struct pt {
      std::size_t run;
      double x, y;
    };
    std::vector<pt> pts;
    for (std::size_t i = 0; i < r_.rows.size(); ++i) {
      const report_row& row = r_.rows[i];
      const std::optional<double> x = x_of(row);
      if (!finite(row.accuracy) || !finite(x) || !finite(*x * scale) || !finite(*row.accuracy * 100)) continue;
      pts.push_back({i, *x * scale, *row.accuracy * 100});
    }
    if (pts.empty()) {
      note(plot, "No " + lower_first(title) + " plot: no run has both an accuracy and " +
                     (plot == "accuracy-latency" ? "a latency." : "an energy per inference."));
      return;
    }
    std::vector<pt> on_front;
    for (const std::size_t k : front) {
      for (const pt& q : pts) {
        if (q.run == k) on_front.push_back(q);
      }
    }
    std::stable_sort(on_front.begin(), on_front.end(), [](const pt& a, const pt& b) { return a.x < b.x; });
    std::vector<svg::legend_entry> legend;
    for (const pt& q : pts) {
      legend.push_back({svg::legend_entry::kind::point, std::string(svg::run_colour(q.run)),
                        svg::label(name(q.run), max_label_chars)});
    }
    if (!on_front.empty()) {
      legend.push_back({svg::legend_entry::kind::line, "#111", "Pareto front"});
      legend.push_back({svg::legend_entry::kind::ring, "#111", "on the front"});
    }
    double x_lo = pts.front().x, x_hi = x_lo, y_lo = pts.front().y, y_hi = y_lo;
    for (const pt& q : pts) {
      x_lo = std::min(x_lo, q.x), x_hi = std::max(x_hi, q.x);
      y_lo = std::min(y_lo, q.y), y_hi = std::max(y_hi, q.y);
    }
    const double height = 380, lw = svg::figure::legend_width(legend);
    svg::figure f(plot, fig_width, height);
    svg::panel p;
    p.left = margin_left;
    p.top = margin_top;
    p.width = fig_width - margin_left - lw - 24;
    p.height = height - margin_top - margin_bottom;
    p.x = svg::linear_axis(std::string(x_title), x_lo, x_hi, 5, 0.12);
    p.y = svg::linear_axis(accuracy_title(r_), y_lo, y_hi, 5, 0.12);
    f.title(std::string(title));
    f.axes(p);
    if (on_front.size() >= 2) {
      std::vector<double> xs, ys;
      for (std::size_t k = 0; k < on_front.size(); ++k) {
        if (k > 0) {
          xs.push_back(on_front[k].x);
          ys.push_back(on_front[k - 1].y);
        }
        xs.push_back(on_front[k].x);
        ys.push_back(on_front[k].y);
      }
      f.line(p, xs, ys, "#111", 1.5);
      for (std::size_t k = 1; k < xs.size(); ++k) f.avoid(p, xs[k - 1], ys[k - 1], xs[k], ys[k]);
    }
    for (const pt& q : on_front) f.point(p, q.x, q.y, "#111", 8, true);
    for (const pt& q : pts) f.point(p, q.x, q.y, svg::run_colour(q.run), 5);
    for (const pt& q : pts) f.point_label(p, q.x, q.y, svg::label(name(q.run), 22), svg::run_colour(q.run));
    f.legend(p.left + p.width + 12, p.top, legend);
    std::string caption = "One point per run with both values; ";
    caption += on_front.empty() ? "no Pareto front (no run has every objective)."
                                : "the step line joins the Pareto front (higher is better, left is better).";
    figure_out(f, caption);
  }

  static std::string lower_first(std::string_view s) {
    std::string t(s);
    if (!t.empty() && t[0] >= 'A' && t[0] <= 'Z') t[0] = static_cast<char>(t[0] - 'A' + 'a');
    return t;
  }

  void speedup_flops() {
    section("Speedup vs FLOPs");
    if (r_.groups.empty()) {
      note("speedup-flops", "No speedup vs FLOPs plot: no attribute change is compared over two or more models.");
      return;
    }
    bool any = false;
    std::vector<std::string> empty_groups;
    for (const speedup_group& g : r_.groups) {
      const std::string change =
          escape(g.attribute) + ": " + escape(g.baseline_value) + " &rarr; " + escape(g.candidate_value);
      struct pt {
        std::size_t comparison;
        double x, y, lo, hi;
        bool flops;
      };
      std::vector<pt> pts;
      for (const std::size_t ci : g.comparisons) {
        if (ci >= r_.comparisons.size()) continue;
        const run_comparison& c = r_.comparisons[ci];
        if (!c.has_latency || c.baseline >= r_.runs.size()) continue;
        const model_facts& m = r_.runs[c.baseline].model;
        const std::optional<double> x = m.complexity();
        const double y = c.latency.median_speedup;
        if (!finite(x) || !(*x > 0) || !finite(y)) continue;
        const bool ci_ok = c.from_samples && finite(c.latency.speedup_ci_low) && finite(c.latency.speedup_ci_high) &&
                           c.latency.confidence > 0;
        pts.push_back(
            {ci, *x, y, ci_ok ? c.latency.speedup_ci_low : y, ci_ok ? c.latency.speedup_ci_high : y, finite(m.flops)});
      }
      if (pts.empty()) {
        empty_groups.push_back(change);
        continue;
      }
      any = true;
      bool flops = false, mult_adds = false, intervals = false;
      double x_lo = pts.front().x, x_hi = x_lo, y_lo = 1, y_hi = 1, confidence = 0;
      for (const pt& q : pts) {
        (q.flops ? flops : mult_adds) = true;
        x_lo = std::min(x_lo, q.x), x_hi = std::max(x_hi, q.x);
        y_lo = std::min({y_lo, q.y, q.lo}), y_hi = std::max({y_hi, q.y, q.hi});
        if (q.lo != q.hi) {
          intervals = true;
          confidence = r_.comparisons[q.comparison].latency.confidence;
        }
      }
      std::vector<svg::legend_entry> legend{{svg::legend_entry::kind::point, "#1f77b4", "median speedup"}};
      if (intervals) {
        legend.push_back(
            {svg::legend_entry::kind::line, "#1f77b4", svg::plain(100 * confidence) + " % bootstrap interval"});
      }
      legend.push_back({svg::legend_entry::kind::dashed, "#777", "no change (1&times;)"});
      const double height = 360, lw = svg::figure::legend_width(legend);
      svg::figure f("speedup-flops", fig_width, height);
      svg::panel p;
      p.left = margin_left;
      p.top = margin_top;
      p.width = fig_width - margin_left - lw - 24;
      p.height = height - margin_top - margin_bottom;
      p.x = svg::log_axis(std::string(flops && !mult_adds   ? "FLOPs per inference (log scale)"
                                      : mult_adds && !flops ? "Mult-Adds per inference (log scale)"
                                                            : "FLOPs or Mult-Adds per inference (log scale)"),
                          x_lo, x_hi);
      p.y = svg::linear_axis("median speedup (&times;)", y_lo, y_hi, 5, 0.1);
      f.title("Speedup vs FLOPs: " + change);
      f.axes(p);
      f.hline(p, 1, "#777");
      if (p.inside_y(1)) f.avoid(p, p.x.lo, 1, p.x.hi, 1);
      for (const pt& q : pts) {
        if (q.lo != q.hi) {
          f.error_bar(p, q.x, q.lo, q.hi, "#1f77b4");
          f.avoid(p, q.x, q.lo, q.x, q.hi);
        }
      }
      for (const pt& q : pts) f.point(p, q.x, q.y, "#1f77b4", 5);
      for (const pt& q : pts) {
        f.point_label(p, q.x, q.y, svg::label(name(r_.comparisons[q.comparison].baseline), 22));
      }
      f.legend(p.left + p.width + 12, p.top, legend);
      std::string caption = change + ": " + std::to_string(pts.size()) + (pts.size() == 1 ? " model" : " models") +
                            " (labelled by the baseline run); mean improvement " +
                            signed_cell(opt(g.aggregate.mean_improvement_percent), 1) + " %, geometric mean speedup " +
                            sig_cell(opt(g.aggregate.geometric_mean_speedup), 4) +
                            "&times;, Spearman &rho;(speedup, FLOPs) " +
                            cell(opt(g.aggregate.spearman_speedup_covariate), 3) + ".";
      figure_out(f, caption);
    }
    if (!any) {
      note("speedup-flops", "No speedup vs FLOPs plot: no compared model has latency and FLOPs or Mult-Adds.");
    } else if (!empty_groups.empty()) {
      std::string s = "No speedup vs FLOPs plot for ";
      for (std::size_t k = 0; k < empty_groups.size(); ++k) s += (k > 0 ? "; " : "") + empty_groups[k];
      note("speedup-flops", s + ": no compared model has latency and FLOPs or Mult-Adds.");
    }
  }
};

}  // namespace

std::string to_html(const benchmark_report& report, const html_options& options) {
  if (options.histogram_bins == 0)
    throw std::invalid_argument("edgemetrics::to_html: histogram_bins must be at least 1 (got 0)");
  return page(report, options).build();
}

}  // namespace edgemetrics
