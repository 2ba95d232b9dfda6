// tegrastats parsing bench: a 24-hour log at 10 ms (8.64 million lines), generated on the fly
// into a temporary file from fixture lines of four boards (AGX Orin JetPack 6, Nano JetPack 4,
// Xavier NX JetPack 5, Thor JetPack 7) with varying values, read by edgemetrics' streaming
// reader (read_tegrastats) into a hardware_accumulator, and by the straightforward regex-based
// Python parser beside this file (tegrastats_regex.py) when python3 is there. Prints the
// lines per second of each, their ratio, the peak RSS of each (streaming: bounded memory) and
// a checksum (the sum of the board totals) that both sides must agree on.
//
//   bench/hardware_bench [--quick] [--lines N] [--python-lines M|all] [--keep FILE]
//
// The Python side parses the first M lines of the same file (default 500000: the whole log
// takes it several minutes on a 2-core machine; --python-lines all for the whole of it).
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/io/tegrastats.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef EDGEMETRICS_BENCH_PYTHON
#define EDGEMETRICS_BENCH_PYTHON "python3"
#endif
#ifndef EDGEMETRICS_BENCH_HARDWARE_DIR
#define EDGEMETRICS_BENCH_HARDWARE_DIR "."
#endif

namespace em = edgemetrics;

namespace {

long peak_rss_kb(int who = RUSAGE_SELF) {
  struct rusage u {};
  getrusage(who, &u);
  return u.ru_maxrss;
}

// Line k of the generated log: the four boards in turn, values varying with k.
int make_line(char* buf, std::size_t size, std::uint64_t k) {
  const unsigned v = static_cast<unsigned>((k * 2654435761u) >> 7);  // a cheap varying value
  const unsigned s = static_cast<unsigned>(k / 100);                 // seconds since the start (10 ms)
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "05-09-2026 %02u:%02u:%02u", (s / 3600) % 24, (s / 60) % 60, s % 60);
  switch (k % 4) {
    case 0:
      return std::snprintf(
          buf, size,
          "%s RAM %u/62841MB (lfb 466x4MB) SWAP 86/31420MB (cached 0MB) CPU [%u%%@2188,5%%@2112,8%%@2035,14%%@2201,"
          "46%%@1267,47%%@1267,2%%@1267,10%%@1267,4%%@1036,5%%@1036,6%%@1036,%u%%@1036] EMC_FREQ 3%%@2133 "
          "GR3D_FREQ %u%%@[%u,%u] NVENC 79%%@166 NVDEC off NVJPG off NVJPG1 off VIC 36%%@115 OFA off NVDLA0 off "
          "NVDLA1 off PVA0_FREQ off APE 174 cpu@%u.%03uC soc2@48.437C soc0@49.093C tj@%u.%03uC soc1@49.656C "
          "VDD_GPU_SOC %umW/%umW VDD_CPU_CV %umW/%umW VIN_SYS_5V0 %umW/4707mW\n",
          stamp, 18000 + v % 500, v % 101, (v >> 3) % 101, (v >> 5) % 100, 300 + v % 900, 300 + v % 900, 45 + v % 20,
          v % 1000, 45 + v % 20, (v >> 2) % 1000, 2000 + v % 4000, 2412, 1000 + v % 2000, 1607, 4500 + v % 600);
    case 1:
      return std::snprintf(buf, size,
                           "RAM %u/3964MB (lfb 2x2MB) SWAP 191/1982MB (cached 6MB) IRAM 0/252kB(lfb 252kB) CPU "
                           "[%u%%@1224,4%%@1224,3%%@1224,%u%%@1224] EMC_FREQ 0%%@1600 GR3D_FREQ %u%%@76 APE 25 "
                           "PLL@37C CPU@%u.%uC PMIC@50C GPU@40C AO@45C thermal@40C POM_5V_IN %u/1628 POM_5V_GPU "
                           "%u/0 POM_5V_CPU 366/406\n",
                           1900 + v % 100, v % 101, (v >> 4) % 101, (v >> 6) % 100, 35 + v % 30, v % 10,
                           1500 + v % 4000, v % 3000);
    case 2:
      return std::snprintf(buf, size,
                           "%s RAM %u/6851MB (lfb 2x4MB) SWAP 161/3426MB (cached 0MB) CPU [23%%@1397,17%%@1192,"
                           "16%%@1190,13%%@1190,23%%@1190,%u%%@1190] EMC_FREQ 2%%@204 GR3D_FREQ %u%%@[114] "
                           "VIC_FREQ 115 APE 150 AUX@45C CPU@%u.5C thermal@45.6C AO@45C GPU@45.5C PMIC@50C "
                           "VDD_IN %umW/2846mW VDD_CPU_GPU_CV %umW/670mW VDD_SOC 650mW/711mW\n",
                           stamp, 3000 + v % 300, v % 101, (v >> 3) % 100, 40 + v % 20, 2500 + v % 3000,
                           500 + v % 1000);
    default:
      return std::snprintf(
          buf, size,
          "%s RAM %u/125772MB (lfb 3x4MB) SWAP 0/0MB (cached 0MB) CPU [1%%@972,0%%@972,2%%@972,0%%@972,0%%@972,"
          "0%%@972,0%%@972,0%%@972,0%%@972,0%%@972,3%%@972,0%%@972,0%%@972,%u%%@972] EMC_FREQ 0%%@4266 "
          "GR3D_FREQ @[%u,%u,%u] NVENC0_FREQ @0 NVDEC0_FREQ @0 NVJPG0_FREQ @0 VIC off OFA off PVA0_FREQ off APE "
          "200 cpu@%u.968C/52.968C gpu@-256C/-256C soc012@49.5C/49.5C tj@52.968C/52.968C VDD_GPU %umW/1203mW/%umW "
          "VDD_CPU_SOC_MSS 4003mW/4003mW/4003mW VIN_SYS_5V0 6015mW/6015mW/6015mW\n",
          stamp, 9800 + v % 100, v % 101, 1575u, 1575u, 1575u, 45 + v % 20, 1000 + v % 9000, 1000 + v % 9000);
  }
}

