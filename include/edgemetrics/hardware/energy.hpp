// Energy from power samples (docs/conventions.md, "Hardware"): the trapezoid rule over the
// samples' times, clipped to a window by linear interpolation at its edges; an optional idle
// baseline subtracted; energy per inference (J, mJ), inferences per joule, mean power and
// MLPerf Power's mJ per query; windows aligned with inference runs or batches.
//
//   edgemetrics::energy_options o;
//   o.inferences = 5000;
//   edgemetrics::energy_result e = edgemetrics::energy_over(samples, {t0, t1}, o);
//   e.total.energy_per_inference_mj;
//
// Power is each sample's board total (hardware_sample::total_power_mw, instantaneous mW);
// samples without it are passed over. Times are the samples' time_s (seconds). mW * s = mJ.
#ifndef EDGEMETRICS_HARDWARE_ENERGY_HPP
#define EDGEMETRICS_HARDWARE_ENERGY_HPP

#include <edgemetrics/hardware/sample.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace edgemetrics {

/// A closed time interval [from_s, to_s] on the samples' clock; unbounded by default.
struct time_window {
  double from_s = -std::numeric_limits<double>::infinity();
  double to_s = std::numeric_limits<double>::infinity();

  [[nodiscard]] bool contains(double t) const noexcept { return t >= from_s && t <= to_s; }
};

/// What to attribute an energy to.
struct energy_options {
  /// Inferences (items) run in the window; 0: no per-inference figures (NaN).
  std::uint64_t inferences = 0;
  /// Queries (MLPerf's unit: one query may carry a batch of inferences); 0: as many as inferences.
  std::uint64_t queries = 0;
  /// Idle power (mW) to subtract: see idle_baseline_mw. None: no "above idle" figures.
  std::optional<double> idle_baseline_mw;
};

/// The figures of one energy. NaN where undefined (no inferences, no duration).
struct energy_figures {
  double energy_j = 0;
  double energy_mj = 0;
  double mean_power_mw = 0;            ///< energy_mj / duration_s (time-weighted mean)
  double energy_per_inference_j = 0;   ///< energy_j / inferences
  double energy_per_inference_mj = 0;  ///< energy_mj / inferences
  double inferences_per_joule = 0;     ///< inferences / energy_j
  double mj_per_query = 0;             ///< energy_mj / queries (MLPerf Power)
};

/// The energy of one window.
struct energy_result {
  double from_s = 0;        ///< the part of the window covered by samples: its start
  double to_s = 0;          ///< and its end
  double duration_s = 0;    ///< seconds integrated (the sum of the clipped segments)
  std::size_t samples = 0;  ///< samples with power inside the window (edges included)
  std::uint64_t inferences = 0;
  std::uint64_t queries = 0;
  energy_figures total;  ///< the whole board energy (MLPerf Power subtracts nothing)
  std::optional<double> idle_baseline_mw;
  /// total less idle_baseline_mw * duration_s; present with a baseline. May be negative.
  std::optional<energy_figures> above_idle;
};

/// Streaming trapezoid integration of (time, power) points over a window, one point at a time
/// in time order (bounded memory: a 24-hour log at 10 ms needs no more than one point).
/// A segment [t0, t1] contributes (hi - lo) * (q0 + q1) / 2 mJ where [lo, hi] is its part inside
/// the window and q its power there: p0 + (p1 - p0) * ((x - t0) / (t1 - t0)) at a clipped
/// edge, the sample's own value otherwise. Segments are summed in time order. A point earlier
/// than the previous one (a clock stepped back) starts a new segment and is counted.
class energy_integrator {
 public:
  explicit energy_integrator(time_window window = {}) noexcept : window_(window) {}

  void record(double time_s, double power_mw) noexcept;

  [[nodiscard]] const time_window& window() const noexcept { return window_; }
  [[nodiscard]] double energy_mj() const noexcept { return energy_mj_; }
  [[nodiscard]] double duration_s() const noexcept { return duration_s_; }
  [[nodiscard]] std::size_t samples_in_window() const noexcept { return in_window_; }
  [[nodiscard]] std::size_t backward_steps() const noexcept { return backward_; }
  /// True once some segment overlapped the window with a positive duration.
  [[nodiscard]] bool has_energy() const noexcept { return duration_s_ > 0; }
  /// The result with `options`; nullopt when has_energy() is false (fewer than two timed
  /// samples, or none around the window).
  [[nodiscard]] std::optional<energy_result> result(const energy_options& options = {}) const;

 private:
  time_window window_;
  bool have_prev_ = false;
  double t_prev_ = 0, p_prev_ = 0;
  double energy_mj_ = 0, duration_s_ = 0;
  double covered_from_ = 0, covered_to_ = 0;
  std::size_t in_window_ = 0;
  std::size_t backward_ = 0;
};

/// The figures of `energy_mj` over `duration_s` with `options`' inferences and queries.
[[nodiscard]] energy_figures make_energy_figures(double energy_mj, double duration_s, const energy_options& options);

/// The energy of the samples (in time order) over `window`; nullopt without energy there.
/// Throws std::invalid_argument for a window with from_s > to_s or NaN, or a baseline that is
/// negative or not finite.
[[nodiscard]] std::optional<energy_result> energy_over(const std::vector<hardware_sample>& samples,
                                                       time_window window = {}, const energy_options& options = {});

/// Idle power of an idle log or window: the time-weighted mean (energy / duration) when the
/// samples give an energy there, else the arithmetic mean of the samples' powers in the window.
/// Throws std::invalid_argument when no sample in the window has power.
[[nodiscard]] double idle_baseline_mw(const std::vector<hardware_sample>& samples, time_window window = {});

/// A span of an inference run (a whole run, or one batch) on the samples' clock, and the
/// inferences it ran.
struct inference_window {
  double start_s = 0;
  double end_s = 0;
  std::uint64_t inferences = 1;

  /// From nanoseconds of a clock's time_since_epoch, as latency_recorder::record_interval and
  /// scoped_timer take them (std::chrono::steady_clock: the live sampler's clock): ns / 1e9.
  [[nodiscard]] static inference_window from_ns(std::int64_t start_ns, std::int64_t end_ns,
                                                std::uint64_t inferences = 1) noexcept {
    return {static_cast<double>(start_ns) / 1e9, static_cast<double>(end_ns) / 1e9, inferences};
  }
};

/// The energy of each inference window (its own inferences; queries and baseline from
/// `options`), in order; nullopt for a window without energy. The samples must be in time
/// order (std::invalid_argument otherwise, or for a window with end_s < start_s).
[[nodiscard]] std::vector<std::optional<energy_result>> energy_per_window(const std::vector<hardware_sample>& samples,
                                                                          const std::vector<inference_window>& windows,
                                                                          const energy_options& options = {});

/// Seconds during which a piecewise-linear signal is strictly above `threshold`, over a window,
/// fed one point at a time in time order (the same segments and clipping as energy_integrator;
/// a segment that crosses the threshold counts from the interpolated crossing).
class time_above_integrator {
 public:
  time_above_integrator(double threshold, time_window window = {}) noexcept : threshold_(threshold), window_(window) {}
  void record(double time_s, double value) noexcept;
  /// Breaks the signal (an offline sensor): the next point starts a new segment.
  void gap() noexcept { have_prev_ = false; }
  [[nodiscard]] double seconds() const noexcept { return seconds_; }
  [[nodiscard]] double threshold() const noexcept { return threshold_; }

 private:
  double threshold_;
  time_window window_;
  bool have_prev_ = false;
  double t_prev_ = 0, v_prev_ = 0;
  double seconds_ = 0;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_ENERGY_HPP
