// Pairwise N x M matrices of the IoU family (Eigen, row-major).
// Definitions: docs/conventions.md, section "IoU".
#ifndef EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP
#define EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP

#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/geometry/iou.hpp>
#include <edgemetrics/span.hpp>

#include <Eigen/Core>

namespace edgemetrics {

/// Row-major N x M matrix: entry (i, j) relates a[i] and b[j], rows are contiguous.
template <class T>
using pairwise_matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Options of pairwise_iou().
struct pairwise_options {
  /// Worker threads (the calling thread counts as one). 1 (the default) runs on the calling
  /// thread only; 0 means std::thread::hardware_concurrency(). Small matrices (fewer than
  /// 2^16 entries) always run on one thread. Results do not depend on the thread count.
  unsigned threads = 1;
};

/// Pairwise IoU-family matrix of a (N boxes) against b (M boxes), written into `out`
/// (resized to N x M; no allocation when it already has that size, so a loop can reuse it).
/// a and b are contiguous buffers: a std::vector, a std::array, a C array or span(pointer, size)
/// (never copied). Every entry equals the pairwise function (iou(), giou(), diou(), ciou())
/// bit for bit -- the same compiled kernel, independent of the caller's flags -- and so
/// torchvision's box_iou / generalized_box_iou / distance_box_iou on the continuous convention
/// (complete_box_iou within a few ulp).
/// Throws std::invalid_argument when a box has a non-finite coordinate or is inverted
/// (check_box() == non_finite or inverted); zero-area boxes are accepted (IoU 0).
/// Memory: the IoU kind copies b into a structure of arrays (5 M values) for the call; GIoU,
/// DIoU and CIoU allocate nothing but CIoU's N + M aspect terms.
void pairwise_iou(span<const corner_box<float>> a, span<const corner_box<float>> b, iou_kind kind, box_convention c,
                  pairwise_matrix<float>& out, const pairwise_options& options = {});
/// As above, double boxes.
void pairwise_iou(span<const corner_box<double>> a, span<const corner_box<double>> b, iou_kind kind, box_convention c,
                  pairwise_matrix<double>& out, const pairwise_options& options = {});

/// As above, returning a new matrix.
[[nodiscard]] inline pairwise_matrix<float> pairwise_iou(span<const corner_box<float>> a,
                                                         span<const corner_box<float>> b, iou_kind kind,
                                                         box_convention c, const pairwise_options& options = {}) {
  pairwise_matrix<float> out;
  pairwise_iou(a, b, kind, c, out, options);
  return out;
}
/// As above, double boxes, returning a new matrix.
[[nodiscard]] inline pairwise_matrix<double> pairwise_iou(span<const corner_box<double>> a,
                                                          span<const corner_box<double>> b, iou_kind kind,
                                                          box_convention c, const pairwise_options& options = {}) {
  pairwise_matrix<double> out;
  pairwise_iou(a, b, kind, c, out, options);
  return out;
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP
