// Recording latencies in an inference loop: a clock-agnostic recorder of nanosecond
// durations (exact or bounded), warm-up exclusion, batch size, a stopwatch, a scoped
// timer and a per-stage breakdown.
//
//   edgemetrics::latency_recorder rec = edgemetrics::latency_recorder::bounded();
//   rec.set_warmup(edgemetrics::warmup::by_count(10));
//   for (...) { edgemetrics::scoped_timer t(rec); infer(); }
//   edgemetrics::latency_summary s = rec.summary();
//
// Negative durations (a clock that went backwards) are recorded as 0 and counted in
// negative_count(); in bounded mode values above the histogram range are counted in
// overflow_count(). Nothing is dropped silently.
//
// A recorder is not synchronised: give each thread its own and merge() them afterwards (the
// summary equals that of one recorder that saw every value).
#ifndef EDGEMETRICS_TIMING_RECORDER_HPP
#define EDGEMETRICS_TIMING_RECORDER_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/timing/histogram.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

namespace detail {
__extension__ using uint128 = unsigned __int128;
}  // namespace detail

/// Which samples are excluded as warm-up: the first `count` samples, or every sample that
/// starts within the first `duration_ns` of the run (record_interval: from the first
/// interval's start; record: measured as the running total of the recorded durations).
struct warmup {
  std::uint64_t count = 0;
  std::int64_t duration_ns = 0;
  [[nodiscard]] static warmup none() noexcept { return {}; }
  [[nodiscard]] static warmup by_count(std::uint64_t n) noexcept { return {n, 0}; }
  template <class Rep, class Period>
  [[nodiscard]] static warmup by_time(std::chrono::duration<Rep, Period> d) noexcept {
    return {0, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count())};
  }
};

enum class recorder_mode {
  exact,    ///< keeps every sample (8 bytes each); percentiles are exact
  bounded,  ///< log-linear histogram: fixed memory, percentiles within 10^-digits
};

}  // namespace edgemetrics

template <>
struct edgemetrics::detail::enum_traits<edgemetrics::recorder_mode> {
  static constexpr std::string_view type_name = "recorder_mode";
  static constexpr std::array<enum_name<recorder_mode>, 2> names{
      {{recorder_mode::exact, "exact"}, {recorder_mode::bounded, "bounded"}}};
};

namespace edgemetrics {

/// "exact", "bounded".
[[nodiscard]] constexpr std::string_view to_string(recorder_mode m) noexcept { return detail::enum_to_string(m); }
/// Inverse of to_string; throws std::invalid_argument naming the accepted names.
[[nodiscard]] inline recorder_mode parse_recorder_mode(std::string_view name) {
  return detail::enum_from_string<recorder_mode>(name);
}

class latency_recorder {
 public:
  /// An exact recorder.
  latency_recorder() = default;
  [[nodiscard]] static latency_recorder exact() { return latency_recorder(); }
  [[nodiscard]] static latency_recorder bounded(histogram_options options = {}) {
    latency_recorder r;
    r.histogram_.emplace(options);
    return r;
  }

  [[nodiscard]] recorder_mode mode() const noexcept {
    return histogram_ ? recorder_mode::bounded : recorder_mode::exact;
  }

  /// Sets the warm-up policy; call before recording.
  void set_warmup(warmup w) noexcept {
    warmup_ = w;
    warming_ = w.count > 0 || w.duration_ns > 0;
  }
  /// Items per recorded latency (per-item latency and throughput); must be >= 1.
  void set_batch_size(std::size_t batch);
  [[nodiscard]] std::size_t batch_size() const noexcept { return batch_size_; }

  /// Forgets every sample, count and the wall window; keeps mode, layout, capacity, warm-up
  /// policy (restarted) and batch size. Never allocates.
  void reset() noexcept {
    samples_.clear();
    if (histogram_) histogram_->reset();
    sum_squares_ = 0;
    negative_ = 0;
    warming_ = warmup_.count > 0 || warmup_.duration_ns > 0;
    warmup_excluded_ = warmup_seen_ = 0;
    warmup_elapsed_ns_ = 0;
    have_origin_ = have_window_ = false;
    origin_ns_ = window_start_ns_ = window_end_ns_ = 0;
  }

