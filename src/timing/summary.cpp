#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "select.hpp"

namespace edgemetrics {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

void check_options(const summary_options& o) {
  for (double p : o.percentiles) detail::check_percent(p);
  if (o.batch_size == 0) throw std::invalid_argument("batch_size must be >= 1");
}

latency_summary empty_summary(const summary_options& o) {
  latency_summary s;
  s.min_ms = s.max_ms = s.mean_ms = s.median_ms = nan_v;
  s.stddev_sample_ms = s.stddev_population_ms = s.cv = s.per_item_mean_ms = nan_v;
  s.rule = o.rule;
  s.percentiles = o.percentiles;
  s.percentiles_ms.assign(o.percentiles.size(), nan_v);
  s.total_ms = 0;
  s.wall_ms = o.wall_ms > 0 ? o.wall_ms : 0;
  s.batch_size = o.batch_size;
  return s;
}

// Fills the fields derived from count, mean, total and the options.
void finish(latency_summary& s, const summary_options& o) {
  s.rule = o.rule;
  s.percentiles = o.percentiles;
  s.batch_size = o.batch_size;
  s.wall_ms = o.wall_ms > 0 ? o.wall_ms : s.total_ms;
  const auto batch = static_cast<double>(o.batch_size);
  s.per_item_mean_ms = s.mean_ms / batch;
  s.cv = s.stddev_sample_ms / s.mean_ms;
  s.throughput_per_s = s.wall_ms > 0 ? static_cast<double>(s.count) * batch / (s.wall_ms / 1000.0) : 0.0;
  s.fps = s.mean_ms > 0 ? 1000.0 * batch / s.mean_ms : 0.0;
}

// Neumaier compensated sum.
struct compensated_sum {
  double sum = 0, c = 0;
  void add(double x) noexcept {
    const double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x)) {
      c += (sum - t) + x;
    } else {
      c += (x - t) + sum;
    }
    sum = t;
  }
  [[nodiscard]] double value() const noexcept { return sum + c; }
};

}  // namespace

std::optional<double> latency_summary::find_percentile(double p) const noexcept {
  for (std::size_t i = 0; i < percentiles.size() && i < percentiles_ms.size(); ++i) {
    if (percentiles[i] == p) return percentiles_ms[i];
  }
  return std::nullopt;
}

double latency_summary::percentile_ms(double p) const {
  if (const std::optional<double> v = find_percentile(p)) return *v;
  std::string asked;
  for (std::size_t i = 0; i < percentiles.size(); ++i) {
    asked += (i == 0 ? "" : ", ") + detail::percent_text(percentiles[i]);
  }
  throw std::invalid_argument("edgemetrics::latency_summary::percentile_ms: p" + detail::percent_text(p) +
                              " was not computed (computed: " + (asked.empty() ? std::string("none") : asked) +
                              "); ask for it in summary_options::percentiles");
}

latency_summary summarize(span<const double> latencies_ms, const summary_options& options) {
  check_options(options);
  const std::size_t n = latencies_ms.size();
  if (n == 0) return empty_summary(options);
  compensated_sum total;
  double lo = latencies_ms[0], hi = latencies_ms[0];
  for (std::size_t i = 0; i < n; ++i) {
    const double x = latencies_ms[i];
    if (!is_valid_latency_ms(x)) {
      throw std::invalid_argument("latency #" + std::to_string(i) + " is " + std::to_string(x) +
                                  " (must be >= 0 and <= 1e15 ms)");
    }
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    total.add(x);
  }
  latency_summary s;
  s.count = n;
  s.min_ms = lo;
  s.max_ms = hi;
  s.total_ms = total.value();
  s.mean_ms = s.total_ms / static_cast<double>(n);
  compensated_sum sq;
  for (double x : latencies_ms) sq.add((x - s.mean_ms) * (x - s.mean_ms));
  s.stddev_population_ms = std::sqrt(sq.value() / static_cast<double>(n));
  s.stddev_sample_ms = n > 1 ? std::sqrt(sq.value() / static_cast<double>(n - 1)) : nan_v;
  s.percentiles_ms =
      detail::select_percentiles_and_median(latencies_ms, options.percentiles, options.rule, &s.median_ms);
  finish(s, options);
  return s;
}

// ---------------------------------------------------------------------------
// latency_recorder

double detail::histogram_percentile_ms(const log_linear_histogram& h, double p, percentile_rule rule) {
  const auto n = static_cast<std::size_t>(h.count());
  const auto at = [&](std::size_t k) { return ns_to_ms(h.value_at_rank(k)); };
  const percentile_position pos = percentile_index(rule, p, n);
  return (pos.fraction != 0.0 && pos.lower + 1 < n) ? numpy_lerp(at(pos.lower), at(pos.lower + 1), pos.fraction)
                                                    : at(pos.lower);
}

void latency_recorder::set_batch_size(std::size_t batch) {
  if (batch == 0) throw std::invalid_argument("batch size must be >= 1");
  batch_size_ = batch;
}

