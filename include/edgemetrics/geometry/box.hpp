// Axis-aligned boxes and their coordinate conventions.
// Definitions: docs/conventions.md, section "Boxes".
#ifndef EDGEMETRICS_GEOMETRY_BOX_HPP
#define EDGEMETRICS_GEOMETRY_BOX_HPP

namespace edgemetrics {

/// How a box's extent is measured. Always an explicit choice, never a silent default.
enum class box_convention {
  /// Continuous coordinates (torchvision, COCO): width = x2 - x1, area = (x2-x1)(y2-y1).
  continuous,
  /// Pixel-inclusive coordinates (VOC devkit, voc_eval.py): a box covers pixels x1..x2
  /// inclusive, so width = x2 - x1 + 1 and area = (x2-x1+1)(y2-y1+1).
  pixel_inclusive,
};

/// A box in corner form (x1, y1, x2, y2): top-left and bottom-right corners.
template <class T>
struct corner_box {
  T x1{}, y1{}, x2{}, y2{};
  friend constexpr bool operator==(const corner_box& a, const corner_box& b) noexcept {
    return a.x1 == b.x1 && a.y1 == b.y1 && a.x2 == b.x2 && a.y2 == b.y2;
  }
  friend constexpr bool operator!=(const corner_box& a, const corner_box& b) noexcept { return !(a == b); }
};

/// Width of a box under a convention (may be negative for an inverted box).
template <class T>
[[nodiscard]] constexpr T width(const corner_box<T>& b, box_convention c) noexcept {
  return c == box_convention::pixel_inclusive ? b.x2 - b.x1 + T(1) : b.x2 - b.x1;
}

/// Height of a box under a convention (may be negative for an inverted box).
template <class T>
[[nodiscard]] constexpr T height(const corner_box<T>& b, box_convention c) noexcept {
  return c == box_convention::pixel_inclusive ? b.y2 - b.y1 + T(1) : b.y2 - b.y1;
}

/// Area under a convention: width * height (not clamped; see is_valid()).
template <class T>
[[nodiscard]] constexpr T area(const corner_box<T>& b, box_convention c) noexcept {
  return width(b, c) * height(b, c);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_BOX_HPP
