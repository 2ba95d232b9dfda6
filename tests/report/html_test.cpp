// to_html: every plot of a full report, escaping, NaN and empty reports, notes for plots without
// data, determinism, and the SVG primitives (nice ticks, numbers, labels).
#include <edgemetrics/report/html.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../src/report/svg.hpp"
#include "html_sample.hpp"

namespace {

using edgemetrics::benchmark_report;
using edgemetrics::to_html;
namespace svg = edgemetrics::detail::svg;

const std::vector<std::string> all_plots{"pr-curves",        "latency-histogram", "latency-cdf",  "power-temperature",
                                         "accuracy-latency", "accuracy-energy",   "speedup-flops"};

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

std::size_t plots(const std::string& page, const std::string& name) {
  return count(page, "data-plot=\"" + name + "\"");
}

bool has_note(const std::string& page, const std::string& name) {
  return page.find("data-missing-plot=\"" + name + "\"") != std::string::npos;
}

// Every element opened inside an <svg> is closed or self-closing, in order.
void expect_balanced_svg(const std::string& page) {
  std::size_t at = 0;
  std::size_t svgs = 0;
  while ((at = page.find("<svg", at)) != std::string::npos) {
    const std::size_t end = page.find("</svg>", at);
    ASSERT_NE(end, std::string::npos);
    const std::string frag = page.substr(at, end + 6 - at);
    std::vector<std::string> stack;
    const std::regex tag(R"(<(/?)([a-zA-Z]+)[^>]*?(/?)>)");
    for (auto it = std::sregex_iterator(frag.begin(), frag.end(), tag); it != std::sregex_iterator(); ++it) {
      const std::string closing = (*it)[1], name = (*it)[2], self = (*it)[3];
      if (!self.empty()) continue;
      if (closing.empty()) {
        stack.push_back(name);
      } else {
        ASSERT_FALSE(stack.empty()) << name;
        ASSERT_EQ(stack.back(), name);
        stack.pop_back();
      }
    }
    EXPECT_TRUE(stack.empty());
    at = end;
    ++svgs;
  }
  EXPECT_EQ(svgs, count(page, "</svg>"));
}

// No attribute value and no SVG text holds a non-finite number.
void expect_no_non_finite(const std::string& page) {
  const std::regex bad(R"((="[^"]*\b(nan|inf)[^"]*")|(>-?(nan|inf)<)|[ ,"(](nan|inf|NaN)[ ,")])", std::regex::icase);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(page, m, bad)) << m.str();
}

TEST(ReportHtml, FullReportHasEveryPlot) {
  const benchmark_report r = edgemetrics::test::hand_report();
  const std::string page = to_html(r);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_EQ(plots(page, "pr-curves"), 4U);  // one per detection run
  EXPECT_EQ(plots(page, "latency-histogram"), 4U);
  EXPECT_EQ(plots(page, "latency-cdf"), 1U);  // the runs overlaid
  EXPECT_EQ(plots(page, "power-temperature"), 4U);
  EXPECT_EQ(plots(page, "accuracy-latency"), 1U);
  EXPECT_EQ(plots(page, "accuracy-energy"), 1U);
  EXPECT_EQ(plots(page, "speedup-flops"), 1U);  // one per group
  for (const std::string& p : all_plots) EXPECT_FALSE(has_note(page, p)) << p;
  // Tables: one summary row per run, blanks as "-".
  EXPECT_EQ(count(page, "<tr><td class=\"name\"><span class=\"swatch\""),
            3 * r.rows.size());  // runs, summary, verdicts
  EXPECT_NE(page.find("<td>-</td>"), std::string::npos);
  EXPECT_NE(page.find("precision: fp32 &rarr; fp16"), std::string::npos);
  EXPECT_NE(page.find("no latency file in runs/yolo-int8"), std::string::npos);
  // Axes, units and legends on every plot.
  EXPECT_EQ(count(page, "<g class=\"legend\">"), count(page, "<svg "));
  EXPECT_NE(page.find("latency (ms)"), std::string::npos);
  EXPECT_NE(page.find("power (W)"), std::string::npos);
  EXPECT_NE(page.find("temperature (&deg;C)"), std::string::npos);
  EXPECT_NE(page.find("FLOPs per inference (log scale)"), std::string::npos);
  EXPECT_NE(page.find("Pareto front"), std::string::npos);
  // Self-contained: no script, no external resource.
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find(" src="), std::string::npos);
  expect_balanced_svg(page);
  expect_no_non_finite(page);
}

