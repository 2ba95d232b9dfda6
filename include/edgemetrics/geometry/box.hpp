// Axis-aligned boxes and their coordinate conventions.
// Definitions: docs/conventions.md, section "Boxes".
#ifndef EDGEMETRICS_GEOMETRY_BOX_HPP
#define EDGEMETRICS_GEOMETRY_BOX_HPP

#include <edgemetrics/detail/enum_names.hpp>

#include <array>
#include <cmath>
#include <string_view>

namespace edgemetrics {

/// How a box's extent is measured. Always an explicit choice, never a silent default.
enum class box_convention {
  /// Continuous coordinates (torchvision, COCO): width = x2 - x1, area = (x2-x1)(y2-y1).
  continuous,
  /// Pixel-inclusive coordinates (VOC devkit, voc_eval.py): a box covers pixels x1..x2
  /// inclusive, so width = x2 - x1 + 1 and area = (x2-x1+1)(y2-y1+1).
  pixel_inclusive,
};

template <>
struct detail::enum_traits<box_convention> {
  static constexpr std::string_view type_name = "box_convention";
  static constexpr std::array<detail::enum_name<box_convention>, 2> names{{
      {box_convention::continuous, "continuous"},
      {box_convention::pixel_inclusive, "pixel_inclusive"},
  }};
};
/// "continuous", "pixel_inclusive".
[[nodiscard]] constexpr std::string_view to_string(box_convention e) noexcept { return detail::enum_to_string(e); }
/// The box_convention named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline box_convention parse_box_convention(std::string_view name) {
  return detail::enum_from_string<box_convention>(name);
}

/// A box in corner form (x1, y1, x2, y2): top-left and bottom-right corners.
template <class T>
struct corner_box {
  T x1{}, y1{}, x2{}, y2{};
  friend constexpr bool operator==(const corner_box& a, const corner_box& b) noexcept {
    return a.x1 == b.x1 && a.y1 == b.y1 && a.x2 == b.x2 && a.y2 == b.y2;
  }
  friend constexpr bool operator!=(const corner_box& a, const corner_box& b) noexcept { return !(a == b); }
};

/// A box in corner + size form (x, y, w, h), as COCO annotations store it: (x, y) is the
/// top-left corner, w and h the width and height under the box's convention.
template <class T>
struct xywh_box {
  T x{}, y{}, w{}, h{};
  friend constexpr bool operator==(const xywh_box& a, const xywh_box& b) noexcept {
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
  }
  friend constexpr bool operator!=(const xywh_box& a, const xywh_box& b) noexcept { return !(a == b); }
};

/// A box in centre form (cx, cy, w, h), as YOLO-style heads emit it.
template <class T>
struct cxcywh_box {
  T cx{}, cy{}, w{}, h{};
  friend constexpr bool operator==(const cxcywh_box& a, const cxcywh_box& b) noexcept {
    return a.cx == b.cx && a.cy == b.cy && a.w == b.w && a.h == b.h;
  }
  friend constexpr bool operator!=(const cxcywh_box& a, const cxcywh_box& b) noexcept { return !(a == b); }
};

