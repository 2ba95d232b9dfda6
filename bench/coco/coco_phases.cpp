// COCO evaluation at scale (issue #13), phase by phase, in process: reading instances.json,
// reading the results JSON, evaluate() (matching on shards + accumulation), the summary text.
// Medians of --runs repetitions, wall and CPU (user + system of the whole process) per phase.
//
//   coco_phases --gt voc_scale/instances.json --dt voc_scale/detections.json [--runs 5]
//
// The side-by-side comparison with the Python re-statement of COCOeval is coco_bench.py (which
// times the edgemetrics-coco-eval process); this program says where that process's time goes.
#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/io/coco.hpp>

#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

double wall_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string gt_path, dt_path;
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--gt" && i + 1 < argc) {
      gt_path = argv[++i];
    } else if (a == "--dt" && i + 1 < argc) {
      dt_path = argv[++i];
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: coco_phases --gt instances.json --dt detections.json [--runs N]\n");
      return 2;
    }
  }
  if (gt_path.empty() || dt_path.empty()) {
    std::fprintf(stderr, "usage: coco_phases --gt instances.json --dt detections.json [--runs N]\n");
    return 2;
  }
  const char* names[] = {"read instances", "read results", "evaluate", "summary", "total"};
  std::vector<double> wall[5], cpu[5];
  double first_ap = 0;
  for (int r = 0; r < runs; ++r) {
    double w0 = wall_ms(), c0 = cpu_ms();
    const double ws = w0, cs = c0;
    const auto lap = [&](int k) {
      const double w1 = wall_ms(), c1 = cpu_ms();
      wall[k].push_back(w1 - w0);
      cpu[k].push_back(c1 - c0);
      w0 = w1;
      c0 = c1;
    };
    const edgemetrics::coco_dataset gt = edgemetrics::read_coco_instances(gt_path);
    lap(0);
    const edgemetrics::coco_detections dt = edgemetrics::read_coco_results(dt_path, gt);
    lap(1);
    const edgemetrics::coco_result result = edgemetrics::evaluate(gt, dt, edgemetrics::coco_params{});
    lap(2);
    const std::string text = edgemetrics::coco_summary_text(result);
    lap(3);
    wall[4].push_back(wall_ms() - ws);
    cpu[4].push_back(cpu_ms() - cs);
    if (r == 0) {
      first_ap = result.stats[0];
      std::fputs(text.c_str(), stdout);
    } else if (result.stats[0] != first_ap) {
      std::fprintf(stderr, "coco_phases: the result changed between runs\n");
      return 1;
    }
  }
  std::printf("\n%d runs (medians)\n\n| phase | wall ms | CPU ms |\n|---|---:|---:|\n", runs);
  for (int k = 0; k < 5; ++k) std::printf("| %s | %.0f | %.0f |\n", names[k], median(wall[k]), median(cpu[k]));
  return 0;
}