TEST(ReportHtml, ReportFromMakeBenchmarkReport) {
  const benchmark_report r = edgemetrics::test::sample_report();
  ASSERT_EQ(r.runs.size(), 5U);
  ASSERT_FALSE(r.groups.empty());
  const std::string page = to_html(r);
  EXPECT_EQ(plots(page, "pr-curves"), 5U);
  EXPECT_EQ(plots(page, "latency-histogram"), 4U);
  EXPECT_EQ(plots(page, "latency-cdf"), 1U);
  EXPECT_EQ(plots(page, "power-temperature"), 4U);
  EXPECT_EQ(plots(page, "accuracy-latency"), 1U);
  EXPECT_EQ(plots(page, "accuracy-energy"), 1U);
  EXPECT_GE(plots(page, "speedup-flops"), 1U);
  for (const std::string& p : all_plots) EXPECT_FALSE(has_note(page, p)) << p;
  EXPECT_NE(page.find("inference windows (2)"), std::string::npos);
  expect_balanced_svg(page);
  expect_no_non_finite(page);
  EXPECT_EQ(page, to_html(edgemetrics::test::sample_report()));
}

TEST(ReportHtml, EscapesEveryTextFromData) {
  benchmark_report r = edgemetrics::test::hand_report();
  const std::string evil = "<script>&\"x\"";
  r.runs[0].name = evil;
  r.rows[0].run = evil;
  r.runs[0].set_attribute("fr'amework", "<b>TensorRT</b> & co");
  r.runs[0].detection->curves[0].name = "<c&>";
  r.runs[0].detection->report.result.classes[0].name = "<c&>";
  r.runs[0].hardware->temperature_sensor = "GPU\"<>";
  r.comparisons[0].attribute = "pre<cision";
  r.groups[0].baseline_value = "fp\"32";
  r.notes.push_back("<img src=x onerror=alert(1)>");
  r.verdicts[0].warnings.push_back("accuracy <is> high & recall 'low'");
  r.info.inputs.push_back("runs/<a>");
  edgemetrics::html_options o;
  o.title = "</title><script>";
  const std::string page = to_html(r, o);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<c&>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;&amp;&quot;x&quot;"), std::string::npos);
  EXPECT_NE(page.find("data-run=\"&lt;script&gt;&amp;&quot;x&quot;\""), std::string::npos);
  EXPECT_NE(page.find("fr&#39;amework = &lt;b&gt;TensorRT&lt;/b&gt; &amp; co"), std::string::npos);
  EXPECT_NE(page.find("&lt;c&amp;&gt;"), std::string::npos);
  EXPECT_NE(page.find("GPU&quot;&lt;&gt; temperature"), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.find("<title>&lt;/title&gt;&lt;script&gt;</title>"), std::string::npos);
  EXPECT_EQ(count(page, "<title>"), count(page, "</title>"));
  expect_balanced_svg(page);
}

