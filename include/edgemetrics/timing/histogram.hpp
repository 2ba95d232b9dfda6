// Bounded-memory latency histogram: HdrHistogram's log-linear bucket layout.
//
// Values are non-negative integers (nanoseconds). With `significant_digits` d (1..5) every
// value in [0, highest_ns] lands in a bucket whose width is at most value * 10^-d (values
// below 2*10^d are exact), so a percentile read from the histogram is within a relative
// error 10^-d of the exact sample percentile under the same rule. Memory is fixed at
// construction: about (log2(highest_ns) - log2(10^d) + 2) * 2^ceil(log2(10^d)) counters.
//
// Values above highest_ns are counted in overflow_count() and ranked above every bucket
// (a percentile that reads one reports the exact maximum); nothing is dropped silently.
// count, min, max and sum are tracked exactly (integers), so the mean is exact whatever the
// bucket width. The histogram keeps no sum of squares: latency_recorder keeps one beside it
// (exact, 128-bit), which is what makes its standard deviations exact in bounded mode.
// record() never allocates.
#ifndef EDGEMETRICS_TIMING_HISTOGRAM_HPP
#define EDGEMETRICS_TIMING_HISTOGRAM_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace edgemetrics {

/// Layout of a bounded histogram.
struct histogram_options {
  int significant_digits = 3;                   ///< 1..5: relative precision 10^-d
  std::int64_t highest_ns = 3'600'000'000'000;  ///< largest value tracked in buckets (1 h)
};

class log_linear_histogram {
 public:
  /// Throws std::invalid_argument for significant_digits outside 1..5 or highest_ns < 2.
  explicit log_linear_histogram(histogram_options options = {});

  /// Records one value (ns >= 0; negative values must be clamped by the caller). O(1), no allocation.
  void record(std::uint64_t ns) noexcept {
    if (ns > highest_) {
      ++overflow_;
    } else {
      ++counts_[index_of(ns)];
    }
    ++count_;
    if (ns < min_) min_ = ns;
    if (ns > max_) max_ = ns;
    sum_ += ns;
  }

  /// Adds `other`'s counts. Throws std::invalid_argument if the layouts differ (never re-bins).
  void merge(const log_linear_histogram& other);

  /// Removes every count; keeps the layout (no allocation).
  void reset() noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] std::uint64_t overflow_count() const noexcept { return overflow_; }
  /// Exact minimum / maximum recorded value; 0 when empty.
  [[nodiscard]] std::uint64_t min_ns() const noexcept { return count_ ? min_ : 0; }
  [[nodiscard]] std::uint64_t max_ns() const noexcept { return max_; }
  [[nodiscard]] std::uint64_t sum_ns() const noexcept { return sum_; }
  [[nodiscard]] const histogram_options& options() const noexcept { return options_; }
  /// Stated relative precision: 10^-significant_digits.
  [[nodiscard]] double relative_precision() const noexcept;
  /// Bytes held by the counters (fixed at construction).
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return counts_.size() * sizeof(std::uint64_t); }

  /// The value of the k-th smallest recorded value (0-based) as the histogram knows it: the
  /// highest value equivalent to its bucket, clamped to [min_ns, max_ns]; the exact maximum
  /// for ranks in the overflow region. Requires k < count().
  [[nodiscard]] std::uint64_t value_at_rank(std::uint64_t k) const noexcept;

  /// Lowest and highest value that share `ns`'s bucket (ns <= highest_ns).
  [[nodiscard]] std::uint64_t lowest_equivalent(std::uint64_t ns) const noexcept;
  [[nodiscard]] std::uint64_t highest_equivalent(std::uint64_t ns) const noexcept;

  /// Calls f(value_ns, count) for every non-empty bucket in ascending order, value_ns being the
  /// bucket's highest equivalent value; the overflow count comes last with the exact maximum.
  template <class F>
  void for_each_bucket(F&& f) const {
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] != 0) f(highest_equivalent(value_of_index(i)), counts_[i]);
    }
    if (overflow_ != 0) f(max_, overflow_);
  }

 private:
  [[nodiscard]] std::size_t index_of(std::uint64_t v) const noexcept {
    const int pow2ceiling = 64 - __builtin_clzll(v | sub_bucket_mask_);
    const int bucket = pow2ceiling - (sub_bucket_half_count_magnitude_ + 1);
    const std::uint64_t sub = v >> bucket;
    return (static_cast<std::size_t>(bucket + 1) << sub_bucket_half_count_magnitude_) +
           static_cast<std::size_t>(sub - sub_bucket_half_count_);
  }
  [[nodiscard]] std::uint64_t value_of_index(std::size_t i) const noexcept;

  histogram_options options_;
  std::uint64_t highest_ = 0;
  std::uint64_t sub_bucket_mask_ = 0;
  std::uint64_t sub_bucket_half_count_ = 0;
  int sub_bucket_half_count_magnitude_ = 0;
  std::vector<std::uint64_t> counts_;
  std::uint64_t overflow_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_HISTOGRAM_HPP
