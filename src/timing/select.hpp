// Internal: order statistics by successive narrowing (no full sort).
#ifndef EDGEMETRICS_SRC_TIMING_SELECT_HPP
#define EDGEMETRICS_SRC_TIMING_SELECT_HPP

#include <edgemetrics/timing/histogram.hpp>
#include <edgemetrics/timing/percentile.hpp>

#include <cstddef>
#include <vector>

namespace edgemetrics::detail {

/// Values of the k-th smallest elements for every k in `ks` (ascending, unique, < size).
/// `data` is reordered. Each nth_element runs only right of the previous position; a
/// position just after the previous one is a min_element.
std::vector<double> select_order_statistics(std::vector<double>& data, const std::vector<std::size_t>& ks);

/// The same without modifying or copying `data` (large inputs): sample-bracketed single pass,
/// falling back to copy + select_order_statistics.
std::vector<double> select_order_statistics_const(span<const double> data, const std::vector<std::size_t>& ks);

/// Percentiles (rule) and the even-count-averaging median of `data`. Returns the percentile
/// values in the order of `ps`; writes the median to `median` when not null.
std::vector<double> select_percentiles_and_median(span<const double> data, span<const double> ps, percentile_rule rule,
                                                  double* median);
/// The same, reordering `data` (a scratch buffer) instead.
std::vector<double> select_percentiles_and_median_inplace(std::vector<double>& data, span<const double> ps,
                                                          percentile_rule rule, double* median);

/// Percentile p (rule) of a bounded recorder's histogram, in ms: the values at the rule's ranks
/// as value_at_rank reports them, through ns_to_ms (count() must be > 0).
double histogram_percentile_ms(const log_linear_histogram& h, double p, percentile_rule rule);

/// numpy's _lerp.
[[nodiscard]] inline double numpy_lerp(double a, double b, double t) noexcept {
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_TIMING_SELECT_HPP
