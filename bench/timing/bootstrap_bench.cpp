// Bootstrap of compare_runs (edgemetrics-latency --baseline A --candidate B): the previous
// algorithm (each resample materialised: n bounded draws from mt19937_64, then a selection of
// the median) against the binomial-splitting one (src/timing/bootstrap.cpp), both for one run of
// n samples. The old one is timed on a few resamples and scaled to the full count (at 1e6
// samples a run, 2000 resamples took 85 s for the two runs).
//
//   bench/bootstrap_bench [--quick] [--n N] [--resamples R]
#include <edgemetrics/timing.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"

namespace em = edgemetrics;

namespace {

std::size_t bounded_draw(std::mt19937_64& rng, std::uint64_t n) {
  __extension__ using u128 = unsigned __int128;
  std::uint64_t x = rng();
  u128 m = static_cast<u128>(x) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      x = rng();
      m = static_cast<u128>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::size_t>(m >> 64);
}

// The previous compare_runs loop for one run.
std::vector<double> old_medians(const std::vector<double>& x, std::size_t resamples, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> s(x.size()), out(resamples);
  for (std::size_t r = 0; r < resamples; ++r) {
    for (auto& v : s) v = x[bounded_draw(rng, x.size())];
    out[r] = em::select_median(s);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::size_t n = 1'000'000, resamples = 2000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
      n = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--resamples") == 0 && i + 1 < argc) {
      resamples = std::stoul(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bootstrap_bench [--quick] [--n N] [--resamples R]\n");
      return 2;
    }
  }
  if (quick) {
    n = 10'001;
    resamples = 200;
  }
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(std::log(10.0), 0.25);
  std::vector<double> x(n);
  for (auto& v : x) v = dist(rng);
  std::vector<double> sorted(x);
  std::sort(sorted.begin(), sorted.end());

  const std::size_t old_r = std::min<std::size_t>(resamples, quick ? 50 : 10);
  const int runs = quick ? 1 : 3;
  std::vector<double> m_old, m_new, m_one;
  const auto t_old = em_bench::measure([&] { m_old = old_medians(x, old_r, 1); }, runs, 0.0);
  const auto t_new =
      em_bench::measure([&] { m_new = em::detail::bootstrap_medians_sorted(sorted, resamples, 1, 0); }, runs, 0.0);
  const auto t_one =
      em_bench::measure([&] { m_one = em::detail::bootstrap_medians_sorted(sorted, resamples, 1, 1); }, runs, 0.0);
  const double scale = static_cast<double>(resamples) / static_cast<double>(old_r);
  em_bench::timing old_scaled = t_old;
  old_scaled.median_ms *= scale;
  old_scaled.min_ms *= scale;
  em_bench::table table("Bootstrap medians of one run of " + std::to_string(n) + " samples, " +
                        std::to_string(resamples) + " resamples (the old algorithm timed on " + std::to_string(old_r) +
                        " resamples and scaled)");
  const std::string work = std::to_string(resamples) + " resample medians";
  table.add(work, "edgemetrics: binomial splitting, all threads (<= 8)", t_new);
  table.add(work, "edgemetrics: binomial splitting, 1 thread", t_one);
  table.add(work, "old: n draws + selection per resample (scaled)", old_scaled);
  table.print();
  // The two draw from the same distribution: their mean resample medians agree within noise.
  const auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double d : v) s += d;
    return s / static_cast<double>(v.size());
  };
  std::printf(
      "\nper resample: old %.3f ms, new %.3f ms (1 thread); mean resample median old %.6f, new %.6f; "
      "threads agree: %s\n",
      t_old.median_ms / static_cast<double>(old_r), t_one.median_ms / static_cast<double>(resamples), mean(m_old),
      mean(m_new), m_new == m_one ? "yes" : "NO");
  return m_new == m_one ? 0 : 1;
}