/// Image size in pixels, used to clip boxes and to convert to and from normalised coordinates.
template <class T>
struct image_size {
  T width{}, height{};
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

/// Area under a convention: width * height (not clamped; see check_box()).
template <class T>
[[nodiscard]] constexpr T area(const corner_box<T>& b, box_convention c) noexcept {
  return width(b, c) * height(b, c);
}

// ---------------------------------------------------------------------------
// Conversions. Sizes follow the convention: under pixel_inclusive a box covering
// pixels 10..19 has x1 = 10, x2 = 19 and w = 10.

/// Corner form -> (x, y, w, h).
template <class T>
[[nodiscard]] constexpr xywh_box<T> to_xywh(const corner_box<T>& b, box_convention c) noexcept {
  return {b.x1, b.y1, width(b, c), height(b, c)};
}

/// (x, y, w, h) -> corner form: x2 = x + w (continuous) or x + w - 1 (pixel_inclusive).
template <class T>
[[nodiscard]] constexpr corner_box<T> to_corner(const xywh_box<T>& b, box_convention c) noexcept {
  const T one = c == box_convention::pixel_inclusive ? T(1) : T(0);
  return {b.x, b.y, b.x + b.w - one, b.y + b.h - one};
}

/// Corner form -> centre form: cx = (x1 + x2) / 2 (both conventions: under pixel_inclusive it is
/// the centre of the covered pixel span), w and h per the convention.
template <class T>
[[nodiscard]] constexpr cxcywh_box<T> to_cxcywh(const corner_box<T>& b, box_convention c) noexcept {
  return {(b.x1 + b.x2) / T(2), (b.y1 + b.y2) / T(2), width(b, c), height(b, c)};
}

/// Centre form -> corner form: x1 = cx - w/2, x2 = cx + w/2 (continuous, as torchvision's
/// box_convert); pixel_inclusive: x1 = cx - (w-1)/2, x2 = cx + (w-1)/2.
template <class T>
[[nodiscard]] constexpr corner_box<T> to_corner(const cxcywh_box<T>& b, box_convention c) noexcept {
  const T one = c == box_convention::pixel_inclusive ? T(1) : T(0);
  const T hw = (b.w - one) / T(2);
  const T hh = (b.h - one) / T(2);
  return {b.cx - hw, b.cy - hh, b.cx + hw, b.cy + hh};
}

/// (x, y, w, h) -> centre form.
template <class T>
[[nodiscard]] constexpr cxcywh_box<T> to_cxcywh(const xywh_box<T>& b, box_convention c) noexcept {
  return to_cxcywh(to_corner(b, c), c);
}

/// Centre form -> (x, y, w, h).
template <class T>
[[nodiscard]] constexpr xywh_box<T> to_xywh(const cxcywh_box<T>& b, box_convention c) noexcept {
  return to_xywh(to_corner(b, c), c);
}

/// Changes the scalar type (float <-> double) of a corner box.
template <class U, class T>
[[nodiscard]] constexpr corner_box<U> box_cast(const corner_box<T>& b) noexcept {
  return {static_cast<U>(b.x1), static_cast<U>(b.y1), static_cast<U>(b.x2), static_cast<U>(b.y2)};
}

// ---------------------------------------------------------------------------
// Absolute <-> normalised coordinates: a pure scaling (x / width, y / height), the same
// for both conventions. Normalised boxes keep the convention of the absolute ones.

/// Absolute pixels -> normalised (0..1 of the image size).
template <class T>
[[nodiscard]] constexpr corner_box<T> normalize(const corner_box<T>& b, const image_size<T>& s) noexcept {
  return {b.x1 / s.width, b.y1 / s.height, b.x2 / s.width, b.y2 / s.height};
}
/// Normalised (0..1) -> absolute pixels.
template <class T>
[[nodiscard]] constexpr corner_box<T> denormalize(const corner_box<T>& b, const image_size<T>& s) noexcept {
  return {b.x1 * s.width, b.y1 * s.height, b.x2 * s.width, b.y2 * s.height};
}
/// Absolute -> normalised, centre form (YOLO labels).
template <class T>
[[nodiscard]] constexpr cxcywh_box<T> normalize(const cxcywh_box<T>& b, const image_size<T>& s) noexcept {
  return {b.cx / s.width, b.cy / s.height, b.w / s.width, b.h / s.height};
}
/// Normalised -> absolute, centre form.
template <class T>
[[nodiscard]] constexpr cxcywh_box<T> denormalize(const cxcywh_box<T>& b, const image_size<T>& s) noexcept {
  return {b.cx * s.width, b.cy * s.height, b.w * s.width, b.h * s.height};
}
/// Absolute -> normalised, (x, y, w, h) form.
template <class T>
[[nodiscard]] constexpr xywh_box<T> normalize(const xywh_box<T>& b, const image_size<T>& s) noexcept {
  return {b.x / s.width, b.y / s.height, b.w / s.width, b.h / s.height};
}
/// Normalised -> absolute, (x, y, w, h) form.
template <class T>
[[nodiscard]] constexpr xywh_box<T> denormalize(const xywh_box<T>& b, const image_size<T>& s) noexcept {
  return {b.x * s.width, b.y * s.height, b.w * s.width, b.h * s.height};
}

// ---------------------------------------------------------------------------
// Clipping and validity.

/// Clips a box to an image: continuous -> coordinates in [0, width] x [0, height]
/// (torchvision clip_boxes_to_image); pixel_inclusive -> [0, width-1] x [0, height-1]
/// (the last pixel column and row). NaN coordinates stay NaN.
template <class T>
[[nodiscard]] constexpr corner_box<T> clip(const corner_box<T>& b, const image_size<T>& s, box_convention c) noexcept {
  const T one = c == box_convention::pixel_inclusive ? T(1) : T(0);
  const T xmax = s.width - one;
  const T ymax = s.height - one;
  auto clamp = [](T v, T hi) { return v < T(0) ? T(0) : (v > hi ? hi : v); };
  return {clamp(b.x1, xmax), clamp(b.y1, ymax), clamp(b.x2, xmax), clamp(b.y2, ymax)};
}

/// Result of check_box(). The first failing check is reported, in this order.
enum class box_status {
  valid,       ///< finite, width > 0 and height > 0 under the convention
  non_finite,  ///< a coordinate is NaN or infinite
  inverted,    ///< width < 0 or height < 0 under the convention (x2 < x1 when continuous)
  zero_area,   ///< width == 0 or height == 0 under the convention
};

template <>
struct detail::enum_traits<box_status> {
  static constexpr std::string_view type_name = "box_status";
  static constexpr std::array<detail::enum_name<box_status>, 4> names{{
      {box_status::valid, "valid"},
      {box_status::non_finite, "non_finite"},
      {box_status::inverted, "inverted"},
      {box_status::zero_area, "zero_area"},
  }};
};
/// "valid", "non_finite", "inverted", "zero_area".
[[nodiscard]] constexpr std::string_view to_string(box_status e) noexcept { return detail::enum_to_string(e); }
/// The box_status named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline box_status parse_box_status(std::string_view name) {
  return detail::enum_from_string<box_status>(name);
}

/// Classifies a box (see box_status).
template <class T>
[[nodiscard]] box_status check_box(const corner_box<T>& b, box_convention c) noexcept {
  if (!std::isfinite(b.x1) || !std::isfinite(b.y1) || !std::isfinite(b.x2) || !std::isfinite(b.y2)) {
    return box_status::non_finite;
  }
  const T w = width(b, c);
  const T h = height(b, c);
  if (w < T(0) || h < T(0)) return box_status::inverted;
  if (w == T(0) || h == T(0)) return box_status::zero_area;
  return box_status::valid;
}

/// True when check_box() says valid: finite with a positive area.
template <class T>
[[nodiscard]] bool is_valid(const corner_box<T>& b, box_convention c) noexcept {
  return check_box(b, c) == box_status::valid;
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_BOX_HPP
