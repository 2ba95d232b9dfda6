// edgemetrics: the benchmark report as one self-contained HTML page with inline SVG plots
// (no JavaScript, no network: open it anywhere, attach it to a ticket).
//
//   std::string page = edgemetrics::to_html(report);
//   edgemetrics::write_text_file("report.html", page);   // <edgemetrics/io/file.hpp>
//
// Plots (each with axes, units and a legend): per-class precision-recall curves of each detection
// run, latency histogram and CDF per run, power and temperature over time with the inference
// windows shaded, accuracy vs latency and accuracy vs energy per inference with the Pareto front,
// speedup per model vs FLOPs. A plot whose data no run has is left out, with a line saying why.
// Every plot is an <svg> element with a data-plot attribute naming it (tests find them by it).
#ifndef EDGEMETRICS_REPORT_HTML_HPP
#define EDGEMETRICS_REPORT_HTML_HPP

#include <edgemetrics/report/benchmark_report.hpp>

#include <cstddef>
#include <string>

namespace edgemetrics {

struct html_options {
  std::string title = "edgemetrics benchmark report";
  std::size_t histogram_bins = 40;  ///< latency histogram bins per run
};

[[nodiscard]] std::string to_html(const benchmark_report& report, const html_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_REPORT_HTML_HPP