  /// Exact mode: reserves room for n samples, so that the next n records do not allocate
  /// (bounded mode: nothing to reserve, recording never allocates).
  void reserve(std::size_t n) { samples_.reserve(n); }
  /// Exact mode: the samples the recorder holds room for.
  [[nodiscard]] std::size_t capacity() const noexcept { return samples_.capacity(); }

  /// Records one duration in nanoseconds. Bounded mode: O(1), never allocates. Exact mode:
  /// appends 8 bytes, allocating only past capacity() (reserve() first in a per-frame loop).
  void record_ns(std::int64_t ns) {
    if (warming_ || ns < 0) {  // rare: one predictable branch on the hot path
      record_slow(ns);
      return;
    }
    record_unsigned(static_cast<std::uint64_t>(ns));
  }

  /// Records a std::chrono duration.
  template <class Rep, class Period>
  void record(std::chrono::duration<Rep, Period> d) {
    record_ns(static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()));
  }

  /// Records the interval [start_ns, end_ns] of a clock (time_since_epoch in ns); the
  /// intervals also define the wall window (first start to last end) used for throughput.
  void record_interval(std::int64_t start_ns, std::int64_t end_ns) {
    if (warming_) {
      if (!have_origin_) {
        origin_ns_ = start_ns;
        have_origin_ = true;
      }
      const bool excluded =
          warmup_seen_ < warmup_.count || (warmup_.duration_ns > 0 && start_ns - origin_ns_ < warmup_.duration_ns);
      ++warmup_seen_;
      if (excluded) {
        ++warmup_excluded_;
        return;
      }
      warming_ = false;
    }
    if (!have_window_ || start_ns < window_start_ns_) window_start_ns_ = start_ns;
    if (!have_window_ || end_ns > window_end_ns_) window_end_ns_ = end_ns;
    have_window_ = true;
    record_value(end_ns - start_ns);
  }

  /// Adds `other`'s samples: the summary equals that of one recorder that saw both.
  /// Throws std::invalid_argument when the modes or histogram layouts differ, or the batch
  /// sizes differ. The wall window becomes the union (earliest start, latest end).
  void merge(const latency_recorder& other);

  /// Samples recorded (warm-up excluded).
  [[nodiscard]] std::uint64_t count() const noexcept {
    return histogram_ ? histogram_->count() : static_cast<std::uint64_t>(samples_.size());
  }
  [[nodiscard]] std::uint64_t warmup_excluded() const noexcept { return warmup_excluded_; }
  [[nodiscard]] std::uint64_t negative_count() const noexcept { return negative_; }
  [[nodiscard]] std::uint64_t overflow_count() const noexcept { return histogram_ ? histogram_->overflow_count() : 0; }
  /// Wall window in ns from record_interval (0 when only durations were recorded).
  [[nodiscard]] std::int64_t wall_ns() const noexcept { return have_window_ ? window_end_ns_ - window_start_ns_ : 0; }
  /// Exact mode: the samples in recording order (ns). Empty in bounded mode.
  [[nodiscard]] const std::vector<std::uint64_t>& samples_ns() const noexcept { return samples_; }
  /// Bounded mode: the histogram (nullptr in exact mode).
  [[nodiscard]] const log_linear_histogram* histogram() const noexcept { return histogram_ ? &*histogram_ : nullptr; }

  /// Summary; options.batch_size is replaced by the recorder's, options.wall_ms (when <= 0)
  /// by the recorded wall window. Exact mode: exact percentiles by selection; mean and
  /// standard deviations from exact integer sums (independent of recording order, so a
  /// merged recorder gives bit-identical results). Bounded mode: percentiles from the
  /// histogram, other statistics exact.
  [[nodiscard]] latency_summary summary(const summary_options& options = {}) const;

 private:
  void record_unsigned(std::uint64_t v) {
    if (histogram_) {
      histogram_->record(v);
      sum_squares_ += static_cast<detail::uint128>(v) * v;
    } else {
      samples_.push_back(v);
    }
  }

  void record_value(std::int64_t ns) {
    if (ns < 0) {
      ++negative_;
      ns = 0;
    }
    record_unsigned(static_cast<std::uint64_t>(ns));
  }

  void record_slow(std::int64_t ns) {
    if (warming_) {
      const bool excluded =
          warmup_seen_ < warmup_.count || (warmup_.duration_ns > 0 && warmup_elapsed_ns_ < warmup_.duration_ns);
      ++warmup_seen_;
      warmup_elapsed_ns_ += ns > 0 ? ns : 0;
      if (excluded) {
        ++warmup_excluded_;
        return;
      }
      warming_ = false;
    }
    record_value(ns);
  }

