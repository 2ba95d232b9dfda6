// The per-frame calls of the classification accumulators do not allocate once warm:
// confusion_matrix::record (one label pair, pointer + size, spans, vectors; few and many labels
// per call) and reset(), fraction::record and reset(). Own executable: it replaces the global
// operator new to count allocations.
#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/span.hpp>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

#include "../common/count_allocations.hpp"

namespace em = edgemetrics;

namespace {

template <class T>
std::vector<T> labels(std::size_t n, std::size_t k, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(rng() % k);
  return v;
}

}  // namespace

TEST(ClassificationAlloc, RecordManyLabelsPerCallDoesNotAllocateOnceWarm) {
  // n >= K^2: the path that counted into per-call tables (3 allocations per call before).
  constexpr std::size_t k = 10;
  const auto t = labels<int>(5000, k, 1);
  const auto p = labels<std::uint8_t>(5000, k, 2);
  em::confusion_matrix cm(k);
  cm.record(t, p);  // warm-up: sizes the scratch table once
  em::confusion_matrix reference(k);
  for (std::size_t i = 0; i < t.size(); ++i) reference.record(t[i], p[i]);
  EXPECT_EQ(cm, reference);
  const long before = g_allocations.load();
  for (int frame = 0; frame < 50; ++frame) {
    cm.record(t, p);
    cm.record(em::span<const int>(t.data(), t.size()), em::span<const std::uint8_t>(p.data(), p.size()));
    cm.record(t.data(), p.data(), t.size());
  }
  cm.reset();
  cm.record(t, p);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(cm, reference);
}

TEST(ClassificationAlloc, ReserveScratchMakesEvenTheFirstCallAllocationFree) {
  const auto t = labels<std::int64_t>(1000, 5, 3);
  const auto p = labels<std::int16_t>(1000, 5, 4);
  em::confusion_matrix cm(5);
  cm.reserve_scratch();
  const long before = g_allocations.load();
  cm.record(t, p);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(cm.total(), 1000u);
}

TEST(ClassificationAlloc, RecordFewLabelsPerCallNeverAllocates) {
  // n < K^2: counted straight into the matrix (the dump slot used to be a push_back, which
  // reallocated the counts on the first call of every fresh or copied matrix).
  em::confusion_matrix cm(100);
  const std::array<unsigned, 4> t{1, 2, 3, 99};
  const std::array<long, 4> p{1, 5, 3, 0};
  const int raw_t[] = {7, 8};
  const int raw_p[] = {7, 7};
  const long before = g_allocations.load();
  for (int frame = 0; frame < 100; ++frame) {
    cm.record(t, p);
    cm.record(raw_t, raw_p);
    cm.record(em::span<const unsigned>(t), em::span<const long>(p));
    cm.record(std::size_t{4}, 4u);
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(cm.total(), 100u * 11u);
  EXPECT_EQ(cm(99, 0), 200u);
}

TEST(ClassificationAlloc, BadLabelsStillRecordNothing) {
  em::confusion_matrix cm(3);
  cm.record(std::vector<int>{0, 1, 2}, std::vector<int>{0, 1, 2});
  const em::confusion_matrix before = cm;
  const std::vector<int> few_t{0, -1}, few_p{0, 0};
  EXPECT_THROW(cm.record(few_t, few_p), std::invalid_argument);
  EXPECT_EQ(cm, before);
  std::vector<int> many_t = labels<int>(100, 3, 5), many_p = labels<int>(100, 3, 6);
  many_p[57] = 3;
  EXPECT_THROW(cm.record(many_t, many_p), std::invalid_argument);
  EXPECT_EQ(cm, before);
}

TEST(ClassificationAlloc, FractionRecordAndResetDoNotAllocate) {
  em::fraction f;
  const long before = g_allocations.load();
  for (int i = 0; i < 1000; ++i) f.record(i % 3 == 0);
  EXPECT_EQ(f.trials(), 1000u);
  f.reset();
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(g_allocations.load() - before, 0);
}
