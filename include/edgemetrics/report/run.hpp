// edgemetrics: one benchmark run — what the other areas measured for one model and configuration.
//
//   edgemetrics::benchmark_run run;
//   run.name = "ssd-mobilenet fp16";
//   run.set_attribute("precision", "fp16");
//   run.model.flops = 2.3e9;
//   run.set_detection(voc_report);                       // accuracy (VOC) or run.set_classification(...)
//   run.set_latency(latency_report, latencies_ms);       // summary + the first stage's latencies
//   run.set_hardware(tegrastats_report, samples, windows);  // summary + a reduced power/temperature trace
//
// A run is a value: every part is optional (a missing part is a blank in the report, with a
// note), and JSON round-trips it (<edgemetrics/json/report.hpp>, kind "benchmark_run").
// The parts keep the areas' own reports whole, plus the little raw data the report's comparisons
// and plots need (latencies, reduced PR curves, a reduced hardware trace), bounded in size.
#ifndef EDGEMETRICS_REPORT_RUN_HPP
#define EDGEMETRICS_REPORT_RUN_HPP

#include <edgemetrics/classification/report.hpp>
#include <edgemetrics/detection/average_precision.hpp>
#include <edgemetrics/detection/voc_report.hpp>
#include <edgemetrics/hardware/energy.hpp>
#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/hardware/sample.hpp>
#include <edgemetrics/span.hpp>
#include <edgemetrics/timing/report.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// A free-form attribute of a run ("device" = "Jetson Nano", "precision" = "fp16",
/// "batch_size" = "8", "power_mode" = "MAXN", "framework" = "TensorRT 8.6"). Names are unique
/// within a run; order is the order they were set in.
struct run_attribute {
  std::string name;
  std::string value;
  friend bool operator==(const run_attribute& a, const run_attribute& b) {
    return a.name == b.name && a.value == b.value;
  }
  friend bool operator!=(const run_attribute& a, const run_attribute& b) { return !(a == b); }
};

/// Optional facts about the model (per inference of one item).
struct model_facts {
  std::optional<double> parameters;  ///< parameter count
  std::optional<double> mult_adds;   ///< multiply-accumulates
  std::optional<double> flops;       ///< floating-point operations
  /// The complexity used for trends (speedup vs FLOPs): flops when given, else mult_adds.
  [[nodiscard]] std::optional<double> complexity() const noexcept { return flops ? flops : mult_adds; }
};

/// A precision-recall curve of one class, reduced for plotting (see max_curve_points).
struct named_pr_curve {
  std::string name;
  pr_curve curve;
};

/// Default cap on the points kept per PR curve and on the hardware trace.
inline constexpr std::size_t max_curve_points = 512;
inline constexpr std::size_t max_trace_points = 2000;

struct detection_part {
  voc_report report;
  std::vector<named_pr_curve> curves;  ///< one per class with a curve; empty when none was kept
};

struct latency_part {
  latency_report report;
  /// The first stage's latencies (ms, warm-up excluded, in recorded order): what pairwise
  /// comparisons (bootstrap interval, Mann-Whitney) and the histogram/CDF plots use. May be
  /// empty (a report read without its samples): comparisons then use the summaries only.
  std::vector<double> samples_ms;
};

/// One point of the reduced hardware trace (NaN where the sample had no such value).
struct trace_point {
  double time_s = 0;
  double power_mw = 0;       ///< board total (hardware/power.hpp rules)
  double temperature_c = 0;  ///< of hardware_part::temperature_sensor
  double ram_mb = 0;
  double swap_mb = 0;
};

struct hardware_part {
  tegrastats_report report;
  std::string temperature_sensor;         ///< the sensor in the trace and the table's temperature change
  std::vector<trace_point> trace;         ///< at most max_trace_points, in time order
  std::vector<inference_window> windows;  ///< inference windows (shaded on plots); may be empty
};

struct benchmark_run {
  std::string name;
  std::vector<run_attribute> attributes;
  model_facts model;
  std::optional<classification_report> classification;
  std::optional<detection_part> detection;
  std::optional<latency_part> latency;
  std::optional<hardware_part> hardware;
  /// Why parts are missing or partial ("no latency file in runs/a"), in the order found.
  std::vector<std::string> notes;

  /// Sets (or replaces) an attribute, keeping the first-set order.
  void set_attribute(std::string name, std::string value);
  /// The attribute's value, or nullopt.
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const noexcept;

  void set_classification(classification_report report);
  /// Keeps the report and, reduced to at most max_points per class, the curves its classes carry
  /// (voc_curves::keep).
  void set_detection(voc_report report, std::size_t max_points = max_curve_points);
  void set_latency(latency_report report, std::vector<double> samples_ms = {});
  /// Keeps the report and a trace of the samples reduced to at most max_points points.
  void set_hardware(tegrastats_report report, span<const hardware_sample> samples,
                    std::vector<inference_window> windows = {}, std::size_t max_points = max_trace_points);
  /// The same from trace points already made for choose_temperature_sensor(report.summary) (one
  /// per sample, in time order: what a reader that streams its samples keeps), reduced by the
  /// same rule: the result equals the sample overload's for the samples the points came from.
  void set_hardware(tegrastats_report report, span<const trace_point> points,
                    std::vector<inference_window> windows = {}, std::size_t max_points = max_trace_points);
};

/// Reduces a PR curve to at most max_points points (keeping the first and last and the shape;
/// the exact rule is in docs/conventions.md "Benchmark report").
[[nodiscard]] pr_curve reduce_curve(const pr_curve& curve, std::size_t max_points = max_curve_points);

/// Reduces samples to at most max_points trace points for the given temperature sensor.
[[nodiscard]] std::vector<trace_point> reduce_trace(span<const hardware_sample> samples,
                                                    std::string_view temperature_sensor,
                                                    std::size_t max_points = max_trace_points);

/// Reduces trace points (one per sample, in time order) to at most max_points by the same rule
/// (min-max decimation on power_mw); the sample overload is this one on the samples' points.
[[nodiscard]] std::vector<trace_point> reduce_trace(span<const trace_point> points,
                                                    std::size_t max_points = max_trace_points);

/// The sensor a report follows: "GPU" when present (case-insensitive), else the first seen; empty without any.
[[nodiscard]] std::string choose_temperature_sensor(const hardware_summary& summary);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_REPORT_RUN_HPP
