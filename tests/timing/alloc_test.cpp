// The per-frame calls of the timing accumulators do not allocate once warm: latency_recorder
// (exact after reserve(), bounded always), stage_recorder, log_linear_histogram, and their
// reset(). Own executable: it replaces the global operator new to count allocations.
#include <edgemetrics/timing/histogram.hpp>
#include <edgemetrics/timing/recorder.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "../common/count_allocations.hpp"

namespace em = edgemetrics;

namespace {

// One "frame" of every recording call a loop makes.
template <class Recorder>
void record_frames(Recorder& r, std::int64_t frames) {
  for (std::int64_t i = 0; i < frames; ++i) {
    r.record_ns(1'000'000 + i * 997);
    r.record(std::chrono::microseconds(1500 + i));
    r.record_interval(i * 10'000'000, i * 10'000'000 + 2'000'000 + i);
    r.record_ns(-5);  // a clock going backwards: counted, recorded as 0
    em::scoped_timer<Recorder> t(r);
  }
}

}  // namespace

TEST(TimingAlloc, ExactRecorderAfterReserveDoesNotAllocate) {
  em::latency_recorder r;
  r.set_warmup(em::warmup::by_count(3));
  r.reserve(5 * 1000);  // five records per frame
  const long before = g_allocations.load();
  record_frames(r, 1000);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(r.count(), 5 * 1000u - 3u);
  // reset() keeps the capacity: the next run does not allocate either.
  const long before_reset = g_allocations.load();
  r.reset();
  record_frames(r, 1000);
  EXPECT_EQ(g_allocations.load() - before_reset, 0);
  EXPECT_GE(r.capacity(), 5 * 1000u);
}

TEST(TimingAlloc, BoundedRecorderNeverAllocates) {
  em::latency_recorder r = em::latency_recorder::bounded({3, 1'000'000'000});
  r.set_warmup(em::warmup::by_time(std::chrono::milliseconds(20)));
  const long before = g_allocations.load();
  record_frames(r, 100'000);
  r.record_ns(5'000'000'000);  // above highest_ns: overflow, counted
  r.reset();
  record_frames(r, 1000);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_GT(r.count(), 0u);
}

TEST(TimingAlloc, HistogramRecordAndResetDoNotAllocate) {
  em::log_linear_histogram h({2, 1'000'000});
  const long before = g_allocations.load();
  for (std::uint64_t v = 0; v < 2'000'000; v += 7) h.record(v);
  h.reset();
  h.record(3);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(h.count(), 1u);
}

TEST(TimingAlloc, StageRecorderAfterReserveDoesNotAllocate) {
  em::stage_recorder exact({"pre", "infer", "post"});
  exact.reserve(2000);
  em::stage_recorder bounded({"pre", "infer", "post"}, em::latency_recorder::bounded());
  const long before = g_allocations.load();
  for (std::int64_t i = 0; i < 2000; ++i) {
    for (std::size_t s = 0; s < 3; ++s) {
      exact.record_ns(s, 1000 + i);
      bounded.record_interval(s, i * 100, i * 100 + 50);
    }
  }
  exact.reset();
  bounded.reset();
  exact.record_ns(0, 1);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(exact[0].count(), 1u);
  EXPECT_EQ(bounded[2].count(), 0u);
}
