#include <edgemetrics/timing/histogram.hpp>
#include <edgemetrics/timing/recorder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace em = edgemetrics;

namespace {

std::vector<std::int64_t> lognormal_ns(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> d(std::log(5e6), 0.5);  // around 5 ms
  std::vector<std::int64_t> v(n);
  for (auto& x : v) x = static_cast<std::int64_t>(d(rng));
  return v;
}

void expect_same_summary(const em::latency_summary& a, const em::latency_summary& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.min_ms, b.min_ms);
  EXPECT_EQ(a.max_ms, b.max_ms);
  EXPECT_EQ(a.mean_ms, b.mean_ms);
  EXPECT_EQ(a.median_ms, b.median_ms);
  EXPECT_EQ(a.stddev_sample_ms, b.stddev_sample_ms);
  EXPECT_EQ(a.stddev_population_ms, b.stddev_population_ms);
  EXPECT_EQ(a.total_ms, b.total_ms);
  EXPECT_EQ(a.percentiles_ms, b.percentiles_ms);
  EXPECT_EQ(a.overflow_count, b.overflow_count);
}

}  // namespace

TEST(TimingRecorder, ExactSummaryMatchesSummarize) {
  em::latency_recorder r;
  std::vector<double> ms;
  for (std::int64_t v : {3'000'000, 1'000'000, 2'000'000, 4'000'000}) {
    r.record_ns(v);
    ms.push_back(static_cast<double>(v) / 1e6);
  }
  const auto s = r.summary();
  const auto t = em::summarize(ms);
  EXPECT_EQ(s.count, 4u);
  EXPECT_EQ(s.mean_ms, 2.5);
  EXPECT_EQ(s.median_ms, 2.5);
  EXPECT_EQ(s.percentiles_ms, t.percentiles_ms);
  EXPECT_DOUBLE_EQ(s.stddev_sample_ms, t.stddev_sample_ms);
  EXPECT_DOUBLE_EQ(s.stddev_population_ms, t.stddev_population_ms);
  EXPECT_FALSE(s.bounded);
}

TEST(TimingRecorder, MergeEqualsSingleRecorderExact) {
  const auto v = lognormal_ns(10000, 1);
  em::latency_recorder whole, a, b, c;
  for (std::size_t i = 0; i < v.size(); ++i) {
    whole.record_ns(v[i]);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).record_ns(v[i]);
  }
  a.merge(b);
  a.merge(c);
  for (auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::linear, em::percentile_rule::trtexec}) {
    em::summary_options o;
    o.rule = rule;
    expect_same_summary(a.summary(o), whole.summary(o));
  }
}

TEST(TimingRecorder, MergeEqualsSingleRecorderBoundedAcrossThreads) {
  const auto v = lognormal_ns(40000, 2);
  em::latency_recorder whole = em::latency_recorder::bounded();
  for (auto x : v) whole.record_ns(x);
  std::vector<em::latency_recorder> parts(4, em::latency_recorder::bounded());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < parts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < v.size(); i += parts.size()) parts[t].record_ns(v[i]);
    });
  }
  for (auto& th : threads) th.join();
  em::latency_recorder merged = em::latency_recorder::bounded();
  for (const auto& p : parts) merged.merge(p);
  expect_same_summary(merged.summary(), whole.summary());
  EXPECT_TRUE(merged.summary().bounded);
}

TEST(TimingRecorder, MergeIncompatibleThrows) {
  em::latency_recorder exact;
  em::latency_recorder bounded = em::latency_recorder::bounded();
  EXPECT_THROW(exact.merge(bounded), std::invalid_argument);
  em::latency_recorder b2 = em::latency_recorder::bounded({2, 1'000'000});
  EXPECT_THROW(bounded.merge(b2), std::invalid_argument);
  em::latency_recorder e2;
  e2.set_batch_size(2);
  EXPECT_THROW(exact.merge(e2), std::invalid_argument);
}

