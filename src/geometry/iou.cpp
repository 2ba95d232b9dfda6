// The public pairwise IoU-family functions, compiled here (with -ffp-contract=off, like the
// whole core library) so that no exact arithmetic is compiled in a consumer's translation unit.
// Each is the one kernel of kernel.hpp, which the matrices and NMS use too.
#include <edgemetrics/geometry/iou.hpp>

#include "kernel.hpp"

#include <cmath>
#include <limits>

namespace edgemetrics::detail {
namespace {

// True when every coordinate is finite: v - v is 0 for a finite v and NaN for NaN or infinity.
template <class T>
bool finite_pair(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  const T z = (a.x1 - a.x1) + (a.y1 - a.y1) + (a.x2 - a.x2) + (a.y2 - a.y2) + (b.x1 - b.x1) + (b.y1 - b.y1) +
              (b.x2 - b.x2) + (b.y2 - b.y2);
  return z == T(0);
}

template <class T>
T iou_of(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  if (!finite_pair(a, b)) return std::numeric_limits<T>::quiet_NaN();
  return c == box_convention::pixel_inclusive ? iou_kernel<true>(a, b) : iou_kernel<false>(a, b);
}

template <class T>
T giou_of(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  if (!finite_pair(a, b)) return std::numeric_limits<T>::quiet_NaN();
  return c == box_convention::pixel_inclusive ? giou_kernel<true>(a, b) : giou_kernel<false>(a, b);
}

template <class T>
T diou_of(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  if (!finite_pair(a, b)) return std::numeric_limits<T>::quiet_NaN();
  return c == box_convention::pixel_inclusive ? diou_kernel<true>(a, b) : diou_kernel<false>(a, b);
}

template <class T>
T ciou_of(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  if (!finite_pair(a, b)) return std::numeric_limits<T>::quiet_NaN();
  const T ta = aspect_atan(a, c), tb = aspect_atan(b, c);
  return c == box_convention::pixel_inclusive ? ciou_kernel<true>(a, b, ta, tb) : ciou_kernel<false>(a, b, ta, tb);
}

}  // namespace

float iou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept {
  return iou_of(a, b, c);
}
double iou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept {
  return iou_of(a, b, c);
}
float giou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept {
  return giou_of(a, b, c);
}
double giou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept {
  return giou_of(a, b, c);
}
float diou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept {
  return diou_of(a, b, c);
}
double diou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept {
  return diou_of(a, b, c);
}
float ciou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept {
  return ciou_of(a, b, c);
}
double ciou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept {
  return ciou_of(a, b, c);
}

}  // namespace edgemetrics::detail
