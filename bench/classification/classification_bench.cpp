// Confusion-matrix accumulation and metrics, side by side with C++ references.
//
//   classification_bench [--samples N] [--classes K] [--quick] [--dump FILE] [--json]
//
// Times, on the same seeded labels (int32, 70 % correct predictions):
//   - edgemetrics confusion_matrix::record (one thread) and record_parallel (all cores)
//   - a plain C++ loop: ++m[t * K + p] into a 64-bit matrix
//   - the memory floor: one read-only pass summing both label arrays
//   - make_report() from the finished matrix (every per-class and averaged metric)
// --dump writes the labels (truth then prediction, raw little-endian int32) so that
// bench/classification/compare_sklearn.py can time numpy and scikit-learn on the same data.
#include <edgemetrics/io.hpp>
#include <edgemetrics/classification.hpp>

#include <bench_common.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 10'000'000;
  std::size_t k = 1000;
  bool quick = false;
  bool json = false;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--samples" && i + 1 < argc) {
      n = std::stoull(argv[++i]);
    } else if (a == "--classes" && i + 1 < argc) {
      k = std::stoull(argv[++i]);
    } else if (a == "--quick") {
      quick = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: classification_bench [--samples N] [--classes K] [--quick] [--dump FILE] [--json]\n");
      return 2;
    }
  }
  if (quick) n = std::min<std::size_t>(n, 200'000);

  std::vector<std::int32_t> truth(n), pred(n);
  std::uint64_t state = 20261122;
  for (std::size_t i = 0; i < n; ++i) {
    truth[i] = static_cast<std::int32_t>(splitmix64(state) % k);
    const std::uint64_t r = splitmix64(state);
    pred[i] = (r % 10) < 7 ? truth[i] : static_cast<std::int32_t>((r >> 8) % k);
  }
  if (!dump.empty()) {
    std::ofstream out(dump, std::ios::binary);
    out.write(reinterpret_cast<const char*>(truth.data()), static_cast<std::streamsize>(n * sizeof(std::int32_t)));
    out.write(reinterpret_cast<const char*>(pred.data()), static_cast<std::streamsize>(n * sizeof(std::int32_t)));
  }

  const int runs = quick ? 2 : 15;
  const double min_s = quick ? 0.0 : 1.0;
  edgemetrics::confusion_matrix cm(k);
  const auto reset = [&] { cm.reset(); };

  const auto t_em1 = em_bench::measure([&] { cm.record(truth, pred); }, reset, runs, min_s);
  const auto one_thread = cm;
  const auto t_em = em_bench::measure([&] { cm.record_parallel(truth, pred); }, reset, runs, min_s);
  if (cm != one_thread) {
    std::fprintf(stderr, "record and record_parallel disagree\n");
    return 1;
  }

  std::vector<std::uint64_t> plain(k * k);
  const auto t_plain = em_bench::measure(
      [&] {
        for (std::size_t i = 0; i < n; ++i) {
          ++plain[static_cast<std::size_t>(truth[i]) * k + static_cast<std::size_t>(pred[i])];
        }
        benchmark::DoNotOptimize(plain.data());
      },
      [&] { std::fill(plain.begin(), plain.end(), 0); }, runs, min_s);
  if (plain != cm.counts()) {
    std::fprintf(stderr, "plain loop disagrees\n");
    return 1;
  }

  const auto t_floor = em_bench::measure(
      [&] {
        std::int64_t s = 0;
        for (std::size_t i = 0; i < n; ++i) s += truth[i] + pred[i];
        benchmark::DoNotOptimize(s);
      },
      runs, min_s);

  edgemetrics::classification_report report;
  const auto t_report = em_bench::measure(
      [&] {
        report = edgemetrics::make_report(cm);
        benchmark::DoNotOptimize(report.macro.f1);
      },
      runs, min_s);

  if (json) {
    std::printf(
        "{\"samples\": %zu, \"classes\": %zu, \"record_parallel_ms\": %.6f, \"record_ms\": %.6f, "
        "\"plain_loop_ms\": %.6f, \"read_floor_ms\": %.6f, \"report_ms\": %.6f, \"macro_f1\": %.17g}\n",
        n, k, t_em.median_ms, t_em1.median_ms, t_plain.median_ms, t_floor.median_ms, t_report.median_ms,
        report.macro.f1);
    return 0;
  }
  em_bench::table table("Confusion matrix: " + std::to_string(n) + " int32 label pairs, " + std::to_string(k) +
                        " classes");
  const std::string work = "accumulate";
  table.add(work, "edgemetrics record_parallel (all cores)", t_em, quick ? 0 : 15);
  table.add(work, "edgemetrics record (1 thread)", t_em1);
  table.add(work, "plain C++ loop (1 thread)", t_plain);
  table.add(work, "memory floor: read both arrays (1 thread)", t_floor);
  table.add("all metrics from the matrix", "edgemetrics make_report", t_report);
  table.print();
  return 0;
}
