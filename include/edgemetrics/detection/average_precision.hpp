// Precision/recall curves and average precision (AP) of one class, protocol-neutral: from each
// detection's score and decision (true positive, false positive, ignored: match_outcome) and the
// number of positives, the PASCAL VOC 11-point and all-point APs (every VOC preset's arithmetic)
// and the COCO 101-point interpolated precision exactly as pycocotools' COCOeval.accumulate().
// The VOC evaluation computes its APs here; a COCO-style evaluation can use the same code.
// Definitions: docs/conventions.md, "Precision/recall and AP".
#ifndef EDGEMETRICS_DETECTION_AVERAGE_PRECISION_HPP
#define EDGEMETRICS_DETECTION_AVERAGE_PRECISION_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/detection/types.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// The 11 recall thresholds of the VOC2007 metric, as each reference produces them.
enum class recall_grid {
  /// MATLAB `0:0.1:1`: k*0.1 for k <= 5, 1 - (10-k)*0.1 above, so 0.6 and 0.7 are the doubles
  /// nearest 0.6 and 0.7 (0.3 is 0.30000000000000004, as in MATLAB).
  matlab_colon,
  /// `numpy.arange(0, 1.1, 0.1)`: k*0.1, so 0.6000000000000001 and 0.7000000000000001.
  numpy_arange,
};

/// Summation order of the all-point AP sum and of the mean over classes.
enum class summation {
  left_to_right,   ///< MATLAB `sum`/`mean` on these sizes
  numpy_pairwise,  ///< numpy `np.sum`/`np.mean` (pairwise, 8-way unrolled blocks of 128)
};

/// Precision at ranks where no detection has been decided yet (only ignored ones so far).
enum class empty_precision {
  nan,   ///< MATLAB `tp./(fp+tp)` = 0/0; `max` skips NaN unless all are NaN
  zero,  ///< voc_eval.py `tp / max(tp+fp, eps)`, GluonCV `nan_to_num`
};

}  // namespace edgemetrics

namespace edgemetrics::detail {
template <>
struct enum_traits<recall_grid> {
  static constexpr std::string_view type_name = "recall_grid";
  static constexpr std::array<enum_name<recall_grid>, 2> names{
      {{recall_grid::matlab_colon, "matlab_colon"}, {recall_grid::numpy_arange, "numpy_arange"}}};
};
template <>
struct enum_traits<summation> {
  static constexpr std::string_view type_name = "summation";
  static constexpr std::array<enum_name<summation>, 2> names{
      {{summation::left_to_right, "left_to_right"}, {summation::numpy_pairwise, "numpy_pairwise"}}};
};
template <>
struct enum_traits<empty_precision> {
  static constexpr std::string_view type_name = "empty_precision";
  static constexpr std::array<enum_name<empty_precision>, 2> names{
      {{empty_precision::nan, "nan"}, {empty_precision::zero, "zero"}}};
};
}  // namespace edgemetrics::detail

namespace edgemetrics {

/// "matlab_colon", "numpy_arange".
[[nodiscard]] constexpr std::string_view to_string(recall_grid e) noexcept { return detail::enum_to_string(e); }
/// "left_to_right", "numpy_pairwise".
[[nodiscard]] constexpr std::string_view to_string(summation e) noexcept { return detail::enum_to_string(e); }
/// "nan", "zero".
[[nodiscard]] constexpr std::string_view to_string(empty_precision e) noexcept { return detail::enum_to_string(e); }
/// The enumerator named `name` (exact spelling); std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline recall_grid parse_recall_grid(std::string_view name) {
  return detail::enum_from_string<recall_grid>(name);
}
[[nodiscard]] inline summation parse_summation(std::string_view name) {
  return detail::enum_from_string<summation>(name);
}
[[nodiscard]] inline empty_precision parse_empty_precision(std::string_view name) {
  return detail::enum_from_string<empty_precision>(name);
}

/// A precision/recall curve: one point per ranked detection (descending score, ties in input
/// order), ignored detections included (they repeat the previous point). Under
/// empty_precision::nan, precision is NaN at the ranks before the first decided detection.
struct pr_curve {
  std::vector<double> recall;
  std::vector<double> precision;
};

/// The conventions of the VOC AP arithmetic (the AP part of voc_options; defaults = the devkit).
struct voc_ap_options {
  recall_grid grid = recall_grid::matlab_colon;
  summation sum = summation::left_to_right;
  empty_precision no_decision_precision = empty_precision::nan;
};

/// Both VOC APs of one class, before any no-positives policy: with npos = 0 the reference
/// arithmetic (recall 0/0) gives an 11-point AP of 0 and an all-point AP of NaN (0 when there are
/// also no detections).
struct voc_ap {
  /// VOC2007: mean over the 11 recall thresholds t of the maximum precision at recall >= t.
  double voc07_11_point = 0;
  /// VOC2010+: area under the monotone (non-increasing from the right) precision envelope.
  double voc10_all_point = 0;
};

/// Number of recall thresholds of the COCO evaluation (pycocotools' default recThrs).
inline constexpr std::size_t coco_recall_points = 101;

/// pycocotools' recThrs, `np.linspace(0, 1, 101)`: i * 0.01 in double, the last exactly 1.0 (ten
/// of them are not the double nearest i/100, e.g. 0.7000000000000001).
[[nodiscard]] const std::array<double, coco_recall_points>& coco_recall_thresholds() noexcept;

