// Summaries of hardware samples over a window (docs/conventions.md, "Hardware"): per metric
// min, max, mean, first, last and change (the seed study's change of GPU temperature and swap
// across a run), peak memory, time above a temperature threshold and the energy.
//
//   edgemetrics::hardware_accumulator acc(options);       // streaming: bounded memory
//   read_tegrastats(path, {}, [&](const hardware_sample& s) { acc.record(s); });
//   edgemetrics::hardware_summary s = acc.summary(energy);
//
//   edgemetrics::hardware_series series;                   // or every sample kept
//   series.push_back(sample);
//   series.summary(options, energy);
#ifndef EDGEMETRICS_HARDWARE_SERIES_HPP
#define EDGEMETRICS_HARDWARE_SERIES_HPP

#include <edgemetrics/hardware/energy.hpp>
#include <edgemetrics/hardware/sample.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

/// One metric over the samples of a window. count 0: every other field NaN.
struct metric_summary {
  std::size_t count = 0;
  double min = 0;
  double max = 0;
  double mean = 0;   ///< arithmetic mean over the samples: their sum in time order / count
  double first = 0;  ///< the first sample's value in the window
  double last = 0;   ///< the last one's
  double delta = 0;  ///< last - first
};

/// Streaming min / max / mean / first / last of one metric.
class metric_accumulator {
 public:
  void record(double x) noexcept;
  [[nodiscard]] std::size_t count() const noexcept { return count_; }
  [[nodiscard]] metric_summary summary() const noexcept;

 private:
  std::size_t count_ = 0;
  double sum_ = 0, min_ = 0, max_ = 0, first_ = 0, last_ = 0;
};

/// A metric of a named thing (a temperature sensor, a power rail).
struct named_summary {
  std::string name;
  metric_summary summary;
};

/// Seconds a temperature sensor spent above the threshold.
struct named_seconds {
  std::string name;
  double seconds = 0;
};

/// What a summary covers.
struct hardware_summary_options {
  /// Samples with window.from_s <= time_s <= window.to_s are summarised; the energy and the
  /// time above the threshold are integrated over the window (interpolated at its edges).
  time_window window;
  /// The window's bounds are seconds after the first sample's time, not times on the
  /// samples' clock (a log without timestamps starts at 0 anyway).
  bool window_from_first_sample = false;
  /// Report, per temperature sensor, the seconds strictly above this (°C).
  std::optional<double> temperature_threshold_c;
};

/// Every metric of a window. Loads are percent, memory MB, temperatures °C, power mW.
struct hardware_summary {
  std::size_t samples = 0;  ///< samples in the window
  double first_time_s = 0;  ///< time of the first of them (NaN without any)
  double last_time_s = 0;
  /// The rule of the board totals: the first in-window sample's that has one (none without).
  total_power_rule power_rule = total_power_rule::none;
  metric_summary power_mw;                    ///< board total (instantaneous) of each sample that has one
  metric_summary ram_mb;                      ///< RAM used; its max is the peak memory
  metric_summary swap_mb;                     ///< swap used
  metric_summary cpu_load_percent;            ///< per sample: the mean load of the online cores that print one
  metric_summary gpu_load_percent;            ///< GR3D load
  metric_summary emc_load_percent;            ///< memory-controller load
  double ram_total_mb = 0;                    ///< RAM size from the last sample that has it (NaN without)
  std::vector<named_summary> temperatures_c;  ///< valid readings only, sensors in first-seen order
  std::vector<named_summary> rails_mw;        ///< instantaneous mW, rails in first-seen order
  /// Per sensor (first-seen order) when options.temperature_threshold_c is set, else empty.
  std::vector<named_seconds> time_above_threshold_s;
  std::optional<energy_result> energy;  ///< nullopt with fewer than two timed samples with power
  std::size_t backward_steps = 0;       ///< samples earlier than the previous one (clock stepped back)
  /// Samples in the window whose board total is an input rail (total_power_rule::input_rail) yet
  /// another rail of the same sample draws more: the input rail cannot be the whole board then
  /// (a mislabelled or differently wired monitor, e.g. a Nano log with POM_5V_GPU above POM_5V_IN),
  /// so power and energy are probably too low. Counted, never corrected.
  std::size_t rail_above_input_samples = 0;
  std::string rail_above_input_example;  ///< "POM_5V_GPU 8949 mW > POM_5V_IN 3227 mW" (the first one)

