// JSON input benchmark (issue #10, defect 6): the same VOC detections read as one JSON list and as
// comp4 text files, at VOC2007-test scale, side by side with the ratio and each path's peak memory;
// and trtexec --exportTimes files of two sizes, to show that the time grows linearly.
//
//   io_bench [--dir DIR] [--images N] [--dets-per-image M] [--trtexec A,B] [--seed S] [--quick]
//
// DIR (default io_bench_data) receives the generated files: DIR/test.txt (image ids),
// DIR/results/comp4_det_test_<class>.txt, DIR/detections.json (the same detections) and
// DIR/trtexec_<n>.json. Each path runs in a child process of its own, so that its peak resident
// memory (ru_maxrss) is its own; "memory" is that peak minus the peak of a child that only
// reads the image set (the baseline).
#include <bench_common.hpp>

#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/timing.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

struct rng {  // splitmix64: the same files on every platform
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

void make_dir(const std::string& p) { ::mkdir(p.c_str(), 0755); }

std::string fmt_num(double v, int prec) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

// Writes the image set, the comp4 files and the JSON list holding the same detections.
void generate_voc(const std::string& dir, int images, int dets, std::uint64_t seed) {
  make_dir(dir);
  make_dir(dir + "/results");
  const auto classes = em::voc_class_names();
  rng r{seed};
  std::ofstream set(dir + "/test.txt");
  std::vector<std::string> comp4(classes.size());
  std::string json = "[\n";
  bool first = true;
  for (int i = 0; i < images; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%06d", 2 * i + 1);
    set << id << '\n';
    for (int d = 0; d < dets; ++d) {
      const std::size_t c = static_cast<std::size_t>(r.next() % classes.size());
      const double score = r.uniform();
      const double x1 = 1 + r.uniform() * 400, y1 = 1 + r.uniform() * 300;
      const double x2 = x1 + 10 + r.uniform() * 100, y2 = y1 + 10 + r.uniform() * 100;
      const std::string s = fmt_num(score, 6), a = fmt_num(x1, 1), b = fmt_num(y1, 1), e = fmt_num(x2, 1),
                        f = fmt_num(y2, 1);
      comp4[c] += std::string(id) + ' ' + s + ' ' + a + ' ' + b + ' ' + e + ' ' + f + '\n';
      json += first ? " " : ",";
      first = false;
      json += "{\"image_id\": \"" + std::string(id) + "\", \"category\": \"" + classes[c] + "\", \"score\": " + s +
              ", \"bbox\": [" + a + ", " + b + ", " + e + ", " + f + "]}\n";
    }
  }
  json += "]\n";
  for (std::size_t c = 0; c < classes.size(); ++c) {
    std::ofstream(dir + "/results/comp4_det_test_" + classes[c] + ".txt") << comp4[c];
  }
  std::ofstream(dir + "/detections.json") << json;
}

void generate_trtexec(const std::string& path, int n) {
  std::string out = "[\n";
  double t = 0;
  for (int i = 0; i < n; ++i) {
    const double enq = t, h2d = t + 0.06, compute = h2d + 0.14, d2h = compute + 6.07, end = d2h + 0.04;
    out += i == 0 ? "  " : ", ";
    out += "{\"startEnqMs\": " + fmt_num(enq, 5) + ", \"endEnqMs\": " + fmt_num(h2d, 5) +
           ", \"startH2dMs\": " + fmt_num(h2d, 5) + ", \"endH2dMs\": " + fmt_num(compute, 5) +
           ", \"startComputeMs\": " + fmt_num(compute, 5) + ", \"endComputeMs\": " + fmt_num(d2h, 5) +
           ", \"startD2hMs\": " + fmt_num(d2h, 5) + ", \"endD2hMs\": " + fmt_num(end, 5) +
           ", \"h2dMs\": 0.14, \"computeMs\": 6.07, \"d2hMs\": 0.04, \"latencyMs\": " + fmt_num(end - h2d, 5) + "}\n";
    t = end;
  }
  out += "]\n";
  std::ofstream(path) << out;
}

double cpu_ms() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return (static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
          static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

struct child_result {
  double ms = 0;      // best wall time of the runs
  double cpu = 0;     // best CPU time (user + system) of the runs: steadier on a loaded machine
  double rss_mb = 0;  // peak resident memory of the child
  std::size_t n = 0;  // what it read (detections, entries)
};

// Runs `work` (returns a count) `runs` times in a child process; the child reports its best time
// and its peak resident memory.
child_result in_child(const std::function<std::size_t()>& work, int runs) {
  int fds[2];
  if (::pipe(fds) != 0) std::exit(1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    child_result r;
    r.ms = 1e300;
    r.cpu = 1e300;
    for (int i = 0; i < runs; ++i) {
      const double c0 = cpu_ms();
      const auto t0 = std::chrono::steady_clock::now();
      r.n = work();
      const auto t1 = std::chrono::steady_clock::now();
      r.cpu = std::min(r.cpu, cpu_ms() - c0);
      r.ms = std::min(r.ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    r.rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    (void)!::write(fds[1], &r, sizeof r);
    ::_exit(0);
  }
  ::close(fds[1]);
  child_result r;
  (void)!::read(fds[0], &r, sizeof r);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "io_bench: a child failed\n");
    std::exit(1);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "io_bench_data";
  int images = 4952, dets = 100, runs = 3;
  std::vector<int> trtexec_sizes = {20000, 80000};
  std::uint64_t seed = 2007;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--dir") {
      dir = next();
    } else if (a == "--images") {
      images = std::atoi(next().c_str());
    } else if (a == "--dets-per-image") {
      dets = std::atoi(next().c_str());
    } else if (a == "--seed") {
      seed = std::strtoull(next().c_str(), nullptr, 10);
    } else if (a == "--trtexec") {
      const std::string v = next();
      trtexec_sizes.clear();
      for (std::size_t p = 0; p < v.size();) {
        const std::size_t q = v.find(',', p);
        trtexec_sizes.push_back(std::atoi(v.substr(p, q - p).c_str()));
        p = q == std::string::npos ? v.size() : q + 1;
      }
    } else if (a == "--quick") {
      images = 200;
      dets = 20;
      runs = 1;
      trtexec_sizes = {2000, 8000};
    } else {
      std::fprintf(stderr,
                   "usage: io_bench [--dir DIR] [--images N] [--dets-per-image M] [--trtexec A,B] [--seed S] "
                   "[--quick]\n");
      return 2;
    }
  }
  std::printf("generating %d images x %d detections in %s ...\n", images, dets, dir.c_str());
  std::fflush(stdout);
  (void)in_child(  // in a child: the parent, whose memory every measured child inherits, stays small
      [&] {
        generate_voc(dir, images, dets, seed);
        for (int n : trtexec_sizes) generate_trtexec(dir + "/trtexec_" + std::to_string(n) + ".json", n);
        return std::size_t{0};
      },
      1);

  const auto classes = em::voc_class_names();
  const std::string set_file = dir + "/test.txt";
  auto fresh = [&] {
    em::voc_dataset d;
    d.class_names = classes;
    d.detections.resize(classes.size());
    return d;
  };
  auto count = [](const em::voc_dataset& d) {
    std::size_t n = 0;
    for (const auto& c : d.detections) n += c.score.size();
    return n;
  };
  const child_result base = in_child(
      [&] {
        const auto ids = em::read_voc_image_set(set_file);
        const em::voc_image_index idx(ids);
        return ids.size();
      },
      1);
  const child_result comp4 = in_child(
      [&] {
        const auto ids = em::read_voc_image_set(set_file);
        const em::voc_image_index idx(ids);
        auto d = fresh();
        for (std::size_t c = 0; c < classes.size(); ++c) {
          em::read_comp4_results(dir + "/results/comp4_det_test_" + classes[c] + ".txt", static_cast<std::uint32_t>(c),
                                 idx, em::unknown_image_policy::error, d);
        }
        return count(d);
      },
      runs);
  const child_result json = in_child(
      [&] {
        const auto ids = em::read_voc_image_set(set_file);
        const em::voc_image_index idx(ids);
        auto d = fresh();
        em::read_detections_json(dir + "/detections.json", idx, em::unknown_image_policy::error, d);
        return count(d);
      },
      runs);
  if (comp4.n != json.n) {
    std::fprintf(stderr, "io_bench: the two paths read %zu and %zu detections\n", comp4.n, json.n);
    return 1;
  }
  struct stat st {};
  ::stat((dir + "/detections.json").c_str(), &st);
  std::printf("\n### VOC detections: JSON list vs comp4 text (%zu detections, %d images; JSON file %.1f MB)\n\n",
              json.n, images, static_cast<double>(st.st_size) / 1e6);
  std::printf("| path | wall ms (best of %d) | CPU ms (best of %d) | peak RSS MB | memory above baseline MB |\n", runs,
              runs);
  std::printf("|---|---:|---:|---:|---:|\n");
  std::printf("| baseline (image set only) | | | %.1f | |\n", base.rss_mb);
  std::printf("| comp4 (20 files) | %.1f | %.1f | %.1f | %.1f |\n", comp4.ms, comp4.cpu, comp4.rss_mb,
              comp4.rss_mb - base.rss_mb);
  std::printf("| JSON list | %.1f | %.1f | %.1f | %.1f |\n", json.ms, json.cpu, json.rss_mb, json.rss_mb - base.rss_mb);
  std::printf("\nJSON / comp4 time ratio: wall %.2f, CPU %.2f (goal: <= 3)\n", json.ms / comp4.ms,
              json.cpu / comp4.cpu);

  std::printf("\n### trtexec --exportTimes: growth with the number of entries\n\n");
  std::printf("| entries | file MB | wall ms (best of %d) | CPU ms | CPU ms per 1000 entries | peak RSS MB |\n", runs);
  std::printf("|---:|---:|---:|---:|---:|---:|\n");
  std::vector<child_result> tr;
  for (int n : trtexec_sizes) {
    const std::string path = dir + "/trtexec_" + std::to_string(n) + ".json";
    tr.push_back(in_child([&] { return em::read_trtexec_times(path).stages[0].ms.size(); }, runs));
    ::stat(path.c_str(), &st);
    std::printf("| %d | %.1f | %.1f | %.1f | %.3f | %.1f |\n", n, static_cast<double>(st.st_size) / 1e6, tr.back().ms,
                tr.back().cpu, tr.back().cpu / n * 1000, tr.back().rss_mb);
  }
  if (tr.size() >= 2) {
    std::printf("\ntrtexec: %gx the entries, %.2fx the wall time, %.2fx the CPU time (linear: about %gx)\n",
                static_cast<double>(trtexec_sizes.back()) / trtexec_sizes.front(), tr.back().ms / tr.front().ms,
                tr.back().cpu / tr.front().cpu, static_cast<double>(trtexec_sizes.back()) / trtexec_sizes.front());
  }
  return 0;
}
