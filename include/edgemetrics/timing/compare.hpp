// Comparing two runs (baseline vs optimised, CPU vs GPU, FP32 vs FP16) and aggregating
// speedups over several models.
//
// Definitions (docs/conventions.md, "Latency"):
//   median_speedup       = median(baseline) / median(candidate)      (> 1: candidate faster)
//   mean_speedup         = mean(baseline) / mean(candidate)
//   improvement_percent  = 100 * (mean(baseline) - mean(candidate)) / mean(baseline)
//                          the reduction of inference time relative to the baseline, as the seed
//                          paper reports "x % faster"; equals 100 * (1 - 1 / mean_speedup).
//   bootstrap CI         percentile interval (linear rule) of median_speedup over `resamples`
//                          unpaired resamples (each run resampled with replacement, n draws).
//                          A resample's median is drawn without materialising the resample:
//                          binomial splitting of the draws over the sorted run, sampled exactly
//                          from random bits (src/timing/bootstrap.cpp; docs/conventions.md).
//                          One xoshiro256** stream per (seed, run, resample), integer arithmetic:
//                          identical on every platform and for every thread count.
//   Mann-Whitney U       scipy.stats.mannwhitneyu(baseline, candidate, use_continuity=True,
//                          alternative='two-sided', method='asymptotic'): average ranks, tie
//                          correction, normal approximation with continuity correction.
#ifndef EDGEMETRICS_TIMING_COMPARE_HPP
#define EDGEMETRICS_TIMING_COMPARE_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <edgemetrics/span.hpp>

namespace edgemetrics {

struct mann_whitney_result {
  double u_baseline = 0;   ///< U statistic of the first sample (scipy's `statistic`)
  double u_candidate = 0;  ///< n1 * n2 - u_baseline
  double z = 0;            ///< standardised max(U1, U2) with continuity correction
  double p_value = 1;      ///< two-sided, clipped to [0, 1]
};

/// Throws std::invalid_argument when either sample is empty.
[[nodiscard]] mann_whitney_result mann_whitney_u(span<const double> a, span<const double> b);

/// The most bootstrap resamples compare_runs accepts (more is no better and would only
/// exhaust memory: one double per resample).
inline constexpr std::size_t max_bootstrap_resamples = 1000000;

struct compare_options {
  std::size_t resamples = 2000;   ///< bootstrap resamples (0: no interval; at most max_bootstrap_resamples)
  double confidence = 0.95;       ///< bootstrap interval level
  std::uint64_t seed = 20240601;  ///< bootstrap seed
};

/// Progress of a long computation: called now and then from the calling thread with (work
/// done, total work). compare_runs counts bootstrap resamples of both runs (total = 2 * resamples).
using progress_callback = std::function<void(std::size_t done, std::size_t total)>;

struct comparison {
  std::size_t baseline_count = 0, candidate_count = 0;
  double baseline_median_ms = 0, candidate_median_ms = 0;
  double baseline_mean_ms = 0, candidate_mean_ms = 0;
  double median_speedup = 0;
  double mean_speedup = 0;
  double improvement_percent = 0;
  double speedup_ci_low = 0, speedup_ci_high = 0;  ///< bootstrap interval of median_speedup
  double confidence = 0;
  mann_whitney_result mann_whitney;
};

/// Throws std::invalid_argument for an empty sample, a latency that is not > 0 (zero, negative,
/// NaN) or above 1e15 ms, confidence outside (0, 1), or resamples > max_bootstrap_resamples.
/// The bootstrap uses every hardware thread (at most 8) when the runs are large; the interval
/// does not depend on the thread count. `progress` (optional) reports the resamples done.
[[nodiscard]] comparison compare_runs(span<const double> baseline_ms, span<const double> candidate_ms,
                                      const compare_options& options = {}, const progress_callback& progress = {});

namespace detail {
/// The seed of stream `stream` (0: baseline, 1: candidate) of a bootstrap seeded with `seed`.
[[nodiscard]] std::uint64_t bootstrap_stream_seed(std::uint64_t seed, std::uint64_t stream) noexcept;
/// The medians of `resamples` bootstrap resamples (n draws with replacement) of `sorted`
/// (ascending, n >= 1), as compare_runs draws them: resample i depends only on (seed, i), never
/// on `threads` (0: one per hardware thread, at most 8). `progress(done)` runs on the calling thread.
[[nodiscard]] std::vector<double> bootstrap_medians_sorted(span<const double> sorted, std::size_t resamples,
                                                           std::uint64_t seed, std::size_t threads = 0,
                                                           const std::function<void(std::size_t)>& progress = {});
}  // namespace detail

/// One model's result for an aggregate over models.
struct model_result {
  double baseline_ms = 0;   ///< e.g. mean latency before optimisation
  double candidate_ms = 0;  ///< after
  double covariate = 0;     ///< e.g. FLOPs
};

struct aggregate_comparison {
  std::size_t models = 0;
  double mean_improvement_percent = 0;    ///< arithmetic mean of per-model improvement_percent (the paper's figure)
  double geometric_mean_speedup = 0;      ///< exp(mean(log(baseline / candidate)))
  double spearman_speedup_covariate = 0;  ///< Spearman rho (average ranks for ties); NaN if undefined
};

/// Throws std::invalid_argument for no models or non-positive times.
[[nodiscard]] aggregate_comparison aggregate_models(span<const model_result> models);

/// Spearman rank correlation (scipy.stats.spearmanr: Pearson on average ranks). NaN when a
/// side is constant. Throws std::invalid_argument on size mismatch or fewer than 2 points.
[[nodiscard]] double spearman(span<const double> x, span<const double> y);

/// Average ranks (1-based; ties get the mean of their ranks), scipy.stats.rankdata.
[[nodiscard]] std::vector<double> average_ranks(span<const double> x);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_COMPARE_HPP
