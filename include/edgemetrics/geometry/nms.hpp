// Non-maximum suppression: greedy, class-aware (batched) and Soft-NMS.
// Definitions: docs/conventions.md, section "NMS".
#ifndef EDGEMETRICS_GEOMETRY_NMS_HPP
#define EDGEMETRICS_GEOMETRY_NMS_HPP

#include <edgemetrics/geometry/box.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgemetrics {

/// When a kept box suppresses a lower-scoring one.
enum class suppression_rule {
  greater,        ///< IoU > threshold suppresses (torchvision nms, OpenCV NMSBoxes)
  greater_equal,  ///< IoU >= threshold suppresses
};

template <>
struct detail::enum_traits<suppression_rule> {
  static constexpr std::string_view type_name = "suppression_rule";
  static constexpr std::array<detail::enum_name<suppression_rule>, 2> names{{
      {suppression_rule::greater, "greater"},
      {suppression_rule::greater_equal, "greater_equal"},
  }};
};
/// "greater", "greater_equal".
[[nodiscard]] constexpr std::string_view to_string(suppression_rule e) noexcept { return detail::enum_to_string(e); }
/// The suppression_rule named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline suppression_rule parse_suppression_rule(std::string_view name) {
  return detail::enum_from_string<suppression_rule>(name);
}

/// How nms() finds the boxes a kept box may suppress. Every strategy returns the same indices;
/// only the speed differs (docs/conventions.md, section "NMS").
enum class nms_strategy {
  automatic,     ///< spatial_grid for 2048 or more candidates (per class) when allowed, else exhaustive
  exhaustive,    ///< compare each kept box with every later live candidate (vectorised, compacting)
  spatial_grid,  ///< size-bucketed grids: compare only boxes that can overlap (needs a rule where
                 ///< suppression implies IoU > 0, i.e. not `>= 0`; falls back to exhaustive otherwise)
};

template <>
struct detail::enum_traits<nms_strategy> {
  static constexpr std::string_view type_name = "nms_strategy";
  static constexpr std::array<detail::enum_name<nms_strategy>, 3> names{{
      {nms_strategy::automatic, "automatic"},
      {nms_strategy::exhaustive, "exhaustive"},
      {nms_strategy::spatial_grid, "spatial_grid"},
  }};
};
/// "automatic", "exhaustive", "spatial_grid".
[[nodiscard]] constexpr std::string_view to_string(nms_strategy e) noexcept { return detail::enum_to_string(e); }
/// The nms_strategy named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline nms_strategy parse_nms_strategy(std::string_view name) {
  return detail::enum_from_string<nms_strategy>(name);
}

/// Parameters of nms() and batched_nms(). The convention and the IoU threshold are required.
struct nms_options {
  nms_options(box_convention convention_, double iou_threshold_) noexcept
      : convention(convention_), iou_threshold(iou_threshold_) {}

  box_convention convention;
  /// IoU threshold, >= 0 (> 1 suppresses nothing). The comparison is exact: the IoU, computed
  /// in the box scalar type, is compared with this double as torchvision does.
  double iou_threshold;
  suppression_rule rule = suppression_rule::greater;
  /// When set, boxes with score <= score_threshold are dropped before NMS (score > threshold
  /// survives, as in torchvision's detectors and OpenCV's NMSBoxes). Must not be NaN.
  std::optional<double> score_threshold;
  /// When > 0, only the top_k highest-scoring boxes (after the score threshold, ties by input
  /// order) enter NMS. 0: no limit.
  std::size_t top_k = 0;
  /// When > 0, at most max_detections kept indices are returned (the highest-scoring ones).
  /// 0: no limit.
  std::size_t max_detections = 0;
  /// Search strategy (results never depend on it).
  nms_strategy strategy = nms_strategy::automatic;
};

/// Soft-NMS decay (Bodla et al. 2017), as OpenCV's cv::dnn::softNMSBoxes.
enum class soft_nms_method {
  linear,    ///< score *= 1 - IoU when IoU > iou_threshold
  gaussian,  ///< score *= exp(-IoU^2 / sigma) for every remaining box
};

template <>
struct detail::enum_traits<soft_nms_method> {
  static constexpr std::string_view type_name = "soft_nms_method";
  static constexpr std::array<detail::enum_name<soft_nms_method>, 2> names{{
      {soft_nms_method::linear, "linear"},
      {soft_nms_method::gaussian, "gaussian"},
  }};
};
/// "linear", "gaussian".
[[nodiscard]] constexpr std::string_view to_string(soft_nms_method e) noexcept { return detail::enum_to_string(e); }
/// The soft_nms_method named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline soft_nms_method parse_soft_nms_method(std::string_view name) {
  return detail::enum_from_string<soft_nms_method>(name);
}

/// Parameters of soft_nms(). The convention, method and score threshold are required.
struct soft_nms_options {
  soft_nms_options(box_convention convention_, soft_nms_method method_, double score_threshold_) noexcept
      : convention(convention_), method(method_), score_threshold(score_threshold_) {}

