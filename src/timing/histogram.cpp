#include <edgemetrics/timing/histogram.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace edgemetrics {

log_linear_histogram::log_linear_histogram(histogram_options options) : options_(options) {
  if (options.significant_digits < 1 || options.significant_digits > 5) {
    throw std::invalid_argument("histogram significant_digits must be in 1..5");
  }
  if (options.highest_ns < 2) throw std::invalid_argument("histogram highest_ns must be >= 2");
  highest_ = static_cast<std::uint64_t>(options.highest_ns);
  // HdrHistogram layout with lowest discernible value 1 (unit magnitude 0).
  std::uint64_t largest_single_unit = 2;
  for (int i = 0; i < options.significant_digits; ++i) largest_single_unit *= 10;
  int sub_bucket_count_magnitude = 0;
  while ((std::uint64_t{1} << sub_bucket_count_magnitude) < largest_single_unit) ++sub_bucket_count_magnitude;
  sub_bucket_half_count_magnitude_ = sub_bucket_count_magnitude - 1;
  const std::uint64_t sub_bucket_count = std::uint64_t{1} << sub_bucket_count_magnitude;
  sub_bucket_half_count_ = sub_bucket_count / 2;
  sub_bucket_mask_ = sub_bucket_count - 1;
  std::uint64_t smallest_untrackable = sub_bucket_count;
  std::size_t buckets = 1;
  while (smallest_untrackable <= highest_) {
    if (smallest_untrackable > (std::uint64_t{1} << 62)) {
      ++buckets;
      break;
    }
    smallest_untrackable <<= 1;
    ++buckets;
  }
  counts_.assign((buckets + 1) * static_cast<std::size_t>(sub_bucket_half_count_), 0);
}

double log_linear_histogram::relative_precision() const noexcept {
  return std::pow(10.0, -options_.significant_digits);
}

void log_linear_histogram::merge(const log_linear_histogram& other) {
  if (other.options_.significant_digits != options_.significant_digits ||
      other.options_.highest_ns != options_.highest_ns) {
    throw std::invalid_argument("cannot merge histograms with different layouts");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  overflow_ += other.overflow_;
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void log_linear_histogram::reset() noexcept {
  std::fill(counts_.begin(), counts_.end(), 0);
  overflow_ = 0;
  count_ = 0;
  min_ = std::numeric_limits<std::uint64_t>::max();
  max_ = 0;
  sum_ = 0;
}

std::uint64_t log_linear_histogram::value_of_index(std::size_t i) const noexcept {
  const auto h = static_cast<std::size_t>(sub_bucket_half_count_magnitude_);
  std::size_t bucket = i >> h;
  std::uint64_t sub = (i & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
  if (bucket == 0) {
    sub -= sub_bucket_half_count_;
  } else {
    bucket -= 1;
  }
  return sub << bucket;
}

std::uint64_t log_linear_histogram::lowest_equivalent(std::uint64_t ns) const noexcept {
  return value_of_index(index_of(ns));
}

std::uint64_t log_linear_histogram::highest_equivalent(std::uint64_t ns) const noexcept {
  const int pow2ceiling = 64 - __builtin_clzll(ns | sub_bucket_mask_);
  const int bucket = pow2ceiling - (sub_bucket_half_count_magnitude_ + 1);
  const std::uint64_t width = std::uint64_t{1} << bucket;
  return lowest_equivalent(ns) + width - 1;
}

std::uint64_t log_linear_histogram::value_at_rank(std::uint64_t k) const noexcept {
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen > k) {
      const std::uint64_t v = highest_equivalent(value_of_index(i));
      return std::clamp(v, min_ns(), max_);
    }
  }
  return max_;  // rank in the overflow region
}

}  // namespace edgemetrics
