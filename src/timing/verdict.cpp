#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/verdict.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "select.hpp"

namespace edgemetrics {

namespace {

// Over-latency probability of one query: 1 - (p - d), p as LoadGen's fraction.
double over_probability(double p, double tolerance) { return 1.0 - (detail::percent_to_fraction(p) - tolerance); }

void check_es_args(double p, double confidence, double tolerance) {
  if (!(p > 0.0 && p < 100.0)) throw std::invalid_argument("early stopping needs a percentile in (0, 100)");
  if (!(confidence > 0.0 && confidence < 1.0)) throw std::invalid_argument("confidence must be in (0, 1)");
  const double pd = p / 100.0 - tolerance;
  if (!(pd > 0.0 && pd < 1.0)) throw std::invalid_argument("percentile minus tolerance must be in (0, 1)");
  // A percentile so close to 0 or 100 that q rounds to 1 or 0 (p = 1e-300, 100 - 1e-15) has no
  // estimate: the binomial odds degenerate (and min_queries would be astronomically large).
  const double q = over_probability(p, tolerance);
  if (!(q > 0.0 && q < 1.0)) {
    throw std::invalid_argument("early stopping: percentile " + detail::percent_text(p) +
                                " is too close to 0 or 100 (1 - p/100 rounds to " + (q >= 1.0 ? "1" : "0") + ")");
  }
}

}  // namespace

namespace {

// P(Binomial(n, q) <= k) for k = 0, 1, 2, ...: the pmf terms summed in log space with a running
// rescale (no underflow of (1-q)^n for large n). step() moves to k + 1 in O(1), so a scan over k
// costs O(k) in all; binomial_cdf() walks the same steps, so both give identical values.
class binomial_cdf_walker {
 public:
  binomial_cdf_walker(std::uint64_t n, double q) noexcept
      : dn_(static_cast<double>(n)),
        log_ratio_(std::log(q) - std::log1p(-q)),
        log_pmf_(static_cast<double>(n) * std::log1p(-q)),
        max_log_(log_pmf_) {}
  void step() noexcept {
    const auto dk = static_cast<double>(k_);
    log_pmf_ += std::log((dn_ - dk) / (dk + 1.0)) + log_ratio_;
    if (log_pmf_ > max_log_) {
      acc_ = acc_ * std::exp(max_log_ - log_pmf_) + 1.0;
      max_log_ = log_pmf_;
    } else {
      acc_ += std::exp(log_pmf_ - max_log_);
    }
    ++k_;
  }
  [[nodiscard]] double value() const noexcept { return std::min(std::exp(max_log_) * acc_, 1.0); }

 private:
  double dn_;
  double log_ratio_;
  double log_pmf_;
  double max_log_;
  double acc_ = 1.0;  // sum of exp(log_pmf_k - max_log_)
  std::uint64_t k_ = 0;
};

}  // namespace

double binomial_cdf(std::uint64_t n, std::uint64_t t, double q) noexcept {
  if (t >= n) return 1.0;
  if (q <= 0.0) return 1.0;
  if (q >= 1.0) return 0.0;
  binomial_cdf_walker w(n, q);
  for (std::uint64_t k = 0; k < t; ++k) w.step();
  return w.value();
}

std::uint64_t early_stopping_min_queries(double p, double confidence, double tolerance) {
  check_es_args(p, confidence, tolerance);
  const double q = over_probability(p, tolerance);
  // LoadGen: h_min = min h with odds(h, 1) < 1 - c; needs h_min + 1 queries, and
  // odds(h, 1) = P(Binomial(h + 1, q) <= 1), which decreases in n. LoadGen scans n = 2, 3, ...;
  // the same smallest n by a linear scan up to 2^16, then galloping + bisection (q = 1e-10,
  // p = 99.99999999, needs about 6.6e10 queries: a scan would not finish).
  const auto passes = [&](std::uint64_t n) { return binomial_cdf(n, 1, q) < 1.0 - confidence; };
  constexpr std::uint64_t scan_limit = std::uint64_t{1} << 16;
  for (std::uint64_t n = 2; n <= scan_limit; ++n) {
    if (passes(n)) return n;
  }
  std::uint64_t lo = scan_limit, hi = 2 * scan_limit;  // passes(lo) false
  constexpr std::uint64_t cap = std::uint64_t{1} << 62;
  while (!passes(hi)) {
    if (hi >= cap) return cap;  // q below ~1e-17: never reached (q rounds to 0 first)
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (passes(mid) ? hi : lo) = mid;
  }
  return hi;
}

bool early_stopping_passes(std::uint64_t n, std::uint64_t over, double p, double confidence, double tolerance) {
  check_es_args(p, confidence, tolerance);
  if (over > n) throw std::invalid_argument("more over-latency queries than queries");
  // n >= h(t) + t  <=>  odds(n - t, t) < 1 - c (odds decreases in h).
  return binomial_cdf(n, over, over_probability(p, tolerance)) < 1.0 - confidence;
}

namespace {

// Everything of LoadGen's single-stream estimate but the order statistic: fills e and returns
// the 0-based rank k of the estimate x[k] among n values, or nothing when n is too small.
std::optional<std::uint64_t> early_stopping_rank(std::uint64_t n, double p, double confidence, double tolerance,
                                                 early_stopping_estimate& e) {
  check_es_args(p, confidence, tolerance);
  e.min_queries = early_stopping_min_queries(p, confidence, tolerance);
  if (n < e.min_queries) {
    e.estimate_ms = std::numeric_limits<double>::quiet_NaN();
    return std::nullopt;
  }
  e.enough = true;
  const double q = over_probability(p, tolerance);
  // LoadGen: for i = 2..N: if N < h(i) + i then t = i - 1, stop. N < h(i) + i <=> odds(N - i, i) >= 1 - c.
  // One O(t) walk instead of a binomial_cdf(n, i, q) call per i (identical values).
  std::uint64_t t = 1;
  binomial_cdf_walker w(n, q);
  w.step();
  w.step();  // at k = 2
  for (std::uint64_t i = 2; i <= n; ++i, w.step()) {
    const double cdf = i >= n ? 1.0 : w.value();
    if (cdf >= 1.0 - confidence) {
      t = i - 1;
      break;
    }
  }
  e.discarded = t - 1;
  return n - t;
}

// One pass at the public boundary: NaN or negative latencies would make the counts and the
// selection silently wrong.
void check_latencies(span<const double> x, const char* what) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!is_valid_latency_ms(x[i])) {
      throw std::invalid_argument(std::string(what) + ": latency #" + std::to_string(i) + " is " +
                                  std::to_string(x[i]) + " (must be >= 0 and <= 1e15 ms)");
    }
  }
}

