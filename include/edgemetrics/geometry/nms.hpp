// Non-maximum suppression: greedy, class-aware (batched) and Soft-NMS.
// Definitions: docs/conventions.md, section "NMS".
#ifndef EDGEMETRICS_GEOMETRY_NMS_HPP
#define EDGEMETRICS_GEOMETRY_NMS_HPP

#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/span.hpp>

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
  /// IoU threshold, a fraction in [0, 1] (0.5, not 50: a value outside [0, 1] or NaN is a
  /// std::invalid_argument). The comparison is exact: the IoU, computed in the box scalar type,
  /// is compared with this double as torchvision does.
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
  /// Linear decay only: IoU above which a score decays (OpenCV's nms_threshold), a fraction
  /// in [0, 1] (checked for both methods).
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

/// The class ids of batched_nms(): a view (never a copy) of a contiguous buffer of any integer
/// type, made implicitly from a std::vector<L>, a std::array<L, N>, a C array, a span<const L>
/// or span(pointer, size), L = int, std::int64_t, std::uint32_t, std::uint8_t, ... Ids are only
/// compared for equality (any values, negative ones included, are fine). A non-integer type
/// (float, double, bool) is a compile-time error: for a float class column of a model output,
/// use the detection_rows overloads, which check that each id is a whole number.
class class_labels {
 public:
  template <class L>
  class_labels(span<L> labels) noexcept  // NOLINT(google-explicit-constructor)
      : data_(labels.data()), size_(labels.size()), kind_(kind_of<std::remove_cv_t<L>>()) {}
  template <class L, class A>
  class_labels(const std::vector<L, A>& labels) noexcept  // NOLINT(google-explicit-constructor)
      : data_(labels.data()), size_(labels.size()), kind_(kind_of<L>()) {}
  template <class L, std::size_t N>
  class_labels(const std::array<L, N>& labels) noexcept  // NOLINT(google-explicit-constructor)
      : data_(labels.data()), size_(N), kind_(kind_of<L>()) {}
  template <class L, std::size_t N>
  class_labels(const L (&labels)[N]) noexcept  // NOLINT(google-explicit-constructor)
      : data_(labels), size_(N), kind_(kind_of<L>()) {}
  template <class L>
  class_labels(const L* data, std::size_t size) noexcept : data_(data), size_(size), kind_(kind_of<L>()) {}

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Label i as a 64-bit key (unsigned 64-bit ids above INT64_MAX wrap: still one key per id).
  [[nodiscard]] std::int64_t operator[](std::size_t i) const noexcept {
    switch (kind_) {
      case 0x11:
        return static_cast<const std::int8_t*>(data_)[i];
      case 0x12:
        return static_cast<const std::int16_t*>(data_)[i];
      case 0x14:
        return static_cast<const std::int32_t*>(data_)[i];
      case 0x18:
        return static_cast<const std::int64_t*>(data_)[i];
      case 0x01:
        return static_cast<const std::uint8_t*>(data_)[i];
      case 0x02:
        return static_cast<const std::uint16_t*>(data_)[i];
      case 0x04:
        return static_cast<const std::uint32_t*>(data_)[i];
      default:
        return static_cast<std::int64_t>(static_cast<const std::uint64_t*>(data_)[i]);
    }
  }

 private:
  template <class L>
  static constexpr unsigned char kind_of() noexcept {
    static_assert(std::is_integral_v<L> && !std::is_same_v<L, bool>,
                  "edgemetrics::batched_nms: class labels must be of an integer type (int, std::int64_t, "
                  "std::uint32_t, ...), not floating point or bool; for a float class column of a model "
                  "output use the detection_rows overload, which checks that each id is a whole number");
    static_assert(sizeof(L) == 1 || sizeof(L) == 2 || sizeof(L) == 4 || sizeof(L) == 8,
                  "edgemetrics::batched_nms: unsupported integer size for class labels");
    return static_cast<unsigned char>((std::is_signed_v<L> ? 0x10 : 0x00) | sizeof(L));
  }
  const void* data_;
  std::size_t size_;
  unsigned char kind_;
};

/// How the four box columns of a detection_rows buffer are laid out.
enum class box_layout {
  corners,  ///< x1, y1, x2, y2
  xywh,     ///< x, y, w, h (top-left corner and size; COCO)
  cxcywh,   ///< cx, cy, w, h (centre and size; YOLO heads)
};

