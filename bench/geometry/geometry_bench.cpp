// NMS and IoU-matrix timings: edgemetrics, a straightforward C++ implementation of the same
// algorithm (torchvision's CPU kernel written plainly) and OpenCV's cv::dnn::NMSBoxes, on the
// same seeded detector-like input (clusters of jittered boxes around objects + 10% background).
//
//   bench_geometry [--quick] [--dump DIR]
// --quick: small sizes, a smoke test for CI. --dump DIR: also writes every input as raw
// little-endian float32 (DIR/<name>.boxes: N x 4, .scores: N, .classes: int64 N) for
// bench_torchvision.py, which times torchvision on exactly these inputs.
#include <edgemetrics/geometry.hpp>

#include "bench_common.hpp"

#ifdef EDGEMETRICS_BENCH_OPENCV
#include <opencv2/dnn.hpp>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace edgemetrics;
using box = corner_box<float>;

namespace {

struct input {
  std::vector<box> boxes;
  std::vector<float> scores;
  std::vector<std::int64_t> classes;
};

// Detector-like input: n boxes around n / per_object objects (log-uniform sizes 12..300 px in a
// 1280x720 image), each edge jittered by N(0, 0.12 * size); 10% uniform background boxes.
input detector_like(std::size_t n, int classes, unsigned seed, std::size_t per_object = 20) {
  std::mt19937_64 rng(seed);
  auto u = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  auto gauss = [&u] {
    const double a = u(), b = u();
    return std::sqrt(-2 * std::log(a + 1e-300)) * std::cos(6.283185307179586 * b);
  };
  const std::size_t objects = std::max<std::size_t>(1, n / per_object);
  struct object {
    double cx, cy, w, h;
    std::int64_t cls;
  };
  std::vector<object> obj(objects);
  for (auto& o : obj) {
    o.w = std::exp(std::log(12.0) + u() * (std::log(300.0) - std::log(12.0)));
    o.h = o.w * std::exp(0.4 * gauss());
    o.cx = u() * 1280;
    o.cy = u() * 720;
    o.cls = static_cast<std::int64_t>(u() * classes) % classes;
  }
  input in;
  in.boxes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double x1, y1, x2, y2, quality;
    std::int64_t cls;
    if (u() < 0.1) {
      const double w = std::exp(std::log(8.0) + u() * (std::log(200.0) - std::log(8.0)));
      x1 = u() * 1280;
      y1 = u() * 720;
      x2 = x1 + w;
      y2 = y1 + w * (0.5 + 1.5 * u());
      quality = 0.2;
      cls = static_cast<std::int64_t>(u() * classes) % classes;
    } else {
      const object& o = obj[static_cast<std::size_t>(u() * static_cast<double>(objects)) % objects];
      const double j[4] = {0.12 * gauss(), 0.12 * gauss(), 0.12 * gauss(), 0.12 * gauss()};
      x1 = o.cx - o.w / 2 + j[0] * o.w;
      x2 = o.cx + o.w / 2 + j[1] * o.w;
      y1 = o.cy - o.h / 2 + j[2] * o.h;
      y2 = o.cy + o.h / 2 + j[3] * o.h;
      quality = 1 - (std::abs(j[0]) + std::abs(j[1]) + std::abs(j[2]) + std::abs(j[3])) * 0.75;
      cls = o.cls;
    }
    in.boxes.push_back({static_cast<float>(std::min(x1, x2)), static_cast<float>(std::min(y1, y2)),
                        static_cast<float>(std::max(x1, x2) + 1), static_cast<float>(std::max(y1, y2) + 1)});
    in.scores.push_back(static_cast<float>(1 / (1 + std::exp(-(4 * quality - 1 + 0.7 * gauss())))));
    in.classes.push_back(cls);
  }
  return in;
}

