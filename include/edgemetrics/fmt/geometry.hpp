// edgemetrics: {fmt} formatters for the geometry area.
// Boxes print as "[x1, y1, x2, y2]" (each number with the given format spec, e.g. "{:.1f}"),
// enums as their names.
#ifndef EDGEMETRICS_FMT_GEOMETRY_HPP
#define EDGEMETRICS_FMT_GEOMETRY_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/geometry.hpp>

namespace edgemetrics::detail {
/// Formats the four numbers of a box with the spec given to the box.
template <class T>
struct box4_formatter : fmt::formatter<T> {
  template <class Ctx>
  auto format4(T a, T b, T c, T d, Ctx& ctx) const -> decltype(ctx.out()) {
    auto out = ctx.out();
    *out++ = '[';
    const T v[4] = {a, b, c, d};
    for (int k = 0; k < 4; ++k) {
      if (k > 0) {
        *out++ = ',';
        *out++ = ' ';
      }
      ctx.advance_to(out);
      out = fmt::formatter<T>::format(v[k], ctx);
    }
    *out++ = ']';
    return out;
  }
};
}  // namespace edgemetrics::detail

template <class T>
struct fmt::formatter<edgemetrics::corner_box<T>> : edgemetrics::detail::box4_formatter<T> {
  template <class Ctx>
  auto format(const edgemetrics::corner_box<T>& b, Ctx& ctx) const -> decltype(ctx.out()) {
    return this->format4(b.x1, b.y1, b.x2, b.y2, ctx);
  }
};
template <class T>
struct fmt::formatter<edgemetrics::xywh_box<T>> : edgemetrics::detail::box4_formatter<T> {
  template <class Ctx>
  auto format(const edgemetrics::xywh_box<T>& b, Ctx& ctx) const -> decltype(ctx.out()) {
    return this->format4(b.x, b.y, b.w, b.h, ctx);
  }
};
template <class T>
struct fmt::formatter<edgemetrics::cxcywh_box<T>> : edgemetrics::detail::box4_formatter<T> {
  template <class Ctx>
  auto format(const edgemetrics::cxcywh_box<T>& b, Ctx& ctx) const -> decltype(ctx.out()) {
    return this->format4(b.cx, b.cy, b.w, b.h, ctx);
  }
};
// The geometry enums format as their names through <edgemetrics/fmt/common.hpp>.

#endif  // EDGEMETRICS_FMT_GEOMETRY_HPP