template <>
struct detail::enum_traits<box_layout> {
  static constexpr std::string_view type_name = "box_layout";
  static constexpr std::array<detail::enum_name<box_layout>, 3> names{{
      {box_layout::corners, "corners"},
      {box_layout::xywh, "xywh"},
      {box_layout::cxcywh, "cxcywh"},
  }};
};
/// "corners", "xywh", "cxcywh".
[[nodiscard]] constexpr std::string_view to_string(box_layout e) noexcept { return detail::enum_to_string(e); }
/// The box_layout named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline box_layout parse_box_layout(std::string_view name) {
  return detail::enum_from_string<box_layout>(name);
}

/// A model's N x K output read in place by nms(), batched_nms() and soft_nms(): row i is one candidate,
/// with its box in four consecutive columns from `box_column` (in `layout`), its score in
/// `score_column` and (batched_nms only) its class id in `class_column`. The defaults are the
/// YOLO / TensorRT rows (box, score, class) = columns 0-3, 4, 5. The rows are read in place, in
/// one sequential pass that gathers only the candidates (rows whose score passes the threshold)
/// into the NMS workspace, their xywh and cxcywh boxes converted to corners with to_corner()
/// under the NMS options' convention; the caller makes no copy. Class ids are floats holding
/// whole numbers >= 0.
template <class T>
struct detection_rows {
  detection_rows(matrix_view<const T> data_, box_layout layout_) noexcept : data(data_), layout(layout_) {}

  matrix_view<const T> data;
  box_layout layout;
  std::size_t box_column = 0;
  std::size_t score_column = 4;
  std::size_t class_column = 5;
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
  // detection_rows inputs: the candidates (score above the threshold) gathered in row order.
  std::vector<corner_box<T>> row_box;
  std::vector<T> row_score;
  std::vector<std::int64_t> row_label;
  std::vector<std::size_t> row_index;
};
template <class T>
struct nms_access {
  static nms_scratch<T>& get(nms_workspace<T>& w) noexcept { return w.scratch_; }
};
}  // namespace detail

/// Reusable scratch space for nms(), batched_nms() and soft_nms(). A per-frame call with
/// a workspace (and an output vector) kept across frames allocates only while the input is
/// larger than any seen before. Not thread-safe: one workspace per thread.
/// Memory kept: for n candidates (after the score threshold), about n * (9 T + 6 size_t + 2
/// key words) plus, for the spatial grid (2048+ candidates), n * (5 T + 3 words) and at most
/// ~4n + 32k cell offsets; for float and n = 25,200 about 1.6 MB. The detection_rows overloads
/// add n * (5 T + 2 words) for the gathered candidates (0.9 MB more for float, n = 25,200).
/// reserve(n) takes it all at once.
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

// Every function below exists for float and double boxes. Boxes, scores and labels are
// contiguous buffers -- a std::vector, a std::array, a C array or span(pointer, size) -- read in
// place, never copied; detection_rows reads a strided N x K model output in place.

/// Greedy NMS. Writes into `keep` the indices of the kept boxes in descending score order,
/// ties broken by input order (the lower index first). Identical to torchvision.ops.nms
/// when options are (continuous, t) with defaults.
/// Throws std::invalid_argument on: boxes.size() != scores.size(); a NaN score; a box with a
/// non-finite coordinate or inverted under the convention; an iou_threshold outside [0, 1] or
/// NaN; a NaN score_threshold. Empty input gives empty output.
void nms(span<const corner_box<float>> boxes, span<const float> scores, const nms_options& options,
         nms_workspace<float>& workspace, std::vector<std::size_t>& keep);
void nms(span<const corner_box<double>> boxes, span<const double> scores, const nms_options& options,
         nms_workspace<double>& workspace, std::vector<std::size_t>& keep);

/// Greedy NMS over the rows of a model output: `keep` receives row indices. The same result as
/// nms() on the rows' boxes (converted to corners) and scores. Throws as nms() (naming rows[i]),
/// and when a column lies outside the rows.
void nms(const detection_rows<float>& rows, const nms_options& options, nms_workspace<float>& workspace,
         std::vector<std::size_t>& keep);