// Straightforward greedy NMS: torchvision's CPU kernel (stable sort, AoS boxes, suppressed flags).
std::vector<std::size_t> naive_nms(const std::vector<box>& b, const std::vector<float>& s, double thr) {
  const std::size_t n = b.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return s[x] > s[y]; });
  std::vector<float> areas(n);
  for (std::size_t i = 0; i < n; ++i) areas[i] = (b[i].x2 - b[i].x1) * (b[i].y2 - b[i].y1);
  std::vector<char> sup(n, 0);
  std::vector<std::size_t> keep;
  for (std::size_t x = 0; x < n; ++x) {
    const std::size_t i = order[x];
    if (sup[i]) continue;
    keep.push_back(i);
    for (std::size_t y = x + 1; y < n; ++y) {
      const std::size_t j = order[y];
      if (sup[j]) continue;
      const float w = std::max(0.f, std::min(b[i].x2, b[j].x2) - std::max(b[i].x1, b[j].x1));
      const float h = std::max(0.f, std::min(b[i].y2, b[j].y2) - std::max(b[i].y1, b[j].y1));
      const float inter = w * h;
      if (static_cast<double>(inter / (areas[i] + areas[j] - inter)) > thr) sup[j] = 1;
    }
  }
  return keep;
}

// Straightforward batched NMS: naive_nms per class, merged by descending score.
std::vector<std::size_t> naive_batched(const input& in, double thr) {
  std::vector<std::int64_t> labels(in.classes);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  std::vector<std::size_t> keep;
  for (const auto c : labels) {
    std::vector<std::size_t> idx;
    std::vector<box> b;
    std::vector<float> s;
    for (std::size_t i = 0; i < in.boxes.size(); ++i) {
      if (in.classes[i] == c) {
        idx.push_back(i);
        b.push_back(in.boxes[i]);
        s.push_back(in.scores[i]);
      }
    }
    for (auto k : naive_nms(b, s, thr)) keep.push_back(idx[k]);
  }
  std::sort(keep.begin(), keep.end());  // ties by input order, as torchvision's stable sort
  std::stable_sort(keep.begin(), keep.end(), [&](std::size_t x, std::size_t y) { return in.scores[x] > in.scores[y]; });
  return keep;
}

void dump(const std::string& dir, const std::string& name, const input& in) {
  if (dir.empty()) return;
  std::ofstream(dir + "/" + name + ".boxes", std::ios::binary)
      .write(reinterpret_cast<const char*>(in.boxes.data()),
             static_cast<std::streamsize>(in.boxes.size() * sizeof(box)));
  std::ofstream(dir + "/" + name + ".scores", std::ios::binary)
      .write(reinterpret_cast<const char*>(in.scores.data()), static_cast<std::streamsize>(in.scores.size() * 4));
  std::ofstream(dir + "/" + name + ".classes", std::ios::binary)
      .write(reinterpret_cast<const char*>(in.classes.data()), static_cast<std::streamsize>(in.classes.size() * 8));
}

