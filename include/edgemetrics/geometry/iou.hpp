// Intersection over union. Definitions: docs/conventions.md, section "IoU".
#ifndef EDGEMETRICS_GEOMETRY_IOU_HPP
#define EDGEMETRICS_GEOMETRY_IOU_HPP

#include <edgemetrics/geometry/box.hpp>

namespace edgemetrics {

/// IoU of two boxes under a convention.
///
/// The operation order is that of the references, so results are bit-identical:
/// - continuous: torchvision.ops.box_iou: inter = clamp(min(x2)-max(x1), 0) * clamp(...),
///   union = area(a) + area(b) - inter, iou = inter / union.
/// - pixel_inclusive: VOC devkit / voc_eval.py: iw = min(x2)-max(x1)+1, ih likewise; 0 unless
///   iw > 0 and ih > 0; union = area(a) + area(b) - iw*ih; iou = iw*ih / union.
/// A union that is not positive (zero-area boxes) gives 0, never NaN.
template <class T>
[[nodiscard]] constexpr T iou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  const T ix1 = a.x1 > b.x1 ? a.x1 : b.x1;
  const T iy1 = a.y1 > b.y1 ? a.y1 : b.y1;
  const T ix2 = a.x2 < b.x2 ? a.x2 : b.x2;
  const T iy2 = a.y2 < b.y2 ? a.y2 : b.y2;
  T iw = ix2 - ix1;
  T ih = iy2 - iy1;
  if (c == box_convention::pixel_inclusive) {
    iw += T(1);
    ih += T(1);
  }
  if (!(iw > T(0)) || !(ih > T(0))) return T(0);
  const T inter = iw * ih;
  const T uni = area(a, c) + area(b, c) - inter;
  return uni > T(0) ? inter / uni : T(0);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_IOU_HPP
