// Small hand-made benchmark runs for the report tests (every value chosen so that the expected
// figures can be computed by hand).
#ifndef EDGEMETRICS_TESTS_REPORT_FIXTURES_HPP
#define EDGEMETRICS_TESTS_REPORT_FIXTURES_HPP

#include <edgemetrics/classification.hpp>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/report.hpp>
#include <edgemetrics/timing.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace report_test {

using namespace edgemetrics;

/// A latency report of one stage "inference_ms" over `ms` (default options: p50...p99.9,
/// nearest rank), with the samples kept when `keep_samples`.
inline latency_report latency_of(const std::vector<double>& ms) {
  latency_trace trace;
  trace.stages.push_back({"inference_ms", ms});
  return make_latency_report(std::move(trace));
}

inline benchmark_run with_latency(benchmark_run run, const std::vector<double>& ms, bool keep_samples = true) {
  run.set_latency(latency_of(ms), keep_samples ? ms : std::vector<double>{});
  return run;
}

/// A detection part whose report shows `metric`, with the given mAPs.
inline voc_report voc_of(double map07, double map10, voc_metric metric = voc_metric::both) {
  voc_result result;
  result.map_voc07 = map07;
  result.map_voc10 = map10;
  voc_run run;
  run.metric = metric;
  return make_voc_report(std::move(result), run);
}

/// A two-class classification report: `correct` of `total` right, every error a missed class 1.
inline classification_report classification_of(std::uint64_t class0, std::uint64_t class1_right,
                                               std::uint64_t class1_missed) {
  confusion_matrix cm(std::vector<std::string>{"neg", "pos"});
  for (std::uint64_t i = 0; i < class0; ++i) cm.record(0, 0);
  for (std::uint64_t i = 0; i < class1_right; ++i) cm.record(1, 1);
  for (std::uint64_t i = 0; i < class1_missed; ++i) cm.record(1, 0);
  return make_classification_report(std::move(cm));
}

/// A hardware sample at t with board power, RAM, swap and a GPU temperature.
inline hardware_sample sample(double t, double power_mw, double ram_mb, double swap_mb, double gpu_c) {
  hardware_sample s;
  s.time_s = t;
  s.timestamped = true;
  s.total_power_mw = power_mw;
  s.power_rule = total_power_rule::input_rail;
  s.ram = memory_usage{ram_mb, 4000};
  s.swap = memory_usage{swap_mb, 2000};
  s.temperatures.push_back({"CPU", gpu_c - 1, true});
  s.temperatures.push_back({"GPU", gpu_c, true});
  return s;
}

/// A hardware part from samples, with `inferences` for the energy per inference (0: none).
inline benchmark_run with_hardware(benchmark_run run, const std::vector<hardware_sample>& samples,
                                   std::uint64_t inferences) {
  tegrastats_report_options o;
  o.energy.inferences = inferences;
  run.set_hardware(make_tegrastats_report(samples, o), samples);
  return run;
}

inline benchmark_run named(std::string name, std::initializer_list<std::pair<const char*, const char*>> attributes) {
  benchmark_run run;
  run.name = std::move(name);
  for (const auto& [k, v] : attributes) run.set_attribute(k, v);
  return run;
}

}  // namespace report_test

#endif  // EDGEMETRICS_TESTS_REPORT_FIXTURES_HPP
