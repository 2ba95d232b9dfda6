// inference_loop: the post-processing path of a detector app, as it runs on a Jetson.
//
//   raw output buffer -> decode -> class-aware NMS -> streaming VOC evaluator
//                                 \-> latency recorder -> budget verdict
//
// A seeded stand-in replaces the camera and the TensorRT engine, so the program runs anywhere
// and prints the same detections and mAP on every platform. Usage: inference_loop [--frames N]
#include <edgemetrics/detection/voc.hpp>
#include <edgemetrics/geometry/nms.hpp>
#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/verdict.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

constexpr std::size_t kRows = 1000;  // output rows per frame, as a TensorRT engine's fixed-size output
constexpr std::size_t kCols = 6;     // x1, y1, x2, y2, score, class
constexpr int kWidth = 640, kHeight = 480, kClasses = 3;

// Stand-in for camera + engine. std::mt19937's sequence is fixed by the standard, but the
// standard distributions are not, so every draw is coded here from integers: coordinates are
// whole pixels and scores multiples of 1/1000, exact in float on every platform.
class stand_in_detector {
 public:
  int between(int lo, int hi) {  // lo .. hi inclusive (the tiny modulo bias does not matter here)
    return lo + static_cast<int>(rng_() % static_cast<std::uint32_t>(hi - lo + 1));
  }
  float score(int lo, int hi) { return static_cast<float>(between(lo, hi)) / 1000.0f; }  // lo/1000 .. hi/1000
  bool one_in(int n) { return between(1, n) == 1; }

  // One frame: 1-4 ground-truth objects and the engine's raw output for them.
  void next_frame(std::vector<em::voc_object>& truth, std::vector<float>& out) {
    truth.clear();
    std::size_t row = 0;
    auto emit = [&](int x1, int y1, int x2, int y2, float s, int cls) {
      float* r = &out[row++ * kCols];
      const float values[kCols] = {float(x1), float(y1), float(x2), float(y2), s, float(cls)};
      std::copy(values, values + kCols, r);
    };
    for (int n = between(1, 4); n > 0; --n) {
      const int w = between(40, 200), h = between(40, 200), cls = between(0, kClasses - 1);
      const int x = between(0, kWidth - w), y = between(0, kHeight - h);
      // VOC boxes are pixel-inclusive: a w-pixel wide box spans x .. x + w - 1. 10 % are 'difficult'.
      truth.push_back(
          {static_cast<std::uint32_t>(cls), {double(x), double(y), double(x + w - 1), double(y + h - 1)}, one_in(10)});
      if (one_in(10)) continue;               // the detector misses 10 % of the objects
      for (int copy = 0; copy < 3; ++copy) {  // three jittered copies, of which NMS keeps one
        // One draw per statement: the order in which function arguments are evaluated is
        // unspecified, and GCC and Clang differ.
        const int jx = w / 10, jy = h / 10;
        const int x1 = x + between(-jx, jx), y1 = y + between(-jy, jy);
        const int x2 = x + w - 1 + between(-jx, jx), y2 = y + h - 1 + between(-jy, jy);
        const float s = copy == 0 ? score(600, 990) : score(300, 900);
        const int c = one_in(10) ? between(0, kClasses - 1) : cls;  // 10 % confused classes
        emit(x1, y1, x2, y2, s, c);
      }
    }
    while (row < kRows) {  // the rest: background boxes, nearly all below the score threshold
      const int w = between(8, 128), h = between(8, 128), x = between(0, kWidth - w), y = between(0, kHeight - h);
      const float s = one_in(250) ? score(250, 700) : score(0, 200);
      const int c = between(0, kClasses - 1);
      emit(x, y, x + w - 1, y + h - 1, s, c);
    }
  }

 private:
  std::mt19937 rng_{2026};
};

}  // namespace

