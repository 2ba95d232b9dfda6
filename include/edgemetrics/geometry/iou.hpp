// Intersection over union. Definitions: docs/conventions.md, section "IoU".
#ifndef EDGEMETRICS_GEOMETRY_IOU_HPP
#define EDGEMETRICS_GEOMETRY_IOU_HPP

#include <edgemetrics/geometry/box.hpp>

#include <array>
#include <cmath>
#include <string_view>

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

/// The members of the IoU family (docs/conventions.md, section "IoU").
enum class iou_kind {
  iou,   ///< intersection over union
  giou,  ///< generalized IoU (Rezatofighi et al. 2019), torchvision generalized_box_iou
  diou,  ///< distance IoU (Zheng et al. 2020), torchvision distance_box_iou (eps = 1e-7)
  ciou,  ///< complete IoU (Zheng et al. 2020), torchvision complete_box_iou (eps = 1e-7)
};

template <>
struct detail::enum_traits<iou_kind> {
  static constexpr std::string_view type_name = "iou_kind";
  static constexpr std::array<detail::enum_name<iou_kind>, 4> names{{
      {iou_kind::iou, "iou"},
      {iou_kind::giou, "giou"},
      {iou_kind::diou, "diou"},
      {iou_kind::ciou, "ciou"},
  }};
};
/// "iou", "giou", "diou", "ciou".
[[nodiscard]] constexpr std::string_view to_string(iou_kind e) noexcept { return detail::enum_to_string(e); }
/// The iou_kind named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline iou_kind parse_iou_kind(std::string_view name) { return detail::enum_from_string<iou_kind>(name); }

namespace detail {

/// Intersection and union in torchvision's operation order (see iou()): inter is
/// clamp(iw, 0) * clamp(ih, 0) and uni = area(a) + area(b) - inter.
template <class T>
struct inter_union {
  T inter, uni;
};

template <class T>
[[nodiscard]] constexpr inter_union<T> intersect(const corner_box<T>& a, const corner_box<T>& b,
                                                 box_convention c) noexcept {
  const T one = c == box_convention::pixel_inclusive ? T(1) : T(0);
  const T ix1 = a.x1 < b.x1 ? b.x1 : a.x1;
  const T iy1 = a.y1 < b.y1 ? b.y1 : a.y1;
  const T ix2 = b.x2 < a.x2 ? b.x2 : a.x2;
  const T iy2 = b.y2 < a.y2 ? b.y2 : a.y2;
  T iw = ix2 - ix1 + one;
  T ih = iy2 - iy1 + one;
  iw = iw > T(0) ? iw : T(0);
  ih = ih > T(0) ? ih : T(0);
  const T inter = iw * ih;
  return {inter, area(a, c) + area(b, c) - inter};
}

/// IoU from intersection and union; a union that is not positive gives 0.
template <class T>
[[nodiscard]] constexpr T safe_iou(T inter, T uni) noexcept {
  return uni > T(0) ? inter / uni : T(0);
}

/// Width and height of the smallest enclosing box.
template <class T>
constexpr void enclosing(const corner_box<T>& a, const corner_box<T>& b, box_convention c, T& w, T& h) noexcept {
  const T one = c == box_convention::pixel_inclusive ? T(1) : T(0);
  const T ex1 = a.x1 < b.x1 ? a.x1 : b.x1;
  const T ey1 = a.y1 < b.y1 ? a.y1 : b.y1;
  const T ex2 = a.x2 < b.x2 ? b.x2 : a.x2;
  const T ey2 = a.y2 < b.y2 ? b.y2 : a.y2;
  w = ex2 - ex1 + one;
  h = ey2 - ey1 + one;
  w = w > T(0) ? w : T(0);
  h = h > T(0) ? h : T(0);
}

/// torchvision's eps for DIoU and CIoU (1e-7, rounded to T).
template <class T>
inline constexpr T iou_eps = static_cast<T>(1e-7);

/// 4 / pi^2 as torchvision computes it (in double, then rounded to T).
template <class T>
inline constexpr T ciou_factor = static_cast<T>(4.0 / (3.141592653589793 * 3.141592653589793));

/// atan(w / h) of a box for the CIoU aspect term; 0 when w = h = 0 (torchvision: NaN).
template <class T>
[[nodiscard]] T aspect_atan(const corner_box<T>& b, box_convention c) noexcept {
  const T w = width(b, c);
  const T h = height(b, c);
  if (w == T(0) && h == T(0)) return T(0);
  return std::atan(w / h);
}

/// DIoU penalty: squared centre distance over squared enclosing diagonal (+ eps).
template <class T>
[[nodiscard]] constexpr T diou_penalty(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  T ew{}, eh{};
  enclosing(a, b, c, ew, eh);
  const T diag2 = ew * ew + eh * eh + iou_eps<T>;
  const T dx = (a.x1 + a.x2) / T(2) - (b.x1 + b.x2) / T(2);
  const T dy = (a.y1 + a.y2) / T(2) - (b.y1 + b.y2) / T(2);
  return (dx * dx + dy * dy) / diag2;
}

/// CIoU with the per-box aspect terms precomputed (the matrix kernel computes them once).
template <class T>
[[nodiscard]] constexpr T ciou_from_atan(const corner_box<T>& a, const corner_box<T>& b, box_convention c, T atan_a,
                                         T atan_b) noexcept {
  const auto iu = intersect(a, b, c);
  const T v_iou = safe_iou(iu.inter, iu.uni);
  const T d = v_iou - diou_penalty(a, b, c);
  const T diff = atan_a - atan_b;
  const T v = ciou_factor<T> * (diff * diff);
  const T alpha = v / (T(1) - v_iou + v + iou_eps<T>);
  return d - alpha * v;
}

}  // namespace detail

/// Generalized IoU: iou - (enclosing area - union) / enclosing area, in torchvision's
/// operation order. Range [-1, 1]. An enclosing box of zero area (both boxes collapse onto
/// the same line or point) gives iou (that is, 0) where torchvision gives NaN.
template <class T>
[[nodiscard]] constexpr T giou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  const auto iu = detail::intersect(a, b, c);
  const T v = detail::safe_iou(iu.inter, iu.uni);
  T ew{}, eh{};
  detail::enclosing(a, b, c, ew, eh);
  const T enc = ew * eh;
  return enc > T(0) ? v - (enc - iu.uni) / enc : v;
}

/// Distance IoU: iou - d^2 / (c^2 + eps), d the distance between the centres, c the diagonal
/// of the enclosing box, eps = 1e-7 (torchvision). Range (-1, 1].
template <class T>
[[nodiscard]] constexpr T diou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  const auto iu = detail::intersect(a, b, c);
  return detail::safe_iou(iu.inter, iu.uni) - detail::diou_penalty(a, b, c);
}

/// Complete IoU: diou - alpha * v with v = 4/pi^2 (atan(wa/ha) - atan(wb/hb))^2 and
/// alpha = v / (1 - iou + v + eps) (torchvision). A box with w = h = 0 contributes atan 0.
/// Equal to torchvision within a few ulp (std::atan versus torch's vectorised atan).
template <class T>
[[nodiscard]] T ciou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  return detail::ciou_from_atan(a, b, c, detail::aspect_atan(a, c), detail::aspect_atan(b, c));
}

/// One member of the IoU family, chosen at run time.
template <class T>
[[nodiscard]] T iou(const corner_box<T>& a, const corner_box<T>& b, iou_kind k, box_convention c) noexcept {
  switch (k) {
    case iou_kind::iou:
      return iou(a, b, c);
    case iou_kind::giou:
      return giou(a, b, c);
    case iou_kind::diou:
      return diou(a, b, c);
    case iou_kind::ciou:
      return ciou(a, b, c);
  }
  return T(0);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_IOU_HPP
