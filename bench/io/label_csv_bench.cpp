// Reading a label CSV into a confusion matrix (issue #10, defect 11): time and peak memory.
//
//   label_csv_bench FILE [--mode matrix|pairs] [--runs N]   one file, one mode, JSON on stdout
//   label_csv_bench --generate ROWS                          a self-contained smoke run (ctest)
//
// matrix: read_label_csv_matrix, streamed (memory independent of the number of rows).
// pairs:  read_label_csv + confusion_matrix::record, the 0.1 path (8 bytes a row kept).
// Peak RSS is the process's (getrusage), so run one mode per process: bench/io/label_csv_bench.py
// does, beside scikit-learn's confusion_matrix on the same file read with Python's csv module.
#include "bench_common.hpp"

#include <edgemetrics/classification.hpp>
#include <edgemetrics/io.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace em = edgemetrics;

namespace {

double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
          static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // kB on Linux
}

em::confusion_matrix::count_type run(const std::string& path, bool matrix) {
  if (matrix) return em::read_label_csv_matrix(path).matrix.total();
  const em::label_pairs p = em::read_label_csv(path);
  em::confusion_matrix cm(p.class_names);
  cm.record(p.truth, p.prediction);
  return cm.total();
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, mode = "matrix";
  int runs = 3;
  long generate = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--mode" && i + 1 < argc) {
      mode = argv[++i];
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--generate" && i + 1 < argc) {
      generate = std::atol(argv[++i]);
    } else {
      path = a;
    }
  }
  if (generate > 0) {
    path = "label_csv_bench_smoke.csv";
    std::ofstream f(path);
    f << "truth,prediction\n";
    static const char* const names[] = {"cat", "dog", "bird", "car", "person"};
    for (long r = 0; r < generate; ++r) f << names[r % 5] << ',' << names[(r * 7 + r / 3) % 5] << '\n';
  }
  if (path.empty() || (mode != "matrix" && mode != "pairs")) {
    std::fprintf(stderr, "usage: label_csv_bench FILE [--mode matrix|pairs] [--runs N] | --generate ROWS\n");
    return 2;
  }
  em::confusion_matrix::count_type rows = 0;
  const double cpu0 = cpu_ms();
  const em_bench::timing t = em_bench::measure([&] { rows = run(path, mode == "matrix"); }, runs, 0.0, runs);
  const double cpu_per_run = (cpu_ms() - cpu0) / t.runs;
  benchmark::DoNotOptimize(rows);
  // CPU time (user + system) besides wall time: on a shared machine the wall time also counts waiting.
  std::printf(
      "{\"mode\": \"%s\", \"rows\": %llu, \"median_ms\": %.3f, \"min_ms\": %.3f, \"cpu_ms\": %.3f, "
      "\"runs\": %d, \"peak_rss_mb\": %.1f}\n",
      mode.c_str(), static_cast<unsigned long long>(rows), t.median_ms, t.min_ms, cpu_per_run, t.runs, peak_rss_mb());
  if (generate > 0) std::remove(path.c_str());
  return 0;
}