struct python_result {
  bool ran = false;
  std::uint64_t lines = 0, samples = 0;
  double seconds = 0, checksum = 0;
  long rss_kb = 0;
};

python_result run_python(const std::string& path, const std::string& max_lines) {
  python_result r;
  std::string cmd = std::string(EDGEMETRICS_BENCH_PYTHON) + " '" + EDGEMETRICS_BENCH_HARDWARE_DIR +
                    "/tegrastats_regex.py' '" + path + "'";
  if (max_lines != "all") cmd += " --max-lines " + max_lines;
  cmd += " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char line[512] = {};
  const bool got = std::fgets(line, sizeof line, p) != nullptr;
  const int status = pclose(p);
  if (!got || status != 0) return r;
  if (std::sscanf(line, "lines=%" SCNu64 " samples=%" SCNu64 " seconds=%lf checksum=%lf peak_rss_kb=%ld", &r.lines,
                  &r.samples, &r.seconds, &r.checksum, &r.rss_kb) == 5)
    r.ran = true;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t lines = 8'640'000;  // 24 h at 10 ms
  std::string python_lines = "500000";
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      lines = 20'000;
      python_lines = "all";
    } else if (std::strcmp(argv[i], "--lines") == 0 && i + 1 < argc) {
      lines = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--python-lines") == 0 && i + 1 < argc) {
      python_lines = argv[++i];
    } else if (std::strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
      keep = argv[++i];
    } else {
      std::fprintf(stderr, "usage: hardware_bench [--quick] [--lines N] [--python-lines M|all] [--keep FILE]\n");
      return 2;
    }
  }

  // 1. Generate the log (streamed to the file: never held in memory).
  std::string path = keep;
  if (path.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    path = std::string(tmp != nullptr ? tmp : "/tmp") + "/edgemetrics_tegrastats_bench_" + std::to_string(getpid()) +
           ".log";
  }
  const auto g0 = std::chrono::steady_clock::now();
  FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    std::perror(path.c_str());
    return 1;
  }
  char buf[2048];
  std::uint64_t bytes = 0;
  for (std::uint64_t k = 0; k < lines; ++k) {
    const int n = make_line(buf, sizeof buf, k);
    std::fwrite(buf, 1, static_cast<std::size_t>(n), out);
    bytes += static_cast<std::uint64_t>(n);
  }
  if (std::fclose(out) != 0) {
    std::perror(path.c_str());
    return 1;
  }
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
  std::printf("Generated %" PRIu64 " lines (%.1f MB) in %.1f s: %s\n", lines, static_cast<double>(bytes) / 1e6, gen_s,
              path.c_str());

  // 2. edgemetrics: the streaming reader into a streaming summary (what edgemetrics-tegrastats does).
  const long rss_before = peak_rss_kb();
  const std::uint64_t python_prefix = python_lines == "all" ? lines : std::strtoull(python_lines.c_str(), nullptr, 10);
  double prefix_checksum = 0;
  std::uint64_t seen = 0;
  em::tegrastats_options o;
  o.interval_s = 0.01;
  o.ignore_timestamps = true;
  em::hardware_accumulator acc;
  const auto t0 = std::chrono::steady_clock::now();
  const em::tegrastats_stats st = em::read_tegrastats(path, o, [&](const em::hardware_sample& s) {
    acc.record(s);
    if (seen++ < python_prefix && s.total_power_mw) prefix_checksum += *s.total_power_mw;
  });
  const double cpp_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const em::hardware_summary h = acc.summary();
  const long rss_after = peak_rss_kb();
  const double cpp_rate = static_cast<double>(st.lines) / cpp_s;
  std::printf("\n| parser | lines | seconds | lines/s | peak RSS |\n|---|---:|---:|---:|---:|\n");
  std::printf("| edgemetrics read_tegrastats + hardware_accumulator | %zu | %.2f | %.3g | %ld MB (%ld MB before) |\n",
              st.lines, cpp_s, cpp_rate, rss_after / 1024, rss_before / 1024);
  if (st.skipped_lines != 0 || st.samples != lines) {
    std::fprintf(stderr, "unexpected: %zu samples, %zu skipped\n", st.samples, st.skipped_lines);
    if (keep.empty()) std::remove(path.c_str());
    return 1;
  }

  // 3. The Python reference on the same file (its first python_lines lines).
  const python_result py = run_python(path, python_lines);
  int status = 0;
  if (py.ran) {
    const double py_rate = static_cast<double>(py.lines) / py.seconds;
    std::printf("| Python regex (tegrastats_regex.py)%s | %" PRIu64 " | %.2f | %.3g | %ld MB |\n",
                python_lines == "all" ? "" : ", prefix", py.lines, py.seconds, py_rate, py.rss_kb / 1024);
    std::printf("\nSpeedup (lines/s, edgemetrics / Python): %.1fx\n", cpp_rate / py_rate);
    const double diff = std::fabs(py.checksum - prefix_checksum);
    std::printf("Checksum (sum of board totals over the first %" PRIu64 " lines): edgemetrics %.17g, Python %.17g%s\n",
                py.lines, prefix_checksum, py.checksum, diff <= 1e-9 * std::fabs(prefix_checksum) ? "" : "  MISMATCH");
    if (diff > 1e-9 * std::fabs(prefix_checksum)) status = 1;
    if (py.lines < lines) {
      std::printf("(Python timed on a prefix of %" PRIu64
                  " lines; its rate is per line, so the ratio holds; "
                  "--python-lines all times the whole log.)\n",
                  py.lines);
    }
  } else {
    std::printf("\n(python3 not found or the reference failed: edgemetrics side only)\n");
  }
  std::printf("Board power over the log: mean %.1f mW, energy %.1f J over %.0f s\n", h.power_mw.mean,
              h.energy ? h.energy->total.energy_j : 0.0, h.energy ? h.energy->duration_s : 0.0);
  if (keep.empty()) std::remove(path.c_str());
  return status;
}