  box_convention convention;
  soft_nms_method method;
  /// Selection stops when the best remaining (decayed) score is < score_threshold, so kept
  /// boxes have score >= score_threshold (OpenCV). >= 0.
  double score_threshold;
  /// Linear decay only: IoU above which a score decays (OpenCV's nms_threshold). >= 0.
  double iou_threshold = 0.3;
  /// Gaussian decay only: sigma > 0 (OpenCV's default 0.5).
  double sigma = 0.5;
  /// When > 0, at most max_detections boxes are selected (OpenCV's top_k). 0: no limit.
  std::size_t max_detections = 0;
};

/// Result of soft_nms(): selected indices in selection order and their decayed scores.
template <class T>
struct soft_nms_result {
  std::vector<std::size_t> indices;
  std::vector<T> scores;
};

template <class T>
class nms_workspace;

namespace detail {
template <class T>
struct nms_scratch {
  std::vector<std::pair<T, std::size_t>> keyed;  // (score, index) while sorting (small inputs)
  std::vector<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>> keys, keys_tmp;  // radix sort
  std::vector<std::size_t> order_tmp;
  std::vector<std::size_t> order;  // candidate indices, sorted by descending score
  std::vector<std::size_t> ranks;  // per-class grouping / kept ranks
  std::vector<T> x1, y1, x2, y2, area;
  std::vector<std::size_t> pos;  // position in the sorted candidate list
  std::vector<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>> alive;
  std::vector<T> score;
  std::vector<std::int64_t> label;
  // Spatial grids of large inputs (see nms.cpp): candidates reordered by cell.
  std::vector<std::uint32_t> cell_of, cell_start, slot_of, g_rank;
  std::vector<T> g_x1, g_y1, g_x2, g_y2, g_area;
  std::vector<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>> g_alive;
  std::vector<unsigned char> level_w, level_h;
};
template <class T>
struct nms_access {
  static nms_scratch<T>& get(nms_workspace<T>& w) noexcept { return w.scratch_; }
};
}  // namespace detail

/// Reusable scratch space for nms(), batched_nms() and soft_nms(). A per-frame call with
/// a workspace (and an output vector) kept across frames allocates only while the input is
/// larger than any seen before. Not thread-safe: one workspace per thread.
template <class T>
class nms_workspace {
 public:
  nms_workspace() = default;
  /// Pre-allocates for inputs of up to n boxes.
  void reserve(std::size_t n);

 private:
  friend struct detail::nms_access<T>;
  detail::nms_scratch<T> scratch_;
};

/// Greedy NMS. Writes into `keep` the indices of the kept boxes in descending score order,
/// ties broken by input order (the lower index first). Identical to torchvision.ops.nms
/// when options are (continuous, t) with defaults.
/// Throws std::invalid_argument on: boxes.size() != scores.size(); a NaN score; a box with a
/// non-finite coordinate or inverted under the convention; a NaN or negative iou_threshold;
/// a NaN score_threshold. Empty input gives empty output.
template <class T>
void nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores, const nms_options& options,
         nms_workspace<T>& workspace, std::vector<std::size_t>& keep);

/// Greedy NMS, returning the kept indices (allocates; see the workspace overload).
template <class T>
[[nodiscard]] std::vector<std::size_t> nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores,
                                           const nms_options& options) {
  nms_workspace<T> w;
  std::vector<std::size_t> keep;
  nms(boxes, scores, options, w, keep);
  return keep;
}

/// Class-aware NMS: boxes suppress only boxes of the same class (torchvision batched_nms).
/// score_threshold and top_k apply to all boxes together before NMS, max_detections to the
/// merged result. `keep` receives indices in descending score order, ties by input order.
/// Throws as nms(), and when classes.size() != boxes.size(). Label is int or std::int64_t.
template <class T, class Label>
void batched_nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores,
                 const std::vector<Label>& classes, const nms_options& options, nms_workspace<T>& workspace,
                 std::vector<std::size_t>& keep);

/// Class-aware NMS, returning the kept indices.
template <class T, class Label>
[[nodiscard]] std::vector<std::size_t> batched_nms(const std::vector<corner_box<T>>& boxes,
                                                   const std::vector<T>& scores, const std::vector<Label>& classes,
                                                   const nms_options& options) {
  nms_workspace<T> w;
  std::vector<std::size_t> keep;
  batched_nms(boxes, scores, classes, options, w, keep);
  return keep;
}

/// Soft-NMS with OpenCV softNMSBoxes semantics: repeatedly select the highest remaining
/// score (ties: lower index), stop when it is < score_threshold or max_detections are
/// selected, decay the scores of the remaining boxes. Throws std::invalid_argument on
/// mismatched lengths, NaN scores, bad boxes, negative or NaN thresholds, sigma <= 0.
template <class T>
void soft_nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores, const soft_nms_options& options,
              nms_workspace<T>& workspace, soft_nms_result<T>& result);

/// Soft-NMS, returning a new result.
template <class T>
[[nodiscard]] soft_nms_result<T> soft_nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores,
                                          const soft_nms_options& options) {
  nms_workspace<T> w;
  soft_nms_result<T> r;
  soft_nms(boxes, scores, options, w, r);
  return r;
}

extern template class nms_workspace<float>;
extern template class nms_workspace<double>;

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_NMS_HPP