  /// The summary of a named sensor or rail, or nullptr.
  [[nodiscard]] const metric_summary* temperature(const std::string& name) const noexcept;
  [[nodiscard]] const metric_summary* rail(const std::string& name) const noexcept;
};

/// Summarises samples one at a time, in time order, in bounded memory (a few values per
/// metric and sensor): the way to summarise a 24-hour log.
class hardware_accumulator {
 public:
  /// Throws std::invalid_argument for a window with from_s > to_s or NaN bounds, or a NaN
  /// threshold.
  explicit hardware_accumulator(hardware_summary_options options = {});

  void record(const hardware_sample& s);

  [[nodiscard]] const hardware_summary_options& options() const noexcept { return options_; }
  /// Samples recorded (in the window or not).
  [[nodiscard]] std::size_t recorded() const noexcept { return recorded_; }
  /// The summary; energy figures with `energy` (inferences, queries, idle baseline).
  [[nodiscard]] hardware_summary summary(const energy_options& energy = {}) const;

 private:
  struct sensor {
    std::string name;
    metric_accumulator values;
    std::optional<time_above_integrator> above;
  };
  struct rail_values {
    std::string name;
    metric_accumulator values;
  };
  void start(double first_time_s);
  void check_input_rail(const hardware_sample& s);

  hardware_summary_options options_;
  time_window window_;  // absolute, once the first sample is seen
  bool started_ = false;
  std::size_t recorded_ = 0, in_window_ = 0, backward_ = 0, rail_above_input_ = 0;
  std::string rail_above_input_example_;
  double first_t_ = 0, last_t_ = 0, prev_t_ = 0;
  total_power_rule rule_ = total_power_rule::none;
  metric_accumulator power_, ram_, swap_, cpu_, gpu_, emc_;
  std::optional<double> ram_total_;
  std::vector<sensor> sensors_;
  std::vector<rail_values> rails_;
  energy_integrator energy_;
};

/// A time series of samples kept in memory, in non-decreasing time order (timestamps of a
/// log, start + interval * index, or the monotonic clock of a live sampler).
class hardware_series {
 public:
  hardware_series() = default;
  /// Takes samples already in time order; throws std::invalid_argument naming the first
  /// sample earlier than its predecessor.
  explicit hardware_series(std::vector<hardware_sample> samples);

  /// Appends a sample; throws std::invalid_argument when it is earlier than the last one.
  void push_back(hardware_sample s);
  [[nodiscard]] const std::vector<hardware_sample>& samples() const noexcept { return samples_; }
  [[nodiscard]] std::size_t size() const noexcept { return samples_.size(); }
  [[nodiscard]] bool empty() const noexcept { return samples_.empty(); }

  /// The summary of a window (hardware_accumulator over every sample).
  [[nodiscard]] hardware_summary summary(const hardware_summary_options& options = {},
                                         const energy_options& energy = {}) const;
  /// energy_over(samples(), window, options).
  [[nodiscard]] std::optional<energy_result> energy(time_window window = {}, const energy_options& options = {}) const;
  /// energy_per_window(samples(), windows, options).
  [[nodiscard]] std::vector<std::optional<energy_result>> energy(const std::vector<inference_window>& windows,
                                                                 const energy_options& options = {}) const;

 private:
  std::vector<hardware_sample> samples_;
};

/// hardware_accumulator over `samples` (in time order).
[[nodiscard]] hardware_summary summarize_hardware(const std::vector<hardware_sample>& samples,
                                                  const hardware_summary_options& options = {},
                                                  const energy_options& energy = {});

/// The idle power of an idle log or window already summarised: the time-weighted mean power of
/// its energy when it has one, else the arithmetic mean of its board totals (idle_baseline_mw
/// of the samples gives the same). Throws std::invalid_argument when no sample had power.
[[nodiscard]] double idle_baseline_mw(const hardware_summary& idle);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_SERIES_HPP
