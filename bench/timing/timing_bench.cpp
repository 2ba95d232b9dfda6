// Latency statistics bench: (1) the cost of recording one value, next to a bare
// std::vector::push_back and one steady_clock read; (2) percentiles of 10 million exact
// samples by selection vs a full-sort baseline. numpy's timings on the same data come from
// numpy_percentile.py, which runs this program with --write-data and joins the tables.
//
//   bench/timing_bench [--quick] [--n N] [--write-data FILE]
#include <edgemetrics/timing.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"

namespace em = edgemetrics;

int main(int argc, char** argv) {
  bool quick = false;
  std::size_t n = 10'000'000;
  std::string write_data;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
      n = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--write-data") == 0 && i + 1 < argc) {
      write_data = argv[++i];
    } else {
      std::fprintf(stderr, "usage: timing_bench [--quick] [--n N] [--write-data FILE]\n");
      return 2;
    }
  }
  if (quick) n = 100'000;
  const int min_runs = quick ? 2 : 7;
  const double min_s = quick ? 0.0 : 0.5;

  // Seeded latencies around 8 ms (lognormal), in ns and in ms.
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(std::log(8e6), 0.25);
  std::vector<std::int64_t> ns(n);
  std::vector<double> ms(n);
  for (std::size_t i = 0; i < n; ++i) {
    ns[i] = static_cast<std::int64_t>(dist(rng));
    ms[i] = static_cast<double>(ns[i]) / 1e6;
  }
  if (!write_data.empty()) {
    std::ofstream out(write_data, std::ios::binary);
    out.write(reinterpret_cast<const char*>(ms.data()), static_cast<std::streamsize>(ms.size() * sizeof(double)));
    std::printf("wrote %zu doubles (ms, little-endian float64) to %s\n", n, write_data.c_str());
  }

  // ---- (1) recording cost
  const std::size_t rec_n = std::min<std::size_t>(n, 10'000'000);
  em_bench::table rec_table("Recording " + std::to_string(rec_n) + " latencies (one call each)");
  const std::vector<std::int64_t> rec_values(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(rec_n));
  em::latency_recorder bounded = em::latency_recorder::bounded();
  const auto t_bounded = em_bench::measure(
      [&] {
        for (const std::int64_t v : rec_values) bounded.record_ns(v);
        benchmark::DoNotOptimize(bounded);
      },
      min_runs, min_s);
  em::latency_recorder exact;
  exact.reserve(rec_n);
  const auto t_exact = em_bench::measure(
      [&] {
        for (const std::int64_t v : rec_values) exact.record_ns(v);
        benchmark::DoNotOptimize(exact);
      },
      [&] {
        exact.reset();  // keeps the capacity reserved below, like vec.clear()
      },
      min_runs, min_s);
  std::vector<std::int64_t> vec;
  const auto t_push = em_bench::measure(
      [&] {
        for (const std::int64_t v : rec_values) vec.push_back(v);
        benchmark::DoNotOptimize(vec.data());
      },
      [&] {
        vec.clear();
        vec.reserve(rec_n);
      },
      min_runs, min_s);
  const auto t_clock = em_bench::measure(
      [&] {
        std::int64_t acc = 0;
        for (std::size_t i = 0; i < rec_n; ++i) acc += std::chrono::steady_clock::now().time_since_epoch().count();
        benchmark::DoNotOptimize(acc);
      },
      min_runs, min_s);
  const std::string work = "record " + std::to_string(rec_n);
  rec_table.add(work, "edgemetrics bounded (histogram, 3 digits)", t_bounded);
  rec_table.add(work, "edgemetrics exact (reserved)", t_exact);
  rec_table.add(work, "std::vector<int64_t>::push_back (reserved)", t_push);
  rec_table.add(work, "std::chrono::steady_clock::now()", t_clock);
  rec_table.print();
  const double per = 1e6 / static_cast<double>(rec_n);
  std::printf(
      "\nper call: bounded %.2f ns median / %.2f ns min (target <= 5 ns: %s at median, %s at min), exact %.2f ns, "
      "push_back %.2f ns, clock read %.2f ns; histogram memory %zu bytes\n",
      t_bounded.median_ms * per, t_bounded.min_ms * per, t_bounded.median_ms * per <= 5.0 ? "met" : "MISSED",
      t_bounded.min_ms * per <= 5.0 ? "met" : "MISSED", t_exact.median_ms * per, t_push.median_ms * per,
      t_clock.median_ms * per, bounded.histogram()->memory_bytes());

  // ---- (2) percentiles of n exact samples: selection vs full sort
  em_bench::table pct_table("Percentiles of " + std::to_string(n) +
                            " exact samples (edgemetrics reads the input in place; the sort baseline sorts a copy)");
  const std::vector<double> one{99.0};
  const std::vector<double> five = em::default_percentiles();
  std::vector<double> r_sel1, r_sel5, r_sort1, r_sort5;
  const auto t_sel1 = em_bench::measure([&] { r_sel1 = em::select_percentiles(ms, one, em::percentile_rule::linear); },
                                        min_runs, min_s);
  const auto t_sort1 = em_bench::measure(
      [&] {
        std::vector<double> s(ms);
        std::sort(s.begin(), s.end());
        r_sort1 = {em::percentile_sorted(s, 99.0, em::percentile_rule::linear)};
      },
      min_runs, min_s);
  const auto t_sel5 = em_bench::measure([&] { r_sel5 = em::select_percentiles(ms, five, em::percentile_rule::linear); },
                                        min_runs, min_s);
  const auto t_sort5 = em_bench::measure(
      [&] {
        std::vector<double> s(ms);
        std::sort(s.begin(), s.end());
        r_sort5.clear();
        for (double p : five) r_sort5.push_back(em::percentile_sorted(s, p, em::percentile_rule::linear));
      },
      min_runs, min_s);
  em::latency_summary summary;
  const auto t_summary = em_bench::measure([&] { summary = em::summarize(ms); }, min_runs, min_s);
  pct_table.add("p99 (linear)", "edgemetrics select_percentiles", t_sel1);
  pct_table.add("p99 (linear)", "std::sort + index", t_sort1);
  pct_table.add("p50,90,95,99,99.9 (linear)", "edgemetrics select_percentiles", t_sel5);
  pct_table.add("p50,90,95,99,99.9 (linear)", "std::sort + index", t_sort5);
  pct_table.add("full summary (all statistics)", "edgemetrics summarize", t_summary);
  pct_table.print();
  const bool same = r_sel1 == r_sort1 && r_sel5 == r_sort5;
  std::printf("\nselection == sort: %s; p99 = %.17g ms\n", same ? "yes" : "NO", r_sel1.at(0));
  std::printf("csv,edgemetrics_p99_ms,%.6f\ncsv,edgemetrics_p5_ms,%.6f\ncsv,sort_p99_ms,%.6f\ncsv,sort_p5_ms,%.6f\n",
              t_sel1.median_ms, t_sel5.median_ms, t_sort1.median_ms, t_sort5.median_ms);
  for (std::size_t i = 0; i < r_sel5.size(); ++i) std::printf("csv,value,%g,%.17g\n", five[i], r_sel5[i]);
  return same ? 0 : 1;
}
