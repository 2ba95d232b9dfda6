// Greedy matching (protocol-neutral): see <edgemetrics/detection/matching.hpp>.
#include <edgemetrics/detection/matching.hpp>
#include <edgemetrics/geometry/iou.hpp>

#include <cstddef>
#include <limits>

namespace edgemetrics {

match_outcome greedy_match(const corner_box<double>& det, span<const corner_box<double>> objects,
                           span<const std::uint8_t> ignore, span<std::uint8_t> taken, const match_options& o) noexcept {
  // devkit: first maximum in object order; only overlapping objects are candidates (IoU > 0).
  // The IoU is geometry's (the devkit's / torchvision's operation order for the convention).
  const std::size_t m = objects.size();
  double ovmax = -std::numeric_limits<double>::infinity();
  std::size_t jmax = m;
  for (std::size_t j = 0; j < m; ++j) {
    const double ov = iou(det, objects[j], o.convention);
    if (ov > 0 && ov > ovmax) {
      ovmax = ov;
      jmax = j;
    }
  }
  const bool pass = o.comparison == iou_comparison::greater_equal ? ovmax >= o.iou_threshold : ovmax > o.iou_threshold;
  if (jmax == m || !pass) return match_outcome::false_positive;
  if (ignore[jmax] != 0) return match_outcome::ignored;
  if (taken[jmax] != 0) return match_outcome::false_positive;
  taken[jmax] = 1;
  return match_outcome::true_positive;
}

std::size_t coco_match(span<const double> ious, span<const std::uint8_t> ignore, span<const std::uint8_t> crowd,
                       span<std::uint8_t> taken, double threshold) noexcept {
  // cocoeval.py evaluateImg: iou = min([t, 1-1e-10]); m = -1; for each gt ...
  const std::size_t g = ious.size();
  double best = threshold < 1 - 1e-10 ? threshold : 1 - 1e-10;
  std::size_t m = g;
  for (std::size_t j = 0; j < g; ++j) {
    if (taken[j] != 0 && crowd[j] == 0) continue;
    if (m != g && ignore[m] == 0 && ignore[j] != 0) break;
    if (ious[j] < best) continue;
    best = ious[j];
    m = j;
  }
  if (m != g) taken[m] = 1;
  return m;
}

}  // namespace edgemetrics