// Property: histogram percentiles are within the stated relative precision of the exact ones.
TEST(TimingRecorder, HistogramWithinStatedPrecisionProperty) {
  std::mt19937_64 rng(3);
  for (int digits = 1; digits <= 4; ++digits) {
    for (int trial = 0; trial < 5; ++trial) {
      em::latency_recorder exact;
      em::latency_recorder hist = em::latency_recorder::bounded({digits, 3'600'000'000'000});
      const std::size_t n = 1 + rng() % 5000;
      const double scale = std::pow(10.0, static_cast<double>(rng() % 9));  // 1 ns .. 100 ms
      for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<std::int64_t>(scale * static_cast<double>(rng() % 1000) / 10.0);
        exact.record_ns(x);
        hist.record_ns(x);
      }
      for (auto rule : {em::percentile_rule::nearest_rank, em::percentile_rule::floor_n_p, em::percentile_rule::trtexec,
                        em::percentile_rule::linear}) {
        em::summary_options o;
        o.rule = rule;
        o.percentiles = {0, 1, 10, 50, 90, 99, 99.9, 100};
        const auto se = exact.summary(o);
        const auto sh = hist.summary(o);
        const double prec = sh.relative_precision;
        EXPECT_EQ(prec, std::pow(10.0, -digits));
        for (std::size_t i = 0; i < o.percentiles.size(); ++i) {
          const double e = se.percentiles_ms[i], h = sh.percentiles_ms[i];
          EXPECT_LE(std::fabs(h - e), prec * e + 1e-15) << "digits " << digits << " p " << o.percentiles[i];
        }
        EXPECT_LE(std::fabs(sh.median_ms - se.median_ms), prec * se.median_ms + 1e-15);
        // min, max, mean, stddev are exact in bounded mode.
        EXPECT_EQ(sh.min_ms, se.min_ms);
        EXPECT_EQ(sh.max_ms, se.max_ms);
        EXPECT_EQ(sh.mean_ms, se.mean_ms);
        EXPECT_EQ(sh.stddev_sample_ms, se.stddev_sample_ms);
      }
    }
  }
}

TEST(TimingRecorder, HistogramOverflowCountedNotDropped) {
  em::latency_recorder r = em::latency_recorder::bounded({3, 1'000'000});  // 1 ms range
  for (int i = 0; i < 98; ++i) r.record_ns(500'000);
  r.record_ns(5'000'000);
  r.record_ns(7'000'000);
  em::summary_options o;
  o.percentiles = {50, 99, 100};
  const auto s = r.summary(o);
  EXPECT_EQ(s.count, 100u);
  EXPECT_EQ(s.overflow_count, 2u);
  EXPECT_EQ(s.max_ms, 7.0);
  EXPECT_EQ(s.percentile_ms(100), 7.0);  // overflow ranks report the exact maximum
  EXPECT_EQ(s.percentile_ms(99), 7.0);   // rank 99 of 100 is an overflow value too
  EXPECT_NEAR(s.percentile_ms(50), 0.5, 0.5e-3);
  EXPECT_EQ(s.mean_ms, (98 * 0.5 + 12.0) / 100);
}

TEST(TimingRecorder, HistogramFixedMemoryAndLayout) {
  em::log_linear_histogram h({3, 3'600'000'000'000});
  const auto bytes = h.memory_bytes();
  for (std::uint64_t v = 0; v < 100000; v += 7) h.record(v * 12345);
  EXPECT_EQ(h.memory_bytes(), bytes);
  EXPECT_LT(bytes, 300'000u);
  // Values below 2 * 10^d are exact.
  for (std::uint64_t v = 0; v < 2048; ++v) {
    EXPECT_EQ(h.lowest_equivalent(v), v);
    EXPECT_EQ(h.highest_equivalent(v), v);
  }
  // Bucket width relative to value is at most 10^-3.
  for (std::uint64_t v = 2048; v < 50'000'000'000; v = v * 3 / 2 + 1) {
    EXPECT_LE(h.lowest_equivalent(v), v);
    EXPECT_GE(h.highest_equivalent(v), v);
    EXPECT_LE(static_cast<double>(h.highest_equivalent(v) - h.lowest_equivalent(v)), 1e-3 * static_cast<double>(v));
  }
  EXPECT_THROW(em::log_linear_histogram({0, 1000}), std::invalid_argument);
  EXPECT_THROW(em::log_linear_histogram({6, 1000}), std::invalid_argument);
}

TEST(TimingRecorder, NegativeDurationsClampedAndCounted) {
  em::latency_recorder r;
  r.record_ns(-5);
  r.record_ns(10);
  const auto s = r.summary();
  EXPECT_EQ(s.count, 2u);
  EXPECT_EQ(s.negative_count, 1u);
  EXPECT_EQ(s.min_ms, 0.0);
}

TEST(TimingRecorder, WarmupByCount) {
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_count(3));
  for (int i = 1; i <= 10; ++i) r.record_ns(i * 1000);
  EXPECT_EQ(r.count(), 7u);
  EXPECT_EQ(r.warmup_excluded(), 3u);
  EXPECT_EQ(r.summary().min_ms, 4000 / 1e6);
}

TEST(TimingRecorder, WarmupByTimeWithIntervals) {
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_time(std::chrono::milliseconds(10)));
  // intervals start every 4 ms: starts at 0, 4, 8 are warm-up; 12, 16 are kept.
  for (int i = 0; i < 5; ++i) r.record_interval(i * 4'000'000, i * 4'000'000 + 3'000'000);
  EXPECT_EQ(r.warmup_excluded(), 3u);
  EXPECT_EQ(r.count(), 2u);
  EXPECT_EQ(r.wall_ns(), 19'000'000 - 12'000'000);
  const auto s = r.summary();
  EXPECT_DOUBLE_EQ(s.throughput_per_s, 2 / 0.007);
}