/// COCO-style interpolated precision of one class at one IoU threshold (one cell of
/// pycocotools' precision[T, R, K, A, M], scores[...] and recall[T, K, A, M]).
struct coco_pr {
  /// One per recall threshold r: the envelope precision at the first rank whose recall is >= r
  /// (np.searchsorted(rc, recThrs, side='left')); 0 when no rank reaches r. -1 when npos = 0.
  std::vector<double> precision;
  /// The score of the detection at that rank; 0 when no rank reaches r; -1 when npos = 0.
  std::vector<double> scores;
  /// Recall at the last rank; 0 without detections; -1 when npos = 0.
  double recall = -1;
  /// np.mean(precision) (numpy's pairwise sum / count): the AP of this cell alone, as
  /// summarize() gives it for one class and one IoU threshold; -1 when npos = 0. COCO's mAP is
  /// the mean over all (IoU threshold, recall threshold, class) cells, not of these values.
  double average_precision = -1;
};

namespace detail {
struct key_index {
  // Left uninitialised by resize(): the sort writes every element before reading it (a zero
  // fill of each class's 2n entries was 4 % of a 10-run report's CPU).
  key_index() noexcept {}  // NOLINT(modernize-use-equals-default): = default would zero-fill
  key_index(std::uint64_t k, std::uint32_t i) noexcept : key(k), index(i) {}
  std::uint64_t key;
  std::uint32_t index;
};
struct ap_scratch {
  std::vector<double> rec, prec, env, terms;
  std::vector<std::uint64_t> tp_keys, sorted_keys;
  std::vector<std::uint32_t> tp_index, sorted_index, perm, fp_before, order;
  std::vector<key_index> keys;
  std::vector<match_outcome> ranked;
  std::vector<double> ranked_scores;
};
struct ap_access;
}  // namespace detail

/// Reusable scratch space of the functions below: with one kept across calls, a call allocates
/// only while its input is larger than any before. Not thread-safe: one per thread.
/// Memory kept: for n detections, about n * 64 bytes at most (less without curves).
class ap_workspace {
 public:
  ap_workspace() = default;
  /// Pre-allocates for up to n detections.
  void reserve(std::size_t n);

 private:
  friend struct detail::ap_access;
  detail::ap_scratch scratch_;
};

/// order[k] = index of the k-th detection by descending score, ties by input index: a stable
/// sort (MATLAB `sort(-s)`, `np.argsort(-s, kind='mergesort')`; -0 and +0 are equal).
/// Throws std::invalid_argument on a NaN score.
void rank_by_score(span<const double> scores, std::vector<std::uint32_t>& order, ap_workspace& workspace);

/// VOC APs of detections already in rank order (ranked[k]: the decision of the k-th detection).
/// Fills `curve` when given. Throws std::invalid_argument when the true positives outnumber npos.
[[nodiscard]] voc_ap voc_average_precision_ranked(span<const match_outcome> ranked, std::size_t npos,
                                                  const voc_ap_options& options, ap_workspace& workspace,
                                                  pr_curve* curve = nullptr);

/// VOC APs of detections in any order: the same as ranking them (rank_by_score) and calling
/// voc_average_precision_ranked(), computed without ranking every detection unless a curve is
/// wanted. Throws std::invalid_argument on different lengths, a NaN score, or more true
/// positives than npos.
[[nodiscard]] voc_ap voc_average_precision(span<const double> scores, span<const match_outcome> outcomes,
                                           std::size_t npos, const voc_ap_options& options, ap_workspace& workspace,
                                           pr_curve* curve = nullptr);
/// The same, allocating its own workspace.
[[nodiscard]] voc_ap voc_average_precision(span<const double> scores, span<const match_outcome> outcomes,
                                           std::size_t npos, const voc_ap_options& options = {},
                                           pr_curve* curve = nullptr);

/// COCO interpolated precision of detections already in rank order, exactly as pycocotools'
/// accumulate(): tp, fp running counts (ignored detections count as neither but keep their
/// rank), rc = tp / npos, pr = tp / (fp + tp + 2^-52), pr made non-increasing from the right,
/// then for each recall threshold the first rank with rc >= threshold. `ranked_scores[k]` is the
/// score of the k-th detection (reported in coco_pr::scores). `recall_thresholds`: ascending
/// (coco_recall_thresholds() by default). Throws std::invalid_argument on different lengths,
/// unsorted or NaN thresholds, or more true positives than npos.
void coco_precision_recall_ranked(span<const double> ranked_scores, span<const match_outcome> ranked, std::size_t npos,
                                  span<const double> recall_thresholds, ap_workspace& workspace, coco_pr& result);

/// The same for detections in any order: ranked first by descending score, stably
/// (np.argsort(-scores, kind='mergesort')). Throws also on a NaN score.
void coco_precision_recall(span<const double> scores, span<const match_outcome> outcomes, std::size_t npos,
                           span<const double> recall_thresholds, ap_workspace& workspace, coco_pr& result);
/// The same with the 101 thresholds of coco_recall_thresholds(), returning a new result.
[[nodiscard]] coco_pr coco_precision_recall(span<const double> scores, span<const match_outcome> outcomes,
                                            std::size_t npos);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_AVERAGE_PRECISION_HPP