TEST(ReportHtml, EmptyReportGivesANoteForEveryPlot) {
  const std::string page = to_html(benchmark_report{});
  EXPECT_EQ(page.find("<svg"), std::string::npos);
  for (const std::string& p : all_plots) EXPECT_TRUE(has_note(page, p)) << p;
  EXPECT_NE(page.find("no run has latency samples"), std::string::npos);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

TEST(ReportHtml, PlotWithoutDataIsLeftOutWithANote) {
  benchmark_report r = edgemetrics::test::hand_report();
  for (auto& run : r.runs) {
    if (run.latency) run.latency->samples_ms.clear();
    run.hardware.reset();
  }
  r.groups.clear();
  const std::string page = to_html(r);
  EXPECT_EQ(plots(page, "latency-histogram"), 0U);
  EXPECT_EQ(plots(page, "latency-cdf"), 0U);
  EXPECT_EQ(plots(page, "power-temperature"), 0U);
  EXPECT_EQ(plots(page, "speedup-flops"), 0U);
  EXPECT_TRUE(has_note(page, "latency-histogram"));
  EXPECT_TRUE(has_note(page, "latency-cdf"));
  EXPECT_TRUE(has_note(page, "power-temperature"));
  EXPECT_TRUE(has_note(page, "speedup-flops"));
  // The others are still drawn.
  EXPECT_EQ(plots(page, "pr-curves"), 4U);
  EXPECT_EQ(plots(page, "accuracy-latency"), 1U);
  EXPECT_FALSE(has_note(page, "accuracy-latency"));
  // A group whose models have no FLOPs: noted.
  benchmark_report s = edgemetrics::test::hand_report();
  for (auto& run : s.runs) run.model.flops.reset();
  const std::string page2 = to_html(s);
  EXPECT_EQ(plots(page2, "speedup-flops"), 0U);
  EXPECT_TRUE(has_note(page2, "speedup-flops"));
}

TEST(ReportHtml, NonFiniteValuesAreSkipped) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  benchmark_report r = edgemetrics::test::hand_report();
  r.runs[0].latency->samples_ms.insert(r.runs[0].latency->samples_ms.begin(), {nan, inf, -inf});
  r.runs[1].latency->samples_ms = {nan, nan};                       // nothing finite: no histogram for it
  for (auto& p : r.runs[0].hardware->trace) p.temperature_c = nan;  // the panel says so
  r.runs[1].hardware->trace[3].time_s = inf;
  r.runs[2].hardware->windows.push_back({nan, inf, 1});
  r.runs[3].detection->curves[1].curve.precision[5] = nan;
  r.runs[3].detection->curves[2].curve.recall[0] = inf;
  r.rows[0].accuracy = nan;  // not on the scatter plots, "-" in the table
  r.rows[1].median_ms = inf;
  r.rows[2].energy_per_inference_j = nan;
  r.rows[3].temperature_change_c = nan;
  r.comparisons[0].latency.median_speedup = nan;
  r.comparisons[2].latency.speedup_ci_low = -inf;
  r.groups[0].aggregate.spearman_speedup_covariate = nan;
  r.runs[2].model.flops = inf;
  const std::string page = to_html(r);
  expect_no_non_finite(page);
  expect_balanced_svg(page);
  EXPECT_EQ(plots(page, "latency-histogram"), 3U);
  EXPECT_NE(page.find("no temperature reading in the trace"), std::string::npos);
  EXPECT_EQ(plots(page, "power-temperature"), 4U);
  // Both comparisons of the group lost their point (NaN speedup, infinite FLOPs).
  EXPECT_EQ(plots(page, "speedup-flops"), 0U);
  EXPECT_TRUE(has_note(page, "speedup-flops"));

  // A report of NaN only.
  benchmark_report n;
  n.runs.resize(1);
  n.runs[0].name = "nan";
  n.runs[0].latency.emplace();
  n.runs[0].latency->samples_ms = {nan};
  n.runs[0].hardware.emplace();
  n.runs[0].hardware->trace.resize(3);
  for (auto& p : n.runs[0].hardware->trace) p.power_mw = p.temperature_c = nan;
  n.rows.resize(1);
  n.rows[0].accuracy = nan;
  n.rows[0].median_ms = nan;
  const std::string page2 = to_html(n);
  EXPECT_EQ(page2.find("<svg"), std::string::npos);
  for (const std::string& p : all_plots) EXPECT_TRUE(has_note(page2, p)) << p;
}

TEST(ReportHtml, OnePointAndEqualValues) {
  benchmark_report r;
  r.runs.resize(1);
  r.runs[0].name = "only";
  r.runs[0].latency.emplace();
  r.runs[0].latency->samples_ms = std::vector<double>(50, 7.0);  // one value: a degenerate range
  r.rows.resize(1);
  r.rows[0].accuracy = 0.5;
  r.rows[0].median_ms = 7.0;
  r.rows[0].energy_per_inference_j = 0.1;
  r.pareto_accuracy_latency = r.pareto_accuracy_energy = r.pareto = {0};
  const std::string page = to_html(r);
  EXPECT_EQ(plots(page, "latency-histogram"), 1U);
  EXPECT_EQ(plots(page, "latency-cdf"), 1U);
  EXPECT_EQ(plots(page, "accuracy-latency"), 1U);
  EXPECT_EQ(plots(page, "accuracy-energy"), 1U);
  expect_no_non_finite(page);
  expect_balanced_svg(page);
}

