// Internal (src/geometry only): the branch-free intersection area shared by the IoU-matrix
// rows and both NMS strategies. One definition, so the bit-exact operation order (that of
// torchvision's kernels and the VOC devkit) lives in one place; written with selects, not
// branches, so the loops that inline it vectorise.
#ifndef EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP
#define EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP

namespace edgemetrics::detail {

/// Intersection area of a fixed box f and another box o: clamp(min(x2) - max(x1) [+1], 0) times
/// the same for y; +1 under the pixel-inclusive convention.
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

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_GEOMETRY_KERNEL_HPP
