// Verdicts on a latency sample: a real-time budget check with the deadline-miss rate and
// MLPerf LoadGen's early-stopping estimate, and the seed papers' guide values.
//
// Early stopping (MLPerf LoadGen, loadgen/early_stopping.cc and results.cc): with q = 1 - p
// the probability that one query is over the percentile's latency, a run of N queries with
// t of them over latency passes at confidence c when P(Binomial(N, q) <= t) < 1 - c. The
// single-stream estimate discards the largest latencies while that stays true:
// t = (smallest i >= 2 with P(Binomial(N, q) <= i) >= 1 - c) - 1, estimate = x[N - t] (0-based,
// sorted ascending). It needs at least min_queries = the smallest N with
// P(Binomial(N, q) <= 1) < 1 - c: 64 for p90 and 662 for p99 at c = 0.99.
#ifndef EDGEMETRICS_TIMING_VERDICT_HPP
#define EDGEMETRICS_TIMING_VERDICT_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/span.hpp>
#include <edgemetrics/timing/percentile.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace edgemetrics {

class latency_recorder;

/// MLPerf LoadGen's minimum number of queries for an early-stopping estimate of percentile
/// p (in percent) at `confidence` (LoadGen: 0.99) with `tolerance` (LoadGen: 0).
/// Throws std::invalid_argument for p outside (0, 100), for p so close to 0 or 100 that
/// 1 - p/100 rounds to 1 or 0 (1e-300, 100 - 1e-15), or confidence outside (0, 1).
[[nodiscard]] std::uint64_t early_stopping_min_queries(double p, double confidence = 0.99, double tolerance = 0.0);

/// P(Binomial(n, q) <= t): LoadGen's odds(h = n - t, t, p, d) with q = 1 - (p - d).
[[nodiscard]] double binomial_cdf(std::uint64_t n, std::uint64_t t, double q) noexcept;

struct early_stopping_estimate {
  bool enough = false;            ///< N >= min_queries
  std::uint64_t min_queries = 0;  ///< see early_stopping_min_queries
  std::uint64_t discarded = 0;    ///< highest latencies discarded (LoadGen's "would discard t - 1")
  double estimate_ms = 0;         ///< the percentile estimate; NaN when !enough
};

/// LoadGen's single-stream early-stopping estimate of percentile p from latencies (any order).
[[nodiscard]] early_stopping_estimate estimate_early_stopping(span<const double> latencies_ms, double p,
                                                              double confidence = 0.99, double tolerance = 0.0);

/// LoadGen's server-style check: with `over` of `n` queries over the latency bound, is
/// the percentile bound met at the confidence? (n >= h + t, h from find_min_passing).
[[nodiscard]] bool early_stopping_passes(std::uint64_t n, std::uint64_t over, double p, double confidence = 0.99,
                                         double tolerance = 0.0);

struct budget_options {
  double budget_ms = 100.0;  ///< the deadline of one inference
  double percentile = 99.0;  ///< which percentile must be within the budget
  percentile_rule rule = percentile_rule::nearest_rank;
  double confidence = 0.99;  ///< for the early-stopping estimate
};

struct budget_verdict {
  double budget_ms = 0;
  double percentile = 0;
  double percentile_ms = 0;  ///< the percentile under the rule
  bool met = false;          ///< percentile_ms <= budget_ms
  std::size_t count = 0;
  std::size_t misses = 0;  ///< latencies strictly greater than the budget
  double miss_rate = 0;    ///< misses / count
  /// LoadGen estimate of the same percentile; nullopt at p0 and p100, where early stopping is
  /// not defined (JSON null), and at a p so close to them that 1 - p/100 rounds to 1 or 0.
  std::optional<early_stopping_estimate> early_stopping;
  /// LoadGen server-style verdict: the budget holds for the percentile at the confidence
  /// given the observed misses (false when too few samples, and at p0/p100).
  bool met_with_confidence = false;
};

namespace detail {
[[nodiscard]] budget_verdict check_recorder_budget(const latency_recorder& recorder, const budget_options& options);
}  // namespace detail

/// Budget check. Throws std::invalid_argument for an empty sample or budget_ms <= 0.
[[nodiscard]] budget_verdict check_budget(span<const double> latencies_ms, const budget_options& options = {});

/// Budget check of a recorder (warm-up already excluded), its nanoseconds converted to ms once,
/// here, by ns_to_ms (ns / 1e6 as a double, as latency_recorder::summary does).
///
/// Exact mode: bit-identical to check_budget(ms) on the same values in ms.
/// Bounded mode (histogram): every value stands for its bucket's highest equivalent value clamped
/// to the recorded [min, max] (the value the summary's percentiles report; overflow values stand
/// for the exact maximum). `percentile_ms` is the summary's bounded percentile under the same rule
/// (within a relative 10^-significant_digits of the exact one); `misses` counts the values whose
/// stand-in exceeds the budget, so it may count as misses values of the one bucket that straddles
/// the budget (at most that bucket's count: conservative, never fewer than the exact misses);
/// `met_with_confidence` uses that count. The early-stopping estimate needs the order statistic
/// x[N - t]: it is read from the histogram (value_at_rank), so it carries the same relative
/// precision; `discarded`, `min_queries` and `enough` depend only on N and are exact.
/// Throws std::invalid_argument for an empty recorder, budget_ms <= 0 or a bad percentile.
/// (A template only so that check_budget({}, options) still means an empty span of ms.)
template <class Recorder, std::enable_if_t<std::is_same_v<Recorder, latency_recorder>, int> = 0>
[[nodiscard]] budget_verdict check_budget(const Recorder& recorder, const budget_options& options = {}) {
  return detail::check_recorder_budget(recorder, options);
}

/// Guide values from the seed papers: under 100 ms good for real time, over 500 ms laggy.
struct latency_guide {
  double real_time_ms = 100.0;  ///< latency < this: real_time
  double laggy_ms = 500.0;      ///< latency > this: laggy
};
enum class latency_class { real_time, acceptable, laggy };
[[nodiscard]] latency_class classify_latency(double latency_ms, const latency_guide& guide = {}) noexcept;

}  // namespace edgemetrics

template <>
struct edgemetrics::detail::enum_traits<edgemetrics::latency_class> {
  static constexpr std::string_view type_name = "latency_class";
  static constexpr std::array<enum_name<latency_class>, 3> names{{{latency_class::real_time, "real_time"},
                                                                  {latency_class::acceptable, "acceptable"},
                                                                  {latency_class::laggy, "laggy"}}};
};

namespace edgemetrics {

/// "real_time", "acceptable", "laggy".
[[nodiscard]] constexpr std::string_view to_string(latency_class c) noexcept { return detail::enum_to_string(c); }
/// Inverse of to_string; throws std::invalid_argument naming the accepted names.
[[nodiscard]] inline latency_class parse_latency_class(std::string_view name) {
  return detail::enum_from_string<latency_class>(name);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_VERDICT_HPP
