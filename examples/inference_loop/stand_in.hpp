// The stand-ins of the inference_loop example: a data set (the "camera") and a detector (the
// "TensorRT engine"). An app on a Jetson replaces both; everything in main.cpp stays.
#ifndef EDGEMETRICS_EXAMPLE_INFERENCE_LOOP_STAND_IN_HPP
#define EDGEMETRICS_EXAMPLE_INFERENCE_LOOP_STAND_IN_HPP

#include <edgemetrics/detection/voc.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace stand_in {

/// An evaluation set in memory: class names and the ground truth of each image.
struct data_set {
  std::string source;  ///< "synthetic (seed 2026)" or the VOC folder
  std::vector<std::string> class_names;
  std::vector<std::vector<edgemetrics::voc_object>> images;
  int width = 640, height = 480;  ///< where the false positives are drawn
};

/// A seeded synthetic set: 1-4 objects of 3 classes per 640 x 480 image, 10 % difficult.
data_set synthetic_set(std::size_t images, std::uint32_t seed);

/// The ground truth of a VOCdevkit folder: DEVKIT/VOC<year>/ImageSets/Main/<image_set>.txt and
/// the Annotations/*.xml it lists, the 20 VOC classes. Throws edgemetrics::parse_error.
data_set voc_set(const std::string& devkit, const std::string& year = "2007", const std::string& image_set = "test");

/// How the stand-in engine behaves.
struct detector_options {
  std::size_t rows = 1000;    ///< output rows per image (a fixed-size output binding)
  double latency_ms = 12;     ///< mean latency of one batch
  double jitter_ms = 3;       ///< its standard deviation (lognormal: a long right tail)
  bool busy_wait = true;      ///< spin while "the GPU works" (cudaStreamSynchronize does by default)
  std::uint32_t seed = 2026;  ///< the detections' seed (they are the same on every platform)
};

/// Rows of the output: x1, y1, x2, y2, score, class (the class as a float holding a whole number).
inline constexpr std::size_t columns = 6;

/// The stand-in engine: ground truth perturbed with noise, in a raw output buffer.
class detector {
 public:
  /// Detects the objects of `set` (its class count and image size).
  detector(detector_options options, const data_set& set);

  /// "Runs" a batch: writes images.size() x rows x 6 floats to `output` (the host copy of the
  /// output binding, batch dimension first) and takes as long as the latency model says, from
  /// the call to the return. Per object: missed 10 %; else three jittered copies (NMS keeps
  /// one), 10 % with a confused class. The other rows: background, rarely above 0.25.
  void infer(const std::vector<edgemetrics::voc_object>* images, std::size_t batch, float* output);

  [[nodiscard]] const detector_options& options() const noexcept { return options_; }

 private:
  // std::mt19937's sequence is fixed by the standard, the standard distributions are not: the
  // detections are drawn from integers here (whole-pixel offsets, scores in steps of 1/1000), so
  // they are the same with every compiler and library. One draw per statement: the evaluation
  // order of function arguments is unspecified.
  int between(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<std::uint32_t>(hi - lo + 1)); }
  float score(int lo, int hi) { return static_cast<float>(between(lo, hi)) / 1000.0f; }
  bool one_in(int n) { return between(1, n) == 1; }
  void image(const std::vector<edgemetrics::voc_object>& truth, float* out);

  detector_options options_;
  int width_, height_, classes_;
  std::mt19937 rng_;
  std::mt19937_64 latency_rng_;  // the latency draws vary by platform, as latencies do anyway
  std::lognormal_distribution<double> latency_;
};

/// What the app runs on: the device-tree model on a Jetson ("NVIDIA Jetson Orin Nano ..."),
/// else "Linux <machine>".
std::string device_name();

}  // namespace stand_in

#endif  // EDGEMETRICS_EXAMPLE_INFERENCE_LOOP_STAND_IN_HPP
