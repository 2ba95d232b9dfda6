// Shared harness of the side-by-side benchmarks in bench/.
//
// Each bench program times edgemetrics and one or more references on the same
// input in the same run, then prints a Markdown table with the median and
// minimum wall time of each and the ratio reference / edgemetrics, ready to be
// pasted into docs/benchmarks.md. Google Benchmark's DoNotOptimize/ClobberMemory
// keep the compiler from discarding the measured work.
#ifndef EDGEMETRICS_BENCH_COMMON_HPP
#define EDGEMETRICS_BENCH_COMMON_HPP

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace em_bench {

struct timing {
  double median_ms = 0;
  double min_ms = 0;
  int runs = 0;
};

/// Runs `f` at least `min_runs` times and for at least `min_seconds`, returns the
/// median and minimum wall time of one call. `setup` runs before each call, untimed.
template <class F, class Setup>
timing measure(F&& f, Setup&& setup, int min_runs = 5, double min_seconds = 0.3, int max_runs = 1000) {
  using clock = std::chrono::steady_clock;
  std::vector<double> ms;
  const auto start = clock::now();
  while (static_cast<int>(ms.size()) < max_runs &&
         (static_cast<int>(ms.size()) < min_runs ||
          std::chrono::duration<double>(clock::now() - start).count() < min_seconds)) {
    setup();
    benchmark::ClobberMemory();
    const auto t0 = clock::now();
    f();
    benchmark::ClobberMemory();
    const auto t1 = clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  timing t;
  t.runs = static_cast<int>(ms.size());
  t.min_ms = ms.front();
  const std::size_t n = ms.size();
  t.median_ms = n % 2 == 1 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  return t;
}

template <class F>
timing measure(F&& f, int min_runs = 5, double min_seconds = 0.3, int max_runs = 1000) {
  return measure(
      std::forward<F>(f), [] {}, min_runs, min_seconds, max_runs);
}

/// Rows of one comparison: the first row added for a `work` is the edgemetrics
/// one; every other row of that work shows its ratio to it (> 1: edgemetrics faster).
class table {
 public:
  explicit table(std::string title) : title_(std::move(title)) {}

  void add(const std::string& work, const std::string& impl, const timing& t, double target_ms = 0) {
    rows_.push_back({work, impl, t, target_ms});
  }

  void print() const {
    std::printf("\n### %s\n\n", title_.c_str());
    std::printf("| work | implementation | median ms | min ms | runs | ratio (this / edgemetrics) | target ms |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (const auto& r : rows_) {
      const row* base = nullptr;
      for (const auto& b : rows_) {
        if (b.work == r.work) {
          base = &b;
          break;
        }
      }
      const double ratio = base && base->t.median_ms > 0 ? r.t.median_ms / base->t.median_ms : 0.0;
      char target[32] = "";
      if (r.target_ms > 0) {
        std::snprintf(target, sizeof target, "%g %s", r.target_ms, r.t.median_ms <= r.target_ms ? "met" : "MISSED");
      }
      std::printf("| %s | %s | %.4f | %.4f | %d | %.2f | %s |\n", r.work.c_str(), r.impl.c_str(), r.t.median_ms,
                  r.t.min_ms, r.t.runs, ratio, target);
    }
    std::fflush(stdout);
  }

 private:
  struct row {
    std::string work, impl;
    timing t;
    double target_ms;
  };
  std::string title_;
  std::vector<row> rows_;
};

}  // namespace em_bench

#endif  // EDGEMETRICS_BENCH_COMMON_HPP
