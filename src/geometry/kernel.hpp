// Internal (src/geometry only): THE exact kernels of the IoU family. Every result of the
// geometry area -- iou(), giou(), diou(), ciou(), the pairwise_iou() matrices and every NMS
// strategy -- is computed by these functions and only by them, in the operation order of the
// references (torchvision's box_iou / generalized_box_iou / distance_box_iou /
// complete_box_iou / nms kernels; the VOC devkit for the pixel-inclusive convention).
//
// Flag independence: this header is included only by files of src/geometry, which the library
// compiles with -ffp-contract=off (src/CMakeLists.txt). No consumer's translation unit ever
// compiles this arithmetic, so a consumer's flags (GCC on aarch64 fuses a*b+c into FMA by
// default) cannot change a bit of any result. The public pairwise functions of
// <edgemetrics/geometry/iou.hpp> are thin inline forwarders to compiled code (src/geometry/iou.cpp).
//
// Selects, not branches: the min/max/clamp are written as `p ? x : y` so that the loops that
// inline them (matrix rows, NMS passes) vectorise. NaN: the public functions never pass a
// non-finite coordinate here (the pairwise functions return NaN first, the matrix and the NMS
// functions reject such boxes), so the NaN behaviour of the selects is never observable.
#ifndef EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP
#define EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP

#include <edgemetrics/geometry/box.hpp>

#include <cmath>

namespace edgemetrics::detail {

/// Intersection area of a fixed box f and another box o: clamp(min(x2) - max(x1) [+1], 0) times
/// the same for y; +1 under the pixel-inclusive convention. max(x1) is `f < o ? o : f`, the
/// lane operation of SSE's max_ps(o, f) (see the streaming kernel of iou_matrix.cpp).
template <bool PixelInclusive, class T>
inline T clamped_intersection(T fx1, T fy1, T fx2, T fy2, T ox1, T oy1, T ox2, T oy2) noexcept {
  const T ix1 = fx1 < ox1 ? ox1 : fx1;
  const T iy1 = fy1 < oy1 ? oy1 : fy1;
  const T ix2 = ox2 < fx2 ? ox2 : fx2;
  const T iy2 = oy2 < fy2 ? oy2 : fy2;
  T w = ix2 - ix1;
  T h = iy2 - iy1;
  if constexpr (PixelInclusive) {
    w += T(1);
    h += T(1);
  }
  w = w > T(0) ? w : T(0);
  h = h > T(0) ? h : T(0);
  return w * h;
}

/// Union of two boxes of areas area_a and area_b with intersection `inter`: area_a + area_b - inter
/// (torchvision's order: the two areas are added first).
template <class T>
inline T union_area(T area_a, T area_b, T inter) noexcept {
  return area_a + area_b - inter;
}

/// IoU from intersection and union; a union that is not positive (two zero-area boxes) gives 0.
template <class T>
inline T iou_ratio(T inter, T uni) noexcept {
  const T q = inter / uni;
  return uni > T(0) ? q : T(0);
}

/// NMS's overlap: inter / union without the zero-union select (0 / 0 = NaN never suppresses, as in
/// torchvision's nms kernel).
template <class T>
inline T nms_overlap(T inter, T uni) noexcept {
  return inter / uni;
}

template <bool PixelInclusive, class T>
inline T intersection(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  return clamped_intersection<PixelInclusive>(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1, b.x2, b.y2);
}

/// IoU of two boxes (the definition: iou() and every matrix entry).
template <bool PixelInclusive, class T>
inline T iou_kernel(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  constexpr box_convention c = PixelInclusive ? box_convention::pixel_inclusive : box_convention::continuous;
  const T inter = intersection<PixelInclusive>(a, b);
  return iou_ratio(inter, union_area(area(a, c), area(b, c), inter));
}

/// Width and height of the smallest enclosing box (clamped at 0).
template <bool PixelInclusive, class T>
inline void enclosing(const corner_box<T>& a, const corner_box<T>& b, T& w, T& h) noexcept {
  const T one = PixelInclusive ? T(1) : T(0);
  const T ex1 = a.x1 < b.x1 ? a.x1 : b.x1;
  const T ey1 = a.y1 < b.y1 ? a.y1 : b.y1;
  const T ex2 = a.x2 < b.x2 ? b.x2 : a.x2;
  const T ey2 = a.y2 < b.y2 ? b.y2 : a.y2;
  w = ex2 - ex1 + one;
  h = ey2 - ey1 + one;
  w = w > T(0) ? w : T(0);
  h = h > T(0) ? h : T(0);
}

/// GIoU: iou - (enclosing - union) / enclosing; an enclosing box of zero area gives iou.
template <bool PixelInclusive, class T>
inline T giou_kernel(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  constexpr box_convention c = PixelInclusive ? box_convention::pixel_inclusive : box_convention::continuous;
  const T inter = intersection<PixelInclusive>(a, b);
  const T uni = union_area(area(a, c), area(b, c), inter);
  const T v = iou_ratio(inter, uni);
  T ew{}, eh{};
  enclosing<PixelInclusive>(a, b, ew, eh);
  const T enc = ew * eh;
  return enc > T(0) ? v - (enc - uni) / enc : v;
}

/// torchvision's eps for DIoU and CIoU (1e-7, rounded to T).
template <class T>
inline constexpr T iou_eps = static_cast<T>(1e-7);

/// 4 / pi^2 as torchvision computes it (in double, then rounded to T).
template <class T>
inline constexpr T ciou_factor = static_cast<T>(4.0 / (3.141592653589793 * 3.141592653589793));

/// DIoU penalty: squared centre distance over squared enclosing diagonal (+ eps).
template <bool PixelInclusive, class T>
inline T diou_penalty(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  T ew{}, eh{};
  enclosing<PixelInclusive>(a, b, ew, eh);
  const T diag2 = ew * ew + eh * eh + iou_eps<T>;
  const T dx = (a.x1 + a.x2) / T(2) - (b.x1 + b.x2) / T(2);
  const T dy = (a.y1 + a.y2) / T(2) - (b.y1 + b.y2) / T(2);
  return (dx * dx + dy * dy) / diag2;
}

/// DIoU: iou - penalty.
template <bool PixelInclusive, class T>
inline T diou_kernel(const corner_box<T>& a, const corner_box<T>& b) noexcept {
  return iou_kernel<PixelInclusive>(a, b) - diou_penalty<PixelInclusive>(a, b);
}

/// atan(w / h) of a box for the CIoU aspect term; 0 when w = h = 0 (torchvision: NaN).
template <class T>
inline T aspect_atan(const corner_box<T>& b, box_convention c) noexcept {
  const T w = width(b, c);
  const T h = height(b, c);
  if (w == T(0) && h == T(0)) return T(0);
  return std::atan(w / h);
}

/// CIoU with the per-box aspect terms precomputed (the matrix computes them once per box).
template <bool PixelInclusive, class T>
inline T ciou_kernel(const corner_box<T>& a, const corner_box<T>& b, T atan_a, T atan_b) noexcept {
  const T v_iou = iou_kernel<PixelInclusive>(a, b);
  const T d = v_iou - diou_penalty<PixelInclusive>(a, b);
  const T diff = atan_a - atan_b;
  const T v = ciou_factor<T> * (diff * diff);
  const T alpha = v / (T(1) - v_iou + v + iou_eps<T>);
  return d - alpha * v;
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP
