// Intersection over union. Definitions: docs/conventions.md, section "IoU".
#ifndef EDGEMETRICS_GEOMETRY_IOU_HPP
#define EDGEMETRICS_GEOMETRY_IOU_HPP

#include <edgemetrics/geometry/box.hpp>

#include <array>
#include <cmath>
#include <string_view>
#include <type_traits>

namespace edgemetrics {

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
// The exact kernels, compiled in the library (src/geometry/iou.cpp, built with
// -ffp-contract=off): nothing exact is compiled in the caller's translation unit, so the
// caller's flags cannot change a bit (docs/conventions.md, section "IoU").
[[nodiscard]] float iou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept;
[[nodiscard]] double iou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept;
[[nodiscard]] float giou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept;
[[nodiscard]] double giou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept;
[[nodiscard]] float diou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept;
[[nodiscard]] double diou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept;
[[nodiscard]] float ciou_exact(const corner_box<float>& a, const corner_box<float>& b, box_convention c) noexcept;
[[nodiscard]] double ciou_exact(const corner_box<double>& a, const corner_box<double>& b, box_convention c) noexcept;

template <class T>
inline constexpr bool is_box_scalar = std::is_same_v<T, float> || std::is_same_v<T, double>;
}  // namespace detail

// The IoU family. T is float or double (anything else is a compile-time error). Each call runs
// the library's one compiled kernel, so results are bit-identical on every platform and under
// every consumer's flags (no FMA contraction can reach them), and equal to every entry of
// pairwise_iou() and to what NMS compares.
// A box with a non-finite coordinate (NaN or infinity) has no IoU: the result is a quiet NaN
// (pairwise_iou() and the NMS functions reject such boxes with std::invalid_argument).

/// IoU of two boxes under a convention, in the operation order of the references, so results
/// are bit-identical:
/// - continuous: torchvision.ops.box_iou: inter = clamp(min(x2)-max(x1), 0) * clamp(...),
///   union = area(a) + area(b) - inter, iou = inter / union.
/// - pixel_inclusive: VOC devkit / voc_eval.py: iw = min(x2)-max(x1)+1, ih likewise (0 unless
///   positive); union = area(a) + area(b) - iw*ih; iou = iw*ih / union.
/// A union that is not positive (zero-area boxes) gives 0, never NaN.
template <class T>
[[nodiscard]] inline T iou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  static_assert(detail::is_box_scalar<T>, "edgemetrics::iou: the box coordinates must be float or double");
  return detail::iou_exact(a, b, c);
}

/// Generalized IoU: iou - (enclosing area - union) / enclosing area, in torchvision's
/// operation order. Range [-1, 1]. An enclosing box of zero area (both boxes collapse onto
/// the same line or point) gives iou (that is, 0) where torchvision gives NaN.
template <class T>
[[nodiscard]] inline T giou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  static_assert(detail::is_box_scalar<T>, "edgemetrics::giou: the box coordinates must be float or double");
  return detail::giou_exact(a, b, c);
}

/// Distance IoU: iou - d^2 / (c^2 + eps), d the distance between the centres, c the diagonal
/// of the enclosing box, eps = 1e-7 (torchvision). Range (-1, 1].
template <class T>
[[nodiscard]] inline T diou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  static_assert(detail::is_box_scalar<T>, "edgemetrics::diou: the box coordinates must be float or double");
  return detail::diou_exact(a, b, c);
}

/// Complete IoU: diou - alpha * v with v = 4/pi^2 (atan(wa/ha) - atan(wb/hb))^2 and
/// alpha = v / (1 - iou + v + eps) (torchvision). A box with w = h = 0 contributes atan 0.
/// Equal to torchvision within a few ulp (std::atan versus torch's vectorised atan); the same
/// bits on every platform with the same libm atan.
template <class T>
[[nodiscard]] inline T ciou(const corner_box<T>& a, const corner_box<T>& b, box_convention c) noexcept {
  static_assert(detail::is_box_scalar<T>, "edgemetrics::ciou: the box coordinates must be float or double");
  return detail::ciou_exact(a, b, c);
}

/// One member of the IoU family, chosen at run time.
template <class T>
[[nodiscard]] inline T iou(const corner_box<T>& a, const corner_box<T>& b, iou_kind k, box_convention c) noexcept {
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