TEST(TimingRecorder, WarmupByTimeWithDurations) {
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_time(std::chrono::microseconds(5)));
  for (int i = 0; i < 5; ++i) r.record_ns(2000);  // running total 0, 2, 4 us < 5 us: excluded
  EXPECT_EQ(r.warmup_excluded(), 3u);
  EXPECT_EQ(r.count(), 2u);
}

TEST(TimingRecorder, BatchSizePerItemAndThroughput) {
  em::latency_recorder r;
  r.set_batch_size(8);
  r.record_interval(0, 4'000'000);
  r.record_interval(4'000'000, 8'000'000);
  const auto s = r.summary();
  EXPECT_EQ(s.batch_size, 8u);
  EXPECT_EQ(s.per_item_mean_ms, 0.5);
  EXPECT_DOUBLE_EQ(s.throughput_per_s, 16 / 0.008);
  EXPECT_DOUBLE_EQ(s.fps, 2000);
  EXPECT_THROW(r.set_batch_size(0), std::invalid_argument);
}

TEST(TimingRecorder, ScopedTimerAndStopwatch) {
  em::latency_recorder r;
  {
    em::scoped_timer t(r);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(r.count(), 1u);
  EXPECT_GE(r.summary().max_ms, 2.0);
  em::stopwatch sw;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_GE(sw.elapsed_ns(), 1'000'000);
  EXPECT_GE(sw.lap_ns(), 1'000'000);
}

// A fake clock: the recorder is clock-agnostic.
struct fake_clock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<fake_clock>;
  static constexpr bool is_steady = true;
  static inline std::int64_t now_ns = 0;
  static time_point now() noexcept { return time_point(duration(now_ns)); }
};

TEST(TimingRecorder, ClockAgnosticScopedTimer) {
  em::latency_recorder r;
  fake_clock::now_ns = 1000;
  {
    em::scoped_timer<em::latency_recorder, fake_clock> t(r);
    fake_clock::now_ns = 1500;
  }
  EXPECT_EQ(r.samples_ns().at(0), 500u);
  em::basic_stopwatch<fake_clock> sw;
  fake_clock::now_ns = 2000;
  EXPECT_EQ(sw.elapsed_ns(), 500);
}

TEST(TimingRecorder, StageBreakdown) {
  em::stage_recorder st({"preprocess", "inference", "postprocess"}, em::latency_recorder::bounded());
  for (int i = 0; i < 100; ++i) {
    st.record_ns(st.index("preprocess"), 1'000'000);
    st.record_ns(1, 10'000'000 + i * 1000);
    st.record_ns(2, 500'000);
  }
  const auto sums = st.summaries();
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_EQ(sums[0].mean_ms, 1.0);
  EXPECT_NEAR(sums[1].median_ms, 10.0495, 10.05e-3);
  EXPECT_EQ(sums[2].max_ms, 0.5);
  EXPECT_THROW((void)st.index("nms"), std::out_of_range);
  em::stage_recorder other({"preprocess", "inference", "postprocess"}, em::latency_recorder::bounded());
  other.record_ns(0, 3'000'000);
  st.merge(other);
  EXPECT_EQ(st[0].count(), 101u);
  EXPECT_THROW(st.merge(em::stage_recorder({"a"})), std::invalid_argument);
  EXPECT_THROW(em::stage_recorder({"a", "a"}), std::invalid_argument);
}

TEST(TimingRecorder, BoundedRecordingDoesNotAllocate) {
  // The histogram's storage is fixed at construction: recording keeps the same buffer.
  em::latency_recorder r = em::latency_recorder::bounded();
  const auto* h = r.histogram();
  ASSERT_NE(h, nullptr);
  const auto bytes = h->memory_bytes();
  for (std::int64_t i = 0; i < 1'000'000; ++i) r.record_ns(i * 997);
  EXPECT_EQ(r.histogram()->memory_bytes(), bytes);
  EXPECT_EQ(r.count(), 1'000'000u);
}

TEST(TimingRecorder, ResetKeepsLayoutAndWarmup) {
  em::latency_recorder r = em::latency_recorder::bounded({2, 1'000'000});
  r.set_warmup(em::warmup::by_count(1));
  r.record_ns(5);
  r.record_ns(7);
  r.record_ns(2'000'000);
  EXPECT_EQ(r.count(), 2u);
  r.reset();
  EXPECT_EQ(r.count(), 0u);
  EXPECT_EQ(r.overflow_count(), 0u);
  r.record_ns(9);  // warm-up restarted: excluded
  r.record_ns(11);
  EXPECT_EQ(r.count(), 1u);
  EXPECT_EQ(r.summary().max_ms, 11e-6);
  EXPECT_EQ(r.histogram()->options().significant_digits, 2);
}
