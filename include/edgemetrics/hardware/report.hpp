// The report of the hardware area, made by the library (edgemetrics-tegrastats prints and
// writes exactly this value): a summary of hardware samples over a window, with the energy
// and what reading the source found.
//
//   tegrastats_report   kind "tegrastats" in the common JSON envelope (docs/json.md);
//                       <edgemetrics/json/hardware.hpp> writes and reads it,
//                       <edgemetrics/fmt/hardware.hpp> prints its console form.
//
// It summarises samples of any source (a tegrastats log, the live sampler, jtop's CSV) in the
// same way. Definitions: docs/conventions.md, "Hardware".
#ifndef EDGEMETRICS_HARDWARE_REPORT_HPP
#define EDGEMETRICS_HARDWARE_REPORT_HPP

#include <edgemetrics/hardware/energy.hpp>
#include <edgemetrics/hardware/sample.hpp>
#include <edgemetrics/hardware/series.hpp>
#include <edgemetrics/hardware/source.hpp>
#include <edgemetrics/report_info.hpp>

#include <optional>
#include <string>
#include <vector>

namespace edgemetrics {

/// The power state of the board during the run, as the caller gives it (nvpmodel -q,
/// jetson_clocks --show): both change idle power by watts, so they go with every energy.
struct power_state {
  std::string nvpmodel;               ///< e.g. "MAXN", "15W"; empty: not given
  std::optional<bool> jetson_clocks;  ///< clocks locked at their maximum; nullopt: not given
};

/// What a tegrastats report covers and how its samples were timed.
struct tegrastats_report_options {
  /// Seconds between samples of lines without a timestamp (tegrastats --interval).
  double interval_s = 1.0;
  bool ignore_timestamps = false;    ///< lines were timed by the interval even with a prefix
  hardware_summary_options summary;  ///< window, temperature threshold
  energy_options energy;             ///< inferences, queries, idle baseline
  power_state power;
};

struct tegrastats_report {
  report_info info;  ///< inputs: the log (and the idle log when a baseline came from one)
  tegrastats_report_options options;
  source_stats source;  ///< lines, samples read, corrupt lines skipped, unknown tokens
  hardware_summary summary;
};

/// The report of samples summarised by `acc` (options.summary is taken from acc.options()).
/// Throws std::invalid_argument for bad options (interval_s not finite and > 0, a negative
/// or non-finite idle baseline).
[[nodiscard]] tegrastats_report make_tegrastats_report(const hardware_accumulator& acc, source_stats source,
                                                       tegrastats_report_options options = {}, report_info info = {});

/// The report of samples kept in memory (in time order): a log read whole, or the live
/// sampler's. Without `source` (nothing read: lines == 0), source.samples is samples.size().
[[nodiscard]] tegrastats_report make_tegrastats_report(const std::vector<hardware_sample>& samples,
                                                       tegrastats_report_options options = {}, report_info info = {},
                                                       source_stats source = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_REPORT_HPP
