#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>

#include "bootstrap.hpp"
#include "select.hpp"

namespace edgemetrics {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

void check_sample(span<const double> x, const char* what) {
  if (x.empty()) throw std::invalid_argument(std::string(what) + " sample is empty");
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0.0) || !is_valid_latency_ms(x[i])) {
      throw std::invalid_argument(std::string(what) + " latency #" + std::to_string(i) +
                                  " must be > 0 and <= 1e15 ms to compare runs (speedups divide by it)");
    }
  }
}

double mean_of(span<const double> x) {
  // Neumaier summation.
  double sum = 0, c = 0;
  for (double v : x) {
    const double t = sum + v;
    c += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  return (sum + c) / static_cast<double>(x.size());
}

double median_of(std::vector<double>& scratch) {
  double m = 0;
  (void)detail::select_percentiles_and_median_inplace(scratch, {}, percentile_rule::nearest_rank, &m);
  return m;
}

}  // namespace

std::vector<double> average_ranks(span<const double> x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(n);
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && x[idx[j]] == x[idx[i]]) ++j;
    const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) r[idx[k]] = avg;
    i = j;
  }
  return r;
}

mann_whitney_result mann_whitney_u(span<const double> a, span<const double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("Mann-Whitney U needs two non-empty samples");
  const auto n1 = static_cast<double>(a.size());
  const auto n2 = static_cast<double>(b.size());
  std::vector<double> xy(a.begin(), a.end());
  xy.insert(xy.end(), b.begin(), b.end());
  const std::vector<double> ranks = average_ranks(xy);
  double r1 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) r1 += ranks[i];
  mann_whitney_result res;
  res.u_baseline = r1 - n1 * (n1 + 1) / 2;
  res.u_candidate = n1 * n2 - res.u_baseline;
  const double u = std::max(res.u_baseline, res.u_candidate);
  const double mu = n1 * n2 / 2;
  const double n = n1 + n2;
  // Tie term: sum over groups of equal values of t^3 - t.
  std::vector<double> sorted(xy);
  std::sort(sorted.begin(), sorted.end());
  double tie_term = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  const double s = std::sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))));
  res.z = (u - mu - 0.5) / s;
  double p = 2.0 * (0.5 * std::erfc(res.z / std::sqrt(2.0)));
  if (std::isnan(p)) p = 1.0;  // s == 0: every value equal
  res.p_value = std::clamp(p, 0.0, 1.0);
  return res;
}

comparison compare_runs(span<const double> baseline_ms, span<const double> candidate_ms, const compare_options& options,
                        const progress_callback& progress) {
  check_sample(baseline_ms, "baseline");
  check_sample(candidate_ms, "candidate");
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw std::invalid_argument("confidence must be in (0, 1)");
  }
  if (options.resamples > max_bootstrap_resamples) {
    throw std::invalid_argument("resamples must be <= " + std::to_string(max_bootstrap_resamples) + ", got " +
                                std::to_string(options.resamples));
  }
  comparison c;
  c.baseline_count = baseline_ms.size();
  c.candidate_count = candidate_ms.size();
  c.confidence = options.confidence;
  std::vector<double> sb(baseline_ms.begin(), baseline_ms.end()), sc(candidate_ms.begin(), candidate_ms.end());
  c.baseline_median_ms = median_of(sb);
  c.candidate_median_ms = median_of(sc);
  if (options.resamples > 0) {  // the bootstrap reads order statistics of the sorted runs
    std::sort(sb.begin(), sb.end());
    std::sort(sc.begin(), sc.end());
  }
  c.baseline_mean_ms = mean_of(baseline_ms);
  c.candidate_mean_ms = mean_of(candidate_ms);
  c.median_speedup = c.baseline_median_ms / c.candidate_median_ms;
  c.mean_speedup = c.baseline_mean_ms / c.candidate_mean_ms;
  c.improvement_percent = 100.0 * (c.baseline_mean_ms - c.candidate_mean_ms) / c.baseline_mean_ms;
  c.mann_whitney = mann_whitney_u(baseline_ms, candidate_ms);
  if (options.resamples == 0) {
    c.speedup_ci_low = c.speedup_ci_high = nan_v;
    return c;
  }
  // Independent streams for the two runs, each resample with its own (docs/conventions.md).
  const std::uint64_t seed_b = detail::bootstrap_stream_seed(options.seed, 0);
  const std::uint64_t seed_c = detail::bootstrap_stream_seed(options.seed, 1);
  const std::size_t r = options.resamples;
  const auto report = [&progress, r](std::size_t offset) {
    return [&progress, offset, r](std::size_t done) {
      if (progress) progress(offset + done, 2 * r);
    };
  };
  const std::vector<double> mb = detail::bootstrap_medians_sorted(sb, r, seed_b, 0, report(0));
  const std::vector<double> mc = detail::bootstrap_medians_sorted(sc, r, seed_c, 0, report(r));
  std::vector<double> stats(r);
  for (std::size_t i = 0; i < r; ++i) stats[i] = mb[i] / mc[i];
  std::sort(stats.begin(), stats.end());
  const double alpha = (1.0 - options.confidence) / 2.0;
  c.speedup_ci_low = percentile_sorted(stats, 100.0 * alpha, percentile_rule::linear);
  c.speedup_ci_high = percentile_sorted(stats, 100.0 * (1.0 - alpha), percentile_rule::linear);
  return c;
}

double spearman(span<const double> x, span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("spearman: samples differ in size");
  if (x.size() < 2) throw std::invalid_argument("spearman needs at least 2 points");
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const auto n = static_cast<double>(x.size());
  const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
  const double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx == 0 || syy == 0) return nan_v;
  return sxy / std::sqrt(sxx * syy);
}

aggregate_comparison aggregate_models(span<const model_result> models) {
  if (models.empty()) throw std::invalid_argument("aggregate over no models");
  aggregate_comparison a;
  a.models = models.size();
  double sum_imp = 0, sum_log = 0;
  std::vector<double> speedups, cov;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const model_result& m = models[i];
    if (!(m.baseline_ms > 0) || !(m.candidate_ms > 0)) {
      throw std::invalid_argument("model #" + std::to_string(i) + ": times must be > 0");
    }
    sum_imp += 100.0 * (m.baseline_ms - m.candidate_ms) / m.baseline_ms;
    const double s = m.baseline_ms / m.candidate_ms;
    sum_log += std::log(s);
    speedups.push_back(s);
    cov.push_back(m.covariate);
  }
  const auto n = static_cast<double>(models.size());
  a.mean_improvement_percent = sum_imp / n;
  a.geometric_mean_speedup = std::exp(sum_log / n);
  a.spearman_speedup_covariate = models.size() >= 2 ? spearman(speedups, cov) : nan_v;
  return a;
}

}  // namespace edgemetrics