int main(int argc, char** argv) {
  constexpr std::size_t kWarmup = 10;           // the first frames fill caches and buffers: not timed
  constexpr std::size_t kMaxFrames = 10000000;  // a range, so that a typo cannot exhaust memory
  std::size_t frames = 200;
  char* end = nullptr;
  errno = 0;
  if (argc == 3 && std::strcmp(argv[1], "--frames") == 0 && argv[2][0] >= '0' && argv[2][0] <= '9')
    frames = std::strtoul(argv[2], &end, 10);
  if ((argc != 1 && (end == nullptr || *end != '\0' || errno == ERANGE)) || frames <= kWarmup || frames > kMaxFrames) {
    std::fprintf(stderr, "usage: inference_loop [--frames N]   (%zu < N <= %zu, default 200)\n", kWarmup, kMaxFrames);
    return 2;
  }

  // Everything the loop needs is created once, before the first frame. Once warm, the timed
  // post-processing (decode + NMS) allocates nothing; the evaluator grows by one record per
  // kept detection, by design (it must remember every detection to rank them at the end).
  stand_in_detector detector;
  std::vector<float> output(kRows * kCols);  // host copy of the engine's output binding
  std::vector<em::voc_object> truth;
  std::vector<em::corner_box<float>> boxes;  // decoded candidates (cleared per frame, capacity kept)
  std::vector<float> scores;
  std::vector<int> labels;
  em::nms_workspace<float> workspace;  // NMS scratch: reused, so NMS allocates only while warming up
  std::vector<std::size_t> keep;       // NMS output: reused the same way
  std::vector<em::voc_detection> detections;

  // VOC boxes are pixel-inclusive; NMS uses the same convention so both agree on what IoU means.
  em::nms_options nms(em::box_convention::pixel_inclusive, 0.45);
  nms.max_detections = 100;
  const float score_threshold = 0.25f;
  em::voc_evaluator evaluator({"car", "person", "bicycle"});  // VOC devkit conventions
  em::latency_recorder recorder;                              // exact: keeps every sample
  recorder.reserve(frames);
  recorder.set_warmup(em::warmup::by_count(kWarmup));
  std::size_t decoded_total = 0, kept_total = 0, objects_total = 0;

  for (std::size_t frame = 0; frame < frames; ++frame) {
    detector.next_frame(truth, output);
    // With TensorRT: context->enqueueV3(stream); cudaMemcpyAsync(output.data(), device_output, ...);
    // cudaStreamSynchronize(stream); then `raw` below points at the host copy of the output.
    const float* raw = output.data();
    {
      em::scoped_timer timer(recorder);  // times decode + NMS: the per-frame post-processing
      // Decode: nms() takes vectors of boxes, scores and labels, so the rows above the score
      // threshold are copied out of the flat buffer (clear() keeps the capacity: no allocation).
      boxes.clear(), scores.clear(), labels.clear();
      for (std::size_t i = 0; i < kRows; ++i) {
        const float* r = raw + i * kCols;
        if (!(r[4] > score_threshold)) continue;
        boxes.push_back({r[0], r[1], r[2], r[3]});
        scores.push_back(r[4]);
        labels.push_back(static_cast<int>(r[5]));
      }
      // Class-aware NMS: a box suppresses only boxes of its own class.
      em::batched_nms(boxes, scores, labels, nms, workspace, keep);
    }
    // Evaluation is not part of the deployed path, so it stays outside the timer. The evaluator
    // takes double boxes and uint32 class ids: the kept detections are converted.
    detections.clear();
    for (const std::size_t i : keep) {
      detections.push_back(
          {static_cast<std::uint32_t>(labels[i]), static_cast<double>(scores[i]), em::box_cast<double>(boxes[i])});
    }
    evaluator.update(detections, truth);  // keeps one (score, outcome) pair per detection
    decoded_total += boxes.size(), kept_total += keep.size(), objects_total += truth.size();
  }

  // Accuracy: VOC mAP over all frames (the evaluator can be computed at any time).
  const em::voc_result voc = evaluator.compute(em::voc_curves::none);
  std::printf("frames: %zu, raw rows: %zu, decoded (score > %.2f): %zu, kept after NMS: %zu, objects: %zu\n", frames,
              frames * kRows, static_cast<double>(score_threshold), decoded_total, kept_total, objects_total);
  std::printf("mAP VOC07 11-point: %.4f, VOC10 all-point: %.4f\n", voc.map_voc07, voc.map_voc10);
  for (const em::voc_class_result& c : voc.classes) {
    std::printf("  %-8s AP %.4f (%zu TP, %zu FP, %zu objects)\n", c.name.c_str(), c.ap_voc10, c.true_positives,
                c.false_positives, c.npos);
  }

  // Speed: summary of the post-processing latency, then the verdict against a 5 ms budget.
  const em::latency_summary s = recorder.summary();
  std::printf("post-processing latency (%zu frames after %llu warm-up): mean %.4f ms, p50 %.4f ms, p99 %.4f ms\n",
              s.count, static_cast<unsigned long long>(s.warmup_excluded), s.mean_ms, s.median_ms,
              s.percentile_ms(99.0));
  // The verdict straight from the recorder: it converts its nanoseconds to ms itself (once, as
  // ns / 1e6), in exact mode as here and in bounded (histogram) mode alike.
  em::budget_options budget;
  budget.budget_ms = 5.0;
  budget.percentile = 99.0;
  const em::budget_verdict v = em::check_budget(recorder, budget);
  std::printf("budget %.1f ms at p%.0f: %s (%zu of %zu frames over)\n", v.budget_ms, v.percentile,
              v.met ? "met" : "MISSED", v.misses, v.count);
  // MLPerf LoadGen's early stopping: how sure the p99 claim is, once there are enough frames.
  // (early_stopping is empty only at p0 and p100, where it is not defined.)
  if (v.early_stopping && v.early_stopping->enough) {
    std::printf("  early-stopping p99 estimate %.4f ms; budget met at 99 %% confidence: %s\n",
                v.early_stopping->estimate_ms, v.met_with_confidence ? "yes" : "no");
  } else if (v.early_stopping) {
    std::printf("  (for a p99 claim at 99 %% confidence run at least %llu frames)\n",
                static_cast<unsigned long long>(v.early_stopping->min_queries));
  }
  return 0;
}
