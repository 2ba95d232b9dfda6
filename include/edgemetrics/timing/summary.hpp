// Summary statistics of a latency sample: count, min, max, mean, standard deviations,
// coefficient of variation, median, percentiles under a named rule, throughput and FPS.
//
// Units: milliseconds (as trtexec prints them); throughput in items per second.
// Empty input: count == 0 and every statistic is NaN (throughput and fps 0).
#ifndef EDGEMETRICS_TIMING_SUMMARY_HPP
#define EDGEMETRICS_TIMING_SUMMARY_HPP

#include <edgemetrics/timing/percentile.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace edgemetrics {

/// The largest latency accepted anywhere, in ms (1e15 ms, about 31,700 years). Larger values
/// are bad data, and sums or squares of values near the double's limit would overflow to
/// inf/NaN. Readers and summaries reject a latency outside [0, max_latency_ms] (NaN included).
inline constexpr double max_latency_ms = 1e15;

/// True when x is a latency edgemetrics accepts: 0 <= x <= max_latency_ms (false for NaN).
[[nodiscard]] constexpr bool is_valid_latency_ms(double x) noexcept { return x >= 0.0 && x <= max_latency_ms; }

/// The one conversion of a recorder's nanoseconds to milliseconds: ns / 1e6 as a double
/// (a correctly rounded division: the same bits on every platform and with any compiler flags).
/// latency_recorder::summary and check_budget(recorder) use it; nothing else converts.
[[nodiscard]] constexpr double ns_to_ms(std::uint64_t ns) noexcept { return static_cast<double>(ns) / 1e6; }

/// What a summary computes and how.
struct summary_options {
  std::vector<double> percentiles = default_percentiles();  ///< each in [0, 100]
  percentile_rule rule = percentile_rule::nearest_rank;
  /// Items processed per recorded latency (an inference on a batch of 8 -> 8).
  std::size_t batch_size = 1;
  /// Wall-clock window of the run in ms, for throughput. <= 0: unknown, the total of the
  /// latencies is used instead (back-to-back sequential inferences).
  double wall_ms = 0.0;
};

struct latency_summary {
  std::size_t count = 0;  ///< latencies summarised (after warm-up exclusion)
  double min_ms = 0, max_ms = 0, mean_ms = 0;
  /// Median: the middle value, or the mean of the two middle values for an even count
  /// (trtexec, Google Benchmark), whatever the percentile rule.
  double median_ms = 0;
  double stddev_sample_ms = 0;      ///< sqrt(sum (x - mean)^2 / (N - 1)); NaN for N < 2
  double stddev_population_ms = 0;  ///< sqrt(sum (x - mean)^2 / N)
  double cv = 0;                    ///< coefficient of variation: stddev_sample_ms / mean_ms
  percentile_rule rule = percentile_rule::nearest_rank;
  std::vector<double> percentiles;     ///< the p values asked for
  std::vector<double> percentiles_ms;  ///< their values, same order
  double total_ms = 0;                 ///< sum of the latencies ("total time" on a data set)
  double wall_ms = 0;                  ///< window used for throughput (the total when no wall time is known)
  std::size_t batch_size = 1;
  double per_item_mean_ms = 0;        ///< mean_ms / batch_size
  double throughput_per_s = 0;        ///< count * batch_size / wall window (items per second)
  double fps = 0;                     ///< 1000 * batch_size / mean_ms (items per second of one sequential stream)
  std::uint64_t warmup_excluded = 0;  ///< samples dropped as warm-up (recorders)
  std::uint64_t negative_count = 0;   ///< negative durations clamped to 0 (recorders)
  std::uint64_t overflow_count = 0;   ///< bounded mode: values above the histogram range
  bool bounded = false;               ///< percentiles come from a histogram
  double relative_precision = 0;      ///< bounded mode: stated precision of the percentiles

  /// The value of percentile p. Throws std::invalid_argument naming the percentiles that were
  /// computed when p was not asked for (summary_options::percentiles): a summary never
  /// answers NaN for a percentile it did not compute. Not noexcept (it was before issue #9).
  [[nodiscard]] double percentile_ms(double p) const;
  /// The value of percentile p, or std::nullopt when p was not asked for (never throws).
  [[nodiscard]] std::optional<double> find_percentile(double p) const noexcept;
  /// True when percentile p was asked for (its value may still be NaN for an empty summary).
  [[nodiscard]] bool has_percentile(double p) const noexcept { return find_percentile(p).has_value(); }
};

/// Summary of latencies in ms (any order; read in place, never sorted: see select_percentiles):
/// a std::vector, std::array, pointer + size (span<const double>) or braced list.
/// Throws std::invalid_argument for NaN or negative latencies, or bad options.
[[nodiscard]] latency_summary summarize(span<const double> latencies_ms, const summary_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_SUMMARY_HPP
