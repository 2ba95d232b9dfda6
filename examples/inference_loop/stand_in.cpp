// The stand-ins of the inference_loop example (see stand_in.hpp).
#include "stand_in.hpp"

#include <edgemetrics/io/voc.hpp>

#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iterator>
#include <thread>

namespace em = edgemetrics;

namespace stand_in {

data_set synthetic_set(std::size_t images, std::uint32_t seed) {
  data_set set;
  set.source = "synthetic (seed " + std::to_string(seed) + ")";
  set.class_names = {"car", "person", "bicycle"};
  std::mt19937 rng(seed);
  auto between = [&rng](int lo, int hi) {
    return lo + static_cast<int>(rng() % static_cast<std::uint32_t>(hi - lo + 1));
  };
  set.images.resize(images);
  for (std::vector<em::voc_object>& truth : set.images) {
    for (int n = between(1, 4); n > 0; --n) {
      const int w = between(40, 200), h = between(40, 200), cls = between(0, 2);
      const int x = between(0, set.width - w), y = between(0, set.height - h);
      const bool difficult = between(1, 10) == 1;
      // VOC boxes are pixel-inclusive: a w-pixel wide box spans x .. x + w - 1.
      truth.push_back(
          {static_cast<std::uint32_t>(cls), {double(x), double(y), double(x + w - 1), double(y + h - 1)}, difficult});
    }
  }
  return set;
}

data_set voc_set(const std::string& devkit, const std::string& year, const std::string& image_set) {
  data_set set;
  set.source = devkit;
  set.class_names = em::voc_class_names();
  set.width = 500, set.height = 375;  // the usual VOC image size
  const std::string dir = devkit + "/VOC" + year;
  for (const std::string& id : em::read_voc_image_set(dir + "/ImageSets/Main/" + image_set + ".txt")) {
    set.images.emplace_back();
    em::read_voc_annotation(dir + "/Annotations/" + id + ".xml", set.class_names, set.images.back());
  }
  return set;
}

namespace {
// Lognormal parameters of a given mean and standard deviation.
std::lognormal_distribution<double> lognormal(double mean, double sd) {
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  return std::lognormal_distribution<double>(std::log(mean) - s2 / 2, std::sqrt(s2));
}
}  // namespace

detector::detector(detector_options options, const data_set& set)
    : options_(options),
      width_(set.width),
      height_(set.height),
      classes_(static_cast<int>(set.class_names.size())),
      rng_(options.seed),
      latency_rng_(options.seed),
      latency_(lognormal(options.latency_ms, std::max(options.jitter_ms, 1e-9))) {}

void detector::image(const std::vector<em::voc_object>& truth, float* out) {
  std::size_t row = 0;
  auto emit = [&](double x1, double y1, double x2, double y2, float s, int cls) {
    if (row == options_.rows) return;  // a full output binding: the rest is lost, as with an engine
    float* r = out + row++ * columns;
    r[0] = float(x1), r[1] = float(y1), r[2] = float(x2), r[3] = float(y2), r[4] = s, r[5] = float(cls);
  };
  for (const em::voc_object& o : truth) {
    if (one_in(10)) continue;  // the detector misses 10 % of the objects
    const int jx = static_cast<int>(o.box.x2 - o.box.x1) / 10, jy = static_cast<int>(o.box.y2 - o.box.y1) / 10;
    for (int copy = 0; copy < 3; ++copy) {  // three jittered copies, of which NMS keeps one
      const int dx1 = between(-jx, jx), dy1 = between(-jy, jy), dx2 = between(-jx, jx), dy2 = between(-jy, jy);
      const float s = copy == 0 ? score(600, 990) : score(300, 900);
      const int c = one_in(10) ? between(0, classes_ - 1) : int(o.class_id);  // 10 % confused
      emit(o.box.x1 + dx1, o.box.y1 + dy1, o.box.x2 + dx2, o.box.y2 + dy2, s, c);
    }
  }
  while (row < options_.rows) {  // background boxes, nearly all below the score threshold
    const int w = between(8, 128), h = between(8, 128);
    const int x = between(0, width_ - w), y = between(0, height_ - h);
    const float s = one_in(250) ? score(250, 700) : score(0, 200);
    const int c = between(0, classes_ - 1);
    emit(x, y, x + w - 1, y + h - 1, s, c);
  }
}

void detector::infer(const std::vector<em::voc_object>* images, std::size_t batch, float* output) {
  using clock = std::chrono::steady_clock;
  const clock::time_point start = clock::now();
  const double ms = options_.jitter_ms > 0 ? latency_(latency_rng_) : options_.latency_ms;
  for (std::size_t b = 0; b < batch; ++b) image(images[b], output + b * options_.rows * columns);
  const clock::time_point done =
      start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double, std::milli>(ms));
  if (options_.busy_wait) {
    while (clock::now() < done) {
    }
  } else {
    std::this_thread::sleep_until(done);
  }
}

std::string device_name() {
  std::ifstream model("/proc/device-tree/model");  // "NVIDIA Jetson AGX Orin Developer Kit\0"
  std::string name((std::istreambuf_iterator<char>(model)), std::istreambuf_iterator<char>());
  name.erase(std::find(name.begin(), name.end(), '\0'), name.end());
  if (!name.empty()) return name;
  utsname u{};
  return uname(&u) == 0 ? std::string("Linux ") + u.machine : std::string("unknown");
}

}  // namespace stand_in