TEST(ReportHtml, ManyClassesAndRuns) {
  benchmark_report r = edgemetrics::test::hand_report();
  auto& curves = r.runs[0].detection->curves;
  while (curves.size() < 80) {
    curves.push_back(curves[curves.size() % 14]);
    curves.back().name = "class " + std::to_string(curves.size());
  }
  for (std::size_t i = 0; i < 8; ++i) {  // 13 runs: run colours repeat
    r.runs.push_back(r.runs[1]);
    r.runs.back().name = "copy " + std::to_string(i);
    r.rows.push_back(r.rows[1]);
    r.rows.back().run = r.runs.back().name;
  }
  const std::string page = to_html(r);
  EXPECT_NE(page.find("Colours repeat after 20 classes."), std::string::npos);
  EXPECT_NE(page.find(">and 58 more<"), std::string::npos);  // 22 rows fit: 21 classes + the line
  EXPECT_EQ(plots(page, "latency-histogram"), 12U);
  EXPECT_EQ(plots(page, "pr-curves"), 12U);
  expect_balanced_svg(page);
}

TEST(ReportHtml, Deterministic) {
  const benchmark_report r = edgemetrics::test::hand_report();
  const std::string a = to_html(r);
  const benchmark_report copy = r;
  EXPECT_EQ(a, to_html(copy));
  EXPECT_EQ(a, to_html(edgemetrics::test::hand_report()));
}

TEST(ReportHtml, RejectsZeroBins) {
  edgemetrics::html_options o;
  o.histogram_bins = 0;
  EXPECT_THROW((void)to_html(benchmark_report{}, o), std::invalid_argument);
  o.histogram_bins = 1;
  EXPECT_EQ(plots(to_html(edgemetrics::test::hand_report(), o), "latency-histogram"), 4U);
}

TEST(ReportSvg, NiceTicks) {
  EXPECT_DOUBLE_EQ(svg::nice_step(10, 5), 2);
  EXPECT_DOUBLE_EQ(svg::nice_step(1, 5), 0.2);
  EXPECT_DOUBLE_EQ(svg::nice_step(73, 6), 10);
  EXPECT_DOUBLE_EQ(svg::nice_step(0.033, 5), 0.005);
  const svg::axis a = svg::linear_axis("t", 3.2, 17.9, 5);
  EXPECT_DOUBLE_EQ(a.lo, 0);
  EXPECT_DOUBLE_EQ(a.hi, 20);
  EXPECT_EQ(a.tick_labels, (std::vector<std::string>{"0", "5", "10", "15", "20"}));
  const svg::axis b = svg::linear_axis("t", -0.31, 0.07, 4);
  EXPECT_EQ(b.tick_labels, (std::vector<std::string>{"-0.4", "-0.3", "-0.2", "-0.1", "0.0", "0.1"}));
  const svg::axis flat = svg::linear_axis("t", 5, 5);
  EXPECT_LT(flat.lo, 5);
  EXPECT_GT(flat.hi, 5);
  const svg::axis l = svg::log_axis("f", 2.3e9, 6.9e9);
  EXPECT_EQ(l.tick_labels, (std::vector<std::string>{"1G", "2G", "5G", "10G"}));
  const svg::axis wide = svg::log_axis("f", 3e3, 2e8);
  EXPECT_EQ(wide.tick_labels, (std::vector<std::string>{"1k", "10k", "100k", "1M", "10M", "100M", "1G"}));
}

TEST(ReportSvg, NumbersAndText) {
  EXPECT_EQ(svg::fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(svg::fixed(12.345, 1), "12.3");
  EXPECT_EQ(svg::significant(0.012345, 3), "0.0123");
  EXPECT_EQ(svg::significant(41.23, 4), "41.23");
  EXPECT_EQ(svg::significant(123456, 4), "123456");
  EXPECT_EQ(svg::si(2.3e9), "2.3G");
  EXPECT_EQ(svg::si(999), "999");
  EXPECT_EQ(svg::si(1e3), "1k");
  EXPECT_EQ(svg::escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(svg::escape(std::string("a\x01z")), "a&#xFFFD;z");
  EXPECT_EQ(svg::label("abcdef", 4), "abc&#8230;");
  EXPECT_EQ(svg::label("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9&#8230;");  // code points, not bytes
  EXPECT_EQ(svg::label("<&>", 3), "&lt;&amp;&gt;");
  EXPECT_DOUBLE_EQ(svg::text_width("&deg;C", 10), svg::text_width("xy", 10));
  EXPECT_DOUBLE_EQ(svg::text_width("a <tspan fill=\"#666\">b</tspan>", 10), svg::text_width("a b", 10));
  EXPECT_EQ(svg::plain(0.05), "0.05");
  EXPECT_EQ(svg::plain(99.0), "99");
  EXPECT_EQ(svg::plain(99.9), "99.9");
  EXPECT_EQ(svg::plain(1e7), "10000000");
}

}  // namespace
