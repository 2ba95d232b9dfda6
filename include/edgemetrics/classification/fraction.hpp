// A proportion that keeps its counts: precision, recall, accuracy...
#ifndef EDGEMETRICS_CLASSIFICATION_FRACTION_HPP
#define EDGEMETRICS_CLASSIFICATION_FRACTION_HPP

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace edgemetrics {

/// A closed interval [lower, upper].
struct interval {
  double lower = 0;
  double upper = 0;
  friend constexpr bool operator==(const interval& a, const interval& b) noexcept {
    return a.lower == b.lower && a.upper == b.upper;
  }
};

/// successes out of trials, e.g. precision = TP out of TP + FP. A value type with
/// record / merge / query: the counts are kept, so shards merge exactly and every
/// proportion can report its uncertainty (Wilson score interval).
///
/// Empty case (trials == 0): value() is NaN, value_or() returns its argument, and
/// wilson_interval() is [0, 1] (no information).
class fraction {
 public:
  using count_type = std::uint64_t;

  constexpr fraction() noexcept = default;

  /// Throws std::invalid_argument if successes > trials.
  constexpr fraction(count_type successes, count_type trials) : successes_(successes), trials_(trials) {
    if (successes > trials) {
      throw std::invalid_argument("edgemetrics::fraction: successes (" + std::to_string(successes) +
                                  ") exceed trials (" + std::to_string(trials) + ")");
    }
  }

  /// Forgets every trial. Never allocates (a fraction holds two counters).
  constexpr void reset() noexcept { successes_ = trials_ = 0; }

  /// Records one trial.
  constexpr void record(bool success) noexcept {
    ++trials_;
    successes_ += success ? 1u : 0u;
  }

  /// Adds another fraction's counts (e.g. from another shard).
  constexpr fraction& merge(const fraction& other) noexcept {
    successes_ += other.successes_;
    trials_ += other.trials_;
    return *this;
  }
  constexpr fraction& operator+=(const fraction& other) noexcept { return merge(other); }
  friend constexpr fraction operator+(fraction a, const fraction& b) noexcept { return a.merge(b); }

  [[nodiscard]] constexpr count_type successes() const noexcept { return successes_; }
  [[nodiscard]] constexpr count_type failures() const noexcept { return trials_ - successes_; }
  [[nodiscard]] constexpr count_type trials() const noexcept { return trials_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return trials_ == 0; }

  /// successes / trials; NaN when there are no trials.
  [[nodiscard]] double value() const noexcept {
    return trials_ == 0 ? std::numeric_limits<double>::quiet_NaN()
                        : static_cast<double>(successes_) / static_cast<double>(trials_);
  }
  /// successes / trials, or `if_empty` when there are no trials (a zero-division policy).
  [[nodiscard]] double value_or(double if_empty) const noexcept {
    return trials_ == 0 ? if_empty : static_cast<double>(successes_) / static_cast<double>(trials_);
  }

  /// Wilson score interval at the given two-sided confidence (default 95 %):
  /// centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²),
  /// z = Φ⁻¹(1 - (1 - confidence)/2). Clamped to [0, 1]; [0, 1] when empty.
  /// Throws std::invalid_argument unless 0 < confidence < 1.
  /// Compiled in the library (src/classification/fraction.cpp, -ffp-contract=off): the same
  /// bits whatever the caller's compiler flags (on aarch64 GCC would otherwise fuse the
  /// multiply-adds of the interval and of the normal quantile into FMAs in the caller's code).
  [[nodiscard]] interval wilson_interval(double confidence = 0.95) const;

  friend constexpr bool operator==(const fraction& a, const fraction& b) noexcept {
    return a.successes_ == b.successes_ && a.trials_ == b.trials_;
  }
  friend constexpr bool operator!=(const fraction& a, const fraction& b) noexcept { return !(a == b); }

 private:
  count_type successes_ = 0;
  count_type trials_ = 0;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_FRACTION_HPP
