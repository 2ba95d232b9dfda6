// Pairwise N x M matrices of the IoU family (Eigen, row-major).
// Definitions: docs/conventions.md, section "IoU".
#ifndef EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP
#define EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP

#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/geometry/iou.hpp>

#include <Eigen/Core>

#include <vector>

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
/// Every entry equals the pairwise function (iou(), giou(), diou(), ciou()) bit for bit, and
/// so torchvision's box_iou / generalized_box_iou / distance_box_iou on the continuous
/// convention (complete_box_iou within a few ulp).
/// Throws std::invalid_argument when a box has a non-finite coordinate or is inverted
/// (check_box() == non_finite or inverted); zero-area boxes are accepted (IoU 0).
template <class T>
void pairwise_iou(const std::vector<corner_box<T>>& a, const std::vector<corner_box<T>>& b, iou_kind kind,
                  box_convention c, pairwise_matrix<T>& out, const pairwise_options& options = {});

/// As above, returning a new matrix.
template <class T>
[[nodiscard]] pairwise_matrix<T> pairwise_iou(const std::vector<corner_box<T>>& a, const std::vector<corner_box<T>>& b,
                                              iou_kind kind, box_convention c, const pairwise_options& options = {}) {
  pairwise_matrix<T> out;
  pairwise_iou(a, b, kind, c, out, options);
  return out;
}

extern template void pairwise_iou<float>(const std::vector<corner_box<float>>&, const std::vector<corner_box<float>>&,
                                         iou_kind, box_convention, pairwise_matrix<float>&, const pairwise_options&);
extern template void pairwise_iou<double>(const std::vector<corner_box<double>>&,
                                          const std::vector<corner_box<double>>&, iou_kind, box_convention,
                                          pairwise_matrix<double>&, const pairwise_options&);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_IOU_MATRIX_HPP