early_stopping_estimate early_stopping_of(span<const double> latencies_ms, double p, double confidence,
                                          double tolerance) {
  early_stopping_estimate e;
  if (const auto k = early_stopping_rank(latencies_ms.size(), p, confidence, tolerance, e)) {
    e.estimate_ms = detail::select_order_statistics_const(latencies_ms, {static_cast<std::size_t>(*k)}).front();
  }
  return e;
}

}  // namespace

early_stopping_estimate estimate_early_stopping(span<const double> latencies_ms, double p, double confidence,
                                                double tolerance) {
  check_latencies(latencies_ms, "estimate_early_stopping");
  return early_stopping_of(latencies_ms, p, confidence, tolerance);
}

namespace {

// Early stopping is defined for 0 < p < 100 with 1 - p/100 strictly between 0 and 1.
bool early_stopping_applies(double p) {
  if (!(p > 0.0 && p < 100.0)) return false;
  const double q = over_probability(p, 0.0);
  return q > 0.0 && q < 1.0;
}

void check_budget_options(const budget_options& options) {
  if (!(options.budget_ms > 0.0)) throw std::invalid_argument("budget_ms must be > 0");
  detail::check_percent(options.percentile);
}

}  // namespace

budget_verdict check_budget(span<const double> latencies_ms, const budget_options& options) {
  if (latencies_ms.empty()) throw std::invalid_argument("budget check of an empty sample set");
  check_budget_options(options);
  check_latencies(latencies_ms, "check_budget");
  budget_verdict v;
  v.budget_ms = options.budget_ms;
  v.percentile = options.percentile;
  v.count = latencies_ms.size();
  v.misses = static_cast<std::size_t>(
      std::count_if(latencies_ms.begin(), latencies_ms.end(), [&](double x) { return x > options.budget_ms; }));
  v.miss_rate = static_cast<double>(v.misses) / static_cast<double>(v.count);
  v.percentile_ms =
      detail::select_percentiles_and_median(latencies_ms, {options.percentile}, options.rule, nullptr).front();
  v.met = v.percentile_ms <= options.budget_ms;
  if (early_stopping_applies(options.percentile)) {
    v.early_stopping = early_stopping_of(latencies_ms, options.percentile, options.confidence, 0.0);
    v.met_with_confidence = early_stopping_passes(v.count, v.misses, options.percentile, options.confidence);
  }
  return v;
}

budget_verdict detail::check_recorder_budget(const latency_recorder& recorder, const budget_options& options) {
  if (recorder.count() == 0) {
    throw std::invalid_argument("budget check of an empty recorder (" + std::to_string(recorder.warmup_excluded()) +
                                " samples excluded as warm-up)");
  }
  const log_linear_histogram* h = recorder.histogram();
  if (h == nullptr) {  // exact: the samples in ms, converted once, then the same verdict
    const std::vector<std::uint64_t>& ns = recorder.samples_ns();
    std::vector<double> ms(ns.size());
    for (std::size_t i = 0; i < ns.size(); ++i) ms[i] = ns_to_ms(ns[i]);
    return check_budget(ms, options);
  }
  check_budget_options(options);
  budget_verdict v;
  v.budget_ms = options.budget_ms;
  v.percentile = options.percentile;
  v.count = static_cast<std::size_t>(h->count());
  const std::uint64_t lo = h->min_ns(), hi = h->max_ns();
  std::uint64_t misses = 0;
  h->for_each_bucket([&](std::uint64_t value_ns, std::uint64_t count) {
    if (ns_to_ms(std::clamp(value_ns, lo, hi)) > options.budget_ms) misses += count;
  });
  v.misses = static_cast<std::size_t>(misses);
  v.miss_rate = static_cast<double>(v.misses) / static_cast<double>(v.count);
  v.percentile_ms = detail::histogram_percentile_ms(*h, options.percentile, options.rule);
  v.met = v.percentile_ms <= options.budget_ms;
  if (early_stopping_applies(options.percentile)) {
    early_stopping_estimate e;
    if (const auto k = early_stopping_rank(h->count(), options.percentile, options.confidence, 0.0, e)) {
      e.estimate_ms = ns_to_ms(h->value_at_rank(*k));
    }
    v.early_stopping = e;
    v.met_with_confidence = early_stopping_passes(v.count, v.misses, options.percentile, options.confidence);
  }
  return v;
}

latency_class classify_latency(double latency_ms, const latency_guide& guide) noexcept {
  if (latency_ms < guide.real_time_ms) return latency_class::real_time;
  if (latency_ms > guide.laggy_ms) return latency_class::laggy;
  return latency_class::acceptable;
}

}  // namespace edgemetrics