void nms(const detection_rows<double>& rows, const nms_options& options, nms_workspace<double>& workspace,
         std::vector<std::size_t>& keep);

/// Greedy NMS, returning the kept indices (allocates; see the workspace overloads).
[[nodiscard]] std::vector<std::size_t> nms(span<const corner_box<float>> boxes, span<const float> scores,
                                           const nms_options& options);
[[nodiscard]] std::vector<std::size_t> nms(span<const corner_box<double>> boxes, span<const double> scores,
                                           const nms_options& options);

/// Class-aware NMS: boxes suppress only boxes of the same class (torchvision batched_nms).
/// score_threshold and top_k apply to all boxes together before NMS, max_detections to the
/// merged result. `keep` receives indices in descending score order, ties by input order.
/// Throws as nms(), and when classes.size() != boxes.size(). Labels: any integer type (see
/// class_labels).
void batched_nms(span<const corner_box<float>> boxes, span<const float> scores, class_labels classes,
                 const nms_options& options, nms_workspace<float>& workspace, std::vector<std::size_t>& keep);
void batched_nms(span<const corner_box<double>> boxes, span<const double> scores, class_labels classes,
                 const nms_options& options, nms_workspace<double>& workspace, std::vector<std::size_t>& keep);

/// Class-aware NMS over the rows of a model output, the class id read from rows.class_column:
/// it must be a whole number >= 0 (std::invalid_argument naming the row otherwise). The same
/// result as batched_nms() on the converted boxes, scores and integer ids.
void batched_nms(const detection_rows<float>& rows, const nms_options& options, nms_workspace<float>& workspace,
                 std::vector<std::size_t>& keep);
void batched_nms(const detection_rows<double>& rows, const nms_options& options, nms_workspace<double>& workspace,
                 std::vector<std::size_t>& keep);

/// Class-aware NMS, returning the kept indices.
[[nodiscard]] std::vector<std::size_t> batched_nms(span<const corner_box<float>> boxes, span<const float> scores,
                                                   class_labels classes, const nms_options& options);
[[nodiscard]] std::vector<std::size_t> batched_nms(span<const corner_box<double>> boxes, span<const double> scores,
                                                   class_labels classes, const nms_options& options);

/// Soft-NMS with OpenCV softNMSBoxes semantics: repeatedly select the highest remaining
/// score (ties: lower index), stop when it is < score_threshold or max_detections are
/// selected, decay the scores of the remaining boxes. Throws std::invalid_argument on
/// mismatched lengths, NaN scores, bad boxes, a negative or NaN score_threshold, an
/// iou_threshold outside [0, 1], sigma <= 0.
void soft_nms(span<const corner_box<float>> boxes, span<const float> scores, const soft_nms_options& options,
              nms_workspace<float>& workspace, soft_nms_result<float>& result);
void soft_nms(span<const corner_box<double>> boxes, span<const double> scores, const soft_nms_options& options,
              nms_workspace<double>& workspace, soft_nms_result<double>& result);

/// Soft-NMS over the rows of a model output (the class column is not read): `result.indices`
/// receives row indices. The same result as soft_nms() on the rows' boxes (converted to corners)
/// and scores. Every score is checked (NaN is an error); a row's box only when its score is
/// >= score_threshold (a row below it can never be selected). Throws as soft_nms() (naming
/// rows[i]), and when a column lies outside the rows.
void soft_nms(const detection_rows<float>& rows, const soft_nms_options& options, nms_workspace<float>& workspace,
              soft_nms_result<float>& result);
void soft_nms(const detection_rows<double>& rows, const soft_nms_options& options, nms_workspace<double>& workspace,
              soft_nms_result<double>& result);

/// Soft-NMS, returning a new result.
[[nodiscard]] soft_nms_result<float> soft_nms(span<const corner_box<float>> boxes, span<const float> scores,
                                              const soft_nms_options& options);
[[nodiscard]] soft_nms_result<double> soft_nms(span<const corner_box<double>> boxes, span<const double> scores,
                                               const soft_nms_options& options);

extern template class nms_workspace<float>;
extern template class nms_workspace<double>;

}  // namespace edgemetrics

#endif  // EDGEMETRICS_GEOMETRY_NMS_HPP