bool g_ok = true;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::printf("MISMATCH: %s\n", what.c_str());
    g_ok = false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string dump_dir;
  for (int k = 1; k < argc; ++k) {
    if (std::strcmp(argv[k], "--quick") == 0)
      quick = true;
    else if (std::strcmp(argv[k], "--dump") == 0 && k + 1 < argc)
      dump_dir = argv[++k];
    else {
      std::printf("usage: bench_geometry [--quick] [--dump DIR]\n");
      return 2;
    }
  }
  const double thr = 0.5;
  // Few runs for the long ones; quick mode keeps everything to a few seconds even under ASan.
  const double min_s = quick ? 0.0 : 0.5;

  em_bench::table nms_table("Greedy NMS, IoU 0.5, detector-like float32 boxes (single thread)");
  struct nms_work {
    const char* name;
    std::size_t n;
    double target_ms;
  };
  std::vector<nms_work> works = {{"nms_1k", 1000, 0.15}, {"nms_10k", 10000, 14}, {"nms_100k", 100000, 1500}};
  if (quick) works = {{"nms_1k", 1000, 0}, {"nms_2k", 2000, 0}};
  for (const auto& w : works) {
    const input in = detector_like(w.n, 80, 1000 + static_cast<unsigned>(w.n));
    dump(dump_dir, w.name, in);
    const bool huge = w.n >= 100000;
    const int runs = huge ? 3 : 5;
    const std::string work = std::string(w.name) + " (" + std::to_string(w.n) + " boxes)";
    nms_workspace<float> ws;
    std::vector<std::size_t> keep;
    const nms_options opt(box_convention::continuous, thr);
    nms_table.add(work, "edgemetrics nms (workspace)",
                  em_bench::measure(
                      [&] {
                        nms(in.boxes, in.scores, opt, ws, keep);
                        benchmark::DoNotOptimize(keep.data());
                      },
                      runs, min_s),
                  w.target_ms);
    for (const auto strategy : {nms_strategy::exhaustive, nms_strategy::spatial_grid}) {
      nms_options forced = opt;
      forced.strategy = strategy;
      std::vector<std::size_t> k2;
      nms_table.add(work,
                    strategy == nms_strategy::exhaustive ? "edgemetrics nms, strategy exhaustive (info)"
                                                         : "edgemetrics nms, strategy spatial_grid (info)",
                    em_bench::measure([&] { nms(in.boxes, in.scores, forced, ws, k2); }, runs, min_s));
      check(k2 == keep, work + ": strategies differ");
    }
    std::vector<std::size_t> ref;
    nms_table.add(work, "straightforward C++ (torchvision's kernel)",
                  em_bench::measure([&] { ref = naive_nms(in.boxes, in.scores, thr); }, huge ? 1 : runs, min_s));
    check(ref == keep, work + ": edgemetrics != straightforward");
    std::printf("%s: kept %zu of %zu\n", work.c_str(), keep.size(), w.n);
#ifdef EDGEMETRICS_BENCH_OPENCV
    std::vector<cv::Rect2d> rects;
    for (const auto& b : in.boxes) rects.emplace_back(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
    std::vector<int> cv_keep;
    nms_table.add(work, "OpenCV cv::dnn::NMSBoxes (Rect2d)",
                  em_bench::measure([&] { cv::dnn::NMSBoxes(rects, in.scores, 0.f, static_cast<float>(thr), cv_keep); },
                                    huge ? 1 : runs, min_s));
    std::printf("%s: OpenCV kept %zu\n", work.c_str(), cv_keep.size());
#endif
  }

  {
    const std::size_t n = quick ? 2000 : 10000;
    const input in = detector_like(n, 80, 77);
    dump(dump_dir, "batched_10k_80", in);
    const std::string work = quick ? "batched (2000 boxes, 80 classes)" : "batched (10000 boxes, 80 classes)";
    nms_workspace<float> ws;
    std::vector<std::size_t> keep;
    const nms_options opt(box_convention::continuous, thr);
    nms_table.add(work, "edgemetrics batched_nms (workspace)",
                  em_bench::measure([&] { batched_nms(in.boxes, in.scores, in.classes, opt, ws, keep); }, 5, min_s),
                  quick ? 0 : 4);
    // The same candidates as a model's N x 6 output (x1, y1, x2, y2, score, class as float), read
    // in place by detection_rows: the cost of taking a raw buffer instead of vectors.
    std::vector<float> raw(n * 6);
    for (std::size_t i = 0; i < n; ++i) {
      float* r = raw.data() + i * 6;
      r[0] = in.boxes[i].x1, r[1] = in.boxes[i].y1, r[2] = in.boxes[i].x2, r[3] = in.boxes[i].y2;
      r[4] = in.scores[i], r[5] = static_cast<float>(in.classes[i]);
    }
    const detection_rows<float> rows(matrix_view<const float>(raw.data(), n, 6), box_layout::corners);
    std::vector<std::size_t> keep_rows;
    nms_table.add(work, "edgemetrics batched_nms from detection_rows (N x 6 float buffer)",
                  em_bench::measure([&] { batched_nms(rows, opt, ws, keep_rows); }, 5, min_s));
    check(keep_rows == keep, work + ": detection_rows != vectors");
    detection_rows<float> centre_rows = rows;
    std::vector<float> raw_c = raw;
    for (std::size_t i = 0; i < n; ++i) {
      const cxcywh_box<float> c = to_cxcywh(in.boxes[i], box_convention::continuous);
      float* r = raw_c.data() + i * 6;
      r[0] = c.cx, r[1] = c.cy, r[2] = c.w, r[3] = c.h;
    }
    centre_rows.data = matrix_view<const float>(raw_c.data(), n, 6);
    centre_rows.layout = box_layout::cxcywh;
    nms_table.add(work, "edgemetrics batched_nms from detection_rows, cxcywh (info)",
                  em_bench::measure([&] { batched_nms(centre_rows, opt, ws, keep_rows); }, 5, min_s));
    std::vector<std::size_t> ref;
    nms_table.add(work, "straightforward C++ (per-class loop)",
                  em_bench::measure([&] { ref = naive_batched(in, thr); }, 5, min_s));
    check(ref == keep, work + ": edgemetrics != straightforward");
    std::printf("%s: kept %zu\n", work.c_str(), keep.size());
#ifdef EDGEMETRICS_BENCH_OPENCV
    std::vector<cv::Rect2d> rects;
    for (const auto& b : in.boxes) rects.emplace_back(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
    nms_table.add(work, "OpenCV NMSBoxes, per-class loop",
                  em_bench::measure(
                      [&] {
                        std::vector<int> all;
                        for (std::int64_t c = 0; c < 80; ++c) {
                          std::vector<cv::Rect2d> r;
                          std::vector<float> s;
                          std::vector<int> idx, k;
                          for (std::size_t i = 0; i < rects.size(); ++i) {
                            if (in.classes[i] == c) {
                              r.push_back(rects[i]);
                              s.push_back(in.scores[i]);
                              idx.push_back(static_cast<int>(i));
                            }
                          }
                          cv::dnn::NMSBoxes(r, s, 0.f, static_cast<float>(thr), k);
                          for (int x : k) all.push_back(idx[static_cast<std::size_t>(x)]);
                        }
                        benchmark::DoNotOptimize(all.data());
                      },
                      5, min_s));
#endif
  }
  nms_table.print();

  // Scaling at constant density: the image grows with N (about 1,000 boxes per 1280x720 area),
  // so the number of boxes that can overlap any one box stays the same.
  em_bench::table scale_table("NMS scaling, IoU 0.5: same image (density grows with N) vs constant density");
  std::vector<std::size_t> scale_n = {1000, 10000, 100000, 1000000};
  if (quick) scale_n = {1000, 4000};
  for (const std::size_t n : scale_n) {
    for (const bool constant_density : {false, true}) {
      if (!constant_density && n > 100000) continue;
      input in = detector_like(n, 1, 4242 + static_cast<unsigned>(n));
      if (constant_density) {
        // Tile copies of 1,000-box images side by side: shift by whole image widths.
        const double side = std::ceil(std::sqrt(static_cast<double>(n) / 1000.0));
        input tile;
        for (std::size_t t = 0; t * 1000 < n; ++t) {
          const input part = detector_like(1000, 1, 4242 + static_cast<unsigned>(t));
          const auto dx = static_cast<float>(1400.0 * std::fmod(static_cast<double>(t), side));
          const auto dy = static_cast<float>(800.0 * std::floor(static_cast<double>(t) / side));
          for (std::size_t i = 0; i < part.boxes.size() && tile.boxes.size() < n; ++i) {
            const box& b = part.boxes[i];
            tile.boxes.push_back({b.x1 + dx, b.y1 + dy, b.x2 + dx, b.y2 + dy});
            tile.scores.push_back(part.scores[i]);
            tile.classes.push_back(0);
          }
        }
        in = std::move(tile);
      }
      const std::string work =
          std::to_string(n) + (constant_density ? " boxes, constant density" : " boxes, one image");
      nms_workspace<float> ws;
      std::vector<std::size_t> keep;
      const nms_options opt(box_convention::continuous, thr);
      scale_table.add(work, "edgemetrics nms (automatic)",
                      em_bench::measure([&] { nms(in.boxes, in.scores, opt, ws, keep); }, n >= 1000000 ? 3 : 5, min_s));
      std::printf("%s: kept %zu\n", work.c_str(), keep.size());
    }
  }
  scale_table.print();

  em_bench::table iou_table("IoU matrix, float32, continuous (output reused unless noted)");
  std::vector<std::size_t> sizes = {1000, 5000};
  if (quick) sizes = {300};
  for (const std::size_t n : sizes) {
    const input a = detector_like(n, 1, 500 + static_cast<unsigned>(n));
    const input b = detector_like(n, 1, 600 + static_cast<unsigned>(n));
    dump(dump_dir, "iou_a_" + std::to_string(n), a);
    dump(dump_dir, "iou_b_" + std::to_string(n), b);
    const std::string work = std::to_string(n) + " x " + std::to_string(n);
    const double target = quick ? 0 : (n == 1000 ? 0.8 : 20);
    pairwise_matrix<float> out;
    pairwise_iou(a.boxes, b.boxes, iou_kind::iou, box_convention::continuous, out);
    iou_table.add(
        work, "edgemetrics pairwise_iou, 1 thread",
        em_bench::measure([&] { pairwise_iou(a.boxes, b.boxes, iou_kind::iou, box_convention::continuous, out); }, 5,
                          min_s),
        target);
    pairwise_options two;
    two.threads = 2;
    iou_table.add(
        work, "edgemetrics pairwise_iou, 2 threads",
        em_bench::measure([&] { pairwise_iou(a.boxes, b.boxes, iou_kind::iou, box_convention::continuous, out, two); },
                          5, min_s),
        target);
    iou_table.add(work, "edgemetrics pairwise_iou, 1 thread, new matrix each call",
                  em_bench::measure(
                      [&] {
                        auto m = pairwise_iou(a.boxes, b.boxes, iou_kind::iou, box_convention::continuous);
                        benchmark::DoNotOptimize(m.data());
                      },
                      5, min_s));
    pairwise_matrix<float> plain(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    iou_table.add(work, "plain C++ loop of iou() into the same matrix",
                  em_bench::measure(
                      [&] {
                        for (std::size_t i = 0; i < n; ++i)
                          for (std::size_t j = 0; j < n; ++j)
                            plain(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                                iou(a.boxes[i], b.boxes[j], box_convention::continuous);
                        benchmark::DoNotOptimize(plain.data());
                      },
                      5, min_s));
    check(plain == out, work + ": pairwise_iou != iou() loop");
    // What iou() was before issue #9: the kernel inlined from the header into this file (so
    // compiled with this file's flags). The row above is the compiled call that replaced it; the
    // difference divided by N^2 is the per-call cost of flag independence.
    auto inline_iou = [](const box& p, const box& q) {
      const float ix1 = p.x1 < q.x1 ? q.x1 : p.x1, iy1 = p.y1 < q.y1 ? q.y1 : p.y1;
      const float ix2 = q.x2 < p.x2 ? q.x2 : p.x2, iy2 = q.y2 < p.y2 ? q.y2 : p.y2;
      float w = ix2 - ix1, h = iy2 - iy1;
      w = w > 0.f ? w : 0.f;
      h = h > 0.f ? h : 0.f;
      const float inter = w * h;
      const float uni = (p.x2 - p.x1) * (p.y2 - p.y1) + (q.x2 - q.x1) * (q.y2 - q.y1) - inter;
      return uni > 0.f ? inter / uni : 0.f;
    };
    iou_table.add(work, "plain C++ loop of an inline copy of the kernel (iou() before issue #9, info)",
                  em_bench::measure(
                      [&] {
                        for (std::size_t i = 0; i < n; ++i)
                          for (std::size_t j = 0; j < n; ++j)
                            plain(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                                inline_iou(a.boxes[i], b.boxes[j]);
                        benchmark::DoNotOptimize(plain.data());
                      },
                      5, min_s));
    pairwise_matrix<float> g;
    iou_table.add(
        work, "edgemetrics pairwise_iou GIoU, 1 thread (info)",
        em_bench::measure([&] { pairwise_iou(a.boxes, b.boxes, iou_kind::giou, box_convention::continuous, g); }, 3,
                          min_s));
  }
  iou_table.print();
  if (!g_ok) {
    std::printf("\nFAILED: results differ (see MISMATCH lines)\n");
    return 1;
  }
  return 0;
}
