// Percentiles of latency samples under named rules (each reproduces one tool).
//
// Every rule maps a percentile p in [0, 100] and a sample count N to a value of the
// sorted samples x[0] <= ... <= x[N-1]. Definitions (docs/conventions.md, "Latency"):
//
//   nearest_rank  x[ceil(p*N/100) - 1], the rank computed in exact integer arithmetic
//                 from p's shortest decimal form (99.9 is 999/10); p = 0 gives x[0].
//   floor_n_p     x[floor(N * (p/100))] in double precision (MLPerf LoadGen, ONNX
//                 Runtime's perf test), p/100 correctly rounded from p's decimal form as
//                 LoadGen's literal 0.99 is; clamped to x[N-1] for p = 100.
//   trtexec       x[max(N - 1 - int((1 - pf/100) * N), 0)] in float32 arithmetic, pf the
//                 float nearest to p (TensorRT's sampleReporting.cpp findPercentile).
//   linear        numpy.percentile's default: position (N-1)*(p/100), linear
//                 interpolation between its neighbours with numpy's _lerp formula.
//
// Empty input: every function here throws std::invalid_argument (a percentile of nothing
// is undefined). p outside [0, 100] or NaN: std::invalid_argument.
//
// Buffers are span<const double> (<edgemetrics/span.hpp>): a std::vector, std::array, C array,
// pointer + size or braced list, read in place.
#ifndef EDGEMETRICS_TIMING_PERCENTILE_HPP
#define EDGEMETRICS_TIMING_PERCENTILE_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// How a percentile picks (or interpolates) a sample; see the header comment.
enum class percentile_rule {
  nearest_rank,  ///< default: ceil(p*N)-th smallest, exact integer arithmetic
  floor_n_p,     ///< MLPerf LoadGen / ONNX Runtime: 0-based index floor(p*N)
  trtexec,       ///< TensorRT trtexec: N-1-floor((1-p/100)*N) in float32
  linear,        ///< numpy default: interpolation at (N-1)*p
};

}  // namespace edgemetrics

template <>
struct edgemetrics::detail::enum_traits<edgemetrics::percentile_rule> {
  static constexpr std::string_view type_name = "percentile_rule";
  static constexpr std::array<enum_name<percentile_rule>, 4> names{{{percentile_rule::nearest_rank, "nearest_rank"},
                                                                    {percentile_rule::floor_n_p, "floor_n_p"},
                                                                    {percentile_rule::trtexec, "trtexec"},
                                                                    {percentile_rule::linear, "linear"}}};
};

namespace edgemetrics {

/// "nearest_rank", "floor_n_p", "trtexec", "linear".
[[nodiscard]] constexpr std::string_view to_string(percentile_rule rule) noexcept {
  return detail::enum_to_string(rule);
}
/// Inverse of to_string; throws std::invalid_argument naming the accepted names.
[[nodiscard]] inline percentile_rule parse_percentile_rule(std::string_view name) {
  return detail::enum_from_string<percentile_rule>(name);
}

/// The default percentile list of summaries: 50, 90, 95, 99, 99.9.
[[nodiscard]] std::vector<double> default_percentiles();

/// A position in the sorted samples: value = x[lower] + fraction * (x[lower+1] - x[lower]).
/// fraction is 0 for every rule except linear (then upper == lower + 1 when fraction > 0).
struct percentile_position {
  std::size_t lower = 0;
  double fraction = 0.0;
};

/// Where rule `rule` reads percentile `p` among `n` sorted samples. Throws
/// std::invalid_argument for n == 0 or p outside [0, 100].
[[nodiscard]] percentile_position percentile_index(percentile_rule rule, double p, std::size_t n);

/// Percentile `p` of samples already sorted ascending.
[[nodiscard]] double percentile_sorted(span<const double> sorted, double p,
                                       percentile_rule rule = percentile_rule::nearest_rank);

/// Median of samples already sorted ascending: the middle value, or the mean of the two
/// middle values for an even count (trtexec, Google Benchmark).
[[nodiscard]] double median_sorted(span<const double> sorted);

/// Percentiles of unsorted samples by selection, never a full sort; results in the order of
/// `ps`. The input is neither modified nor copied when large (>= 65536 samples): a seeded
/// sample brackets each wanted rank, one pass counts the values below each bracket and
/// gathers those inside, and std::nth_element finishes on the brackets (a few % of N). Small
/// inputs, or a bracket that misses its rank, use a copy and std::nth_element with successive
/// narrowing. Results are exact either way. Samples must be latencies (is_valid_latency_ms:
/// 0 <= x <= 1e15, not NaN): one pass checks them first and throws std::invalid_argument
/// naming the index of the first bad sample.
[[nodiscard]] std::vector<double> select_percentiles(span<const double> samples, span<const double> ps,
                                                     percentile_rule rule = percentile_rule::nearest_rank);

/// Median of unsorted samples by selection (mean of the two middle values for an even count).
/// Samples are checked as in select_percentiles.
[[nodiscard]] double select_median(span<const double> samples);

namespace detail {
/// p/100 correctly rounded from p's shortest decimal representation (so 99.9 gives the
/// double nearest 0.999, the value of the literal 0.999).
[[nodiscard]] double percent_to_fraction(double p);
/// Validates p in [0, 100]; throws std::invalid_argument otherwise.
void check_percent(double p);
/// p in its shortest round-trip form ("99.9", "95", "nan").
[[nodiscard]] std::string percent_text(double p);
}  // namespace detail

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_PERCENTILE_HPP