  std::optional<log_linear_histogram> histogram_;
  std::vector<std::uint64_t> samples_;
  detail::uint128 sum_squares_ = 0;  // bounded mode
  std::uint64_t negative_ = 0;
  warmup warmup_{};
  bool warming_ = false;
  std::uint64_t warmup_excluded_ = 0;
  std::uint64_t warmup_seen_ = 0;
  std::int64_t warmup_elapsed_ns_ = 0;
  bool have_origin_ = false;
  std::int64_t origin_ns_ = 0;
  bool have_window_ = false;
  std::int64_t window_start_ns_ = 0;
  std::int64_t window_end_ns_ = 0;
  std::size_t batch_size_ = 1;
};

/// A stopwatch on any clock with now() (std::chrono::steady_clock by default).
template <class Clock = std::chrono::steady_clock>
class basic_stopwatch {
 public:
  basic_stopwatch() noexcept : start_(Clock::now()) {}
  void restart() noexcept { start_ = Clock::now(); }
  [[nodiscard]] typename Clock::time_point start_time() const noexcept { return start_; }
  [[nodiscard]] std::int64_t elapsed_ns() const noexcept {
    return static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count());
  }
  /// Elapsed ns since the last lap (or start), and restarts.
  std::int64_t lap_ns() noexcept {
    const auto now = Clock::now();
    const auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_).count();
    start_ = now;
    return static_cast<std::int64_t>(d);
  }

 private:
  typename Clock::time_point start_;
};
using stopwatch = basic_stopwatch<>;

/// Records the lifetime of the scope into a recorder (any type with
/// record_interval(start_ns, end_ns)) as an interval of Clock.
template <class Recorder = latency_recorder, class Clock = std::chrono::steady_clock>
class scoped_timer {
 public:
  explicit scoped_timer(Recorder& r) noexcept : rec_(&r), start_(Clock::now()) {}
  scoped_timer(const scoped_timer&) = delete;
  scoped_timer& operator=(const scoped_timer&) = delete;
  ~scoped_timer() {
    const auto end = Clock::now();
    rec_->record_interval(ns_since_epoch(start_), ns_since_epoch(end));
  }

 private:
  static std::int64_t ns_since_epoch(typename Clock::time_point t) noexcept {
    return static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
  }
  Recorder* rec_;
  typename Clock::time_point start_;
};
scoped_timer(latency_recorder&)->scoped_timer<latency_recorder>;

/// Per-stage breakdown (e.g. preprocess, inference, postprocess; or trtexec's H2D, compute,
/// D2H): one recorder per named stage, all with the same mode, warm-up and batch size.
class stage_recorder {
 public:
  /// Stages in display order; `prototype` gives mode, warm-up, batch size (copied per stage).
  explicit stage_recorder(std::vector<std::string> names, const latency_recorder& prototype = latency_recorder());

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  /// Index of a stage name; throws std::out_of_range naming it when absent.
  [[nodiscard]] std::size_t index(const std::string& name) const;

  void record_ns(std::size_t stage, std::int64_t ns) { stages_[stage].record_ns(ns); }
  void record_interval(std::size_t stage, std::int64_t start_ns, std::int64_t end_ns) {
    stages_[stage].record_interval(start_ns, end_ns);
  }
  [[nodiscard]] latency_recorder& operator[](std::size_t stage) noexcept { return stages_[stage]; }
  [[nodiscard]] const latency_recorder& operator[](std::size_t stage) const noexcept { return stages_[stage]; }

  /// Merges stage by stage; throws std::invalid_argument when the stage names differ.
  void merge(const stage_recorder& other);

  /// Exact mode: reserves room for n samples in every stage (so recording does not allocate).
  void reserve(std::size_t n) {
    for (latency_recorder& r : stages_) r.reserve(n);
  }
  /// Resets every stage (latency_recorder::reset): keeps names, modes, capacity. Never allocates.
  void reset() noexcept {
    for (latency_recorder& r : stages_) r.reset();
  }

  /// One summary per stage, in stage order.
  [[nodiscard]] std::vector<latency_summary> summaries(const summary_options& options = {}) const;

 private:
  std::vector<std::string> names_;
  std::vector<latency_recorder> stages_;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_RECORDER_HPP