void latency_recorder::merge(const latency_recorder& other) {
  if (mode() != other.mode()) throw std::invalid_argument("cannot merge an exact and a bounded recorder");
  if (batch_size_ != other.batch_size_)
    throw std::invalid_argument("cannot merge recorders with different batch sizes");
  if (histogram_) {
    histogram_->merge(*other.histogram_);
    sum_squares_ += other.sum_squares_;
  } else {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  }
  negative_ += other.negative_;
  warmup_excluded_ += other.warmup_excluded_;
  if (other.have_window_) {
    if (!have_window_ || other.window_start_ns_ < window_start_ns_) window_start_ns_ = other.window_start_ns_;
    if (!have_window_ || other.window_end_ns_ > window_end_ns_) window_end_ns_ = other.window_end_ns_;
    have_window_ = true;
  }
}

namespace {

// Mean and standard deviations (ms) from exact integer sums of ns values.
void moments_from_sums(latency_summary& s, std::uint64_t n, detail::uint128 sum, detail::uint128 sum_sq) {
  const auto dn = static_cast<double>(n);
  s.mean_ms = static_cast<double>(sum) / dn / 1e6;
  s.total_ms = static_cast<double>(sum) / 1e6;
  const detail::uint128 max128 = ~detail::uint128{0};
  double m2 = 0;  // sum (x - mean)^2 in ns^2
  if (sum_sq <= max128 / n && (sum == 0 || sum <= max128 / sum)) {
    const detail::uint128 num = sum_sq * n - sum * sum;  // n * sum (x - mean)^2, exact
    m2 = static_cast<double>(num) / dn;
  } else {
    const long double ld_mean = static_cast<long double>(sum) / static_cast<long double>(n);
    m2 = static_cast<double>(static_cast<long double>(sum_sq) - ld_mean * static_cast<long double>(sum));
    m2 = std::max(m2, 0.0);
  }
  s.stddev_population_ms = std::sqrt(m2 / dn) / 1e6;
  s.stddev_sample_ms = n > 1 ? std::sqrt(m2 / (dn - 1.0)) / 1e6 : nan_v;
}

}  // namespace

latency_summary latency_recorder::summary(const summary_options& options_in) const {
  summary_options o = options_in;
  o.batch_size = batch_size_;
  if (o.wall_ms <= 0 && have_window_) o.wall_ms = static_cast<double>(wall_ns()) / 1e6;
  check_options(o);
  const std::uint64_t n = count();
  latency_summary s = n == 0 ? empty_summary(o) : latency_summary{};
  s.warmup_excluded = warmup_excluded_;
  s.negative_count = negative_;
  s.overflow_count = overflow_count();
  s.bounded = histogram_.has_value();
  s.relative_precision = histogram_ ? histogram_->relative_precision() : 0.0;
  if (n == 0) return s;
  s.count = static_cast<std::size_t>(n);
  if (histogram_) {
    const log_linear_histogram& h = *histogram_;
    s.min_ms = ns_to_ms(h.min_ns());
    s.max_ms = ns_to_ms(h.max_ns());
    moments_from_sums(s, n, h.sum_ns(), sum_squares_);
    const auto at = [&](std::size_t k) { return ns_to_ms(h.value_at_rank(k)); };
    s.percentiles_ms.resize(o.percentiles.size());
    for (std::size_t i = 0; i < o.percentiles.size(); ++i) {
      s.percentiles_ms[i] = detail::histogram_percentile_ms(h, o.percentiles[i], o.rule);
    }
    const std::size_t m = s.count / 2;
    s.median_ms = s.count % 2 == 1 ? at(m) : (at(m - 1) + at(m)) / 2.0;
  } else {
    detail::uint128 sum = 0, sum_sq = 0;
    std::uint64_t lo = samples_[0], hi = samples_[0];
    std::vector<double> scratch(samples_.size());
    for (std::size_t i = 0; i < samples_.size(); ++i) {
      const std::uint64_t v = samples_[i];
      sum += v;
      sum_sq += static_cast<detail::uint128>(v) * v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      scratch[i] = ns_to_ms(v);
    }
    s.min_ms = ns_to_ms(lo);
    s.max_ms = ns_to_ms(hi);
    moments_from_sums(s, n, sum, sum_sq);
    s.percentiles_ms =
        detail::select_percentiles_and_median(std::as_const(scratch), o.percentiles, o.rule, &s.median_ms);
  }
  finish(s, o);
  return s;
}

// ---------------------------------------------------------------------------
// stage_recorder

stage_recorder::stage_recorder(std::vector<std::string> names, const latency_recorder& prototype)
    : names_(std::move(names)), stages_(names_.size(), prototype) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (names_[i] == names_[j]) throw std::invalid_argument("duplicate stage name '" + names_[i] + "'");
    }
  }
}

std::size_t stage_recorder::index(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  throw std::out_of_range("no stage named '" + name + "'");
}

void stage_recorder::merge(const stage_recorder& other) {
  if (names_ != other.names_) throw std::invalid_argument("cannot merge stage recorders with different stages");
  for (std::size_t i = 0; i < stages_.size(); ++i) stages_[i].merge(other.stages_[i]);
}

std::vector<latency_summary> stage_recorder::summaries(const summary_options& options) const {
  std::vector<latency_summary> out;
  out.reserve(stages_.size());
  for (const auto& r : stages_) out.push_back(r.summary(options));
  return out;
}

}  // namespace edgemetrics
