// Internal kernels of the VOC evaluation (src/detection only).
#ifndef EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP
#define EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP

#include <edgemetrics/detection/voc.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgemetrics::detail {

struct ap_pair {
  double voc07 = 0;
  double voc10 = 0;
};

struct key_index {
  std::uint64_t key;
  std::uint32_t index;
};

struct ap_scratch {
  std::vector<double> rec, prec, env, terms;
  std::vector<std::uint64_t> tp_keys, sorted_keys;
  std::vector<std::uint32_t> tp_index, sorted_index, perm, fp_before, order;
  std::vector<key_index> keys;
  std::vector<std::int8_t> ranked;
};

/// np.sum / np.add.reduce of a contiguous float64 array, bit for bit (NumPy 1.24).
[[nodiscard]] double numpy_sum(const double* a, std::size_t n) noexcept;
[[nodiscard]] double sum(const double* a, std::size_t n, summation s) noexcept;
[[nodiscard]] double recall_threshold(recall_grid g, int k) noexcept;

/// AP of ranked outcomes (1 TP, 0 FP, -1 ignored), both methods; fills `curve` if given.
ap_pair average_precision(const std::int8_t* outcome, std::size_t n, std::size_t npos, const voc_options& o,
                          ap_scratch& s, voc_pr_curve* curve);

/// The same as ranking (stable, descending score) and average_precision(), from outcomes in input
/// order, without ranking every detection (curves not available).
ap_pair average_precision_unranked(const double* score, const std::int8_t* outcome, std::size_t n, std::size_t npos,
                                   const voc_options& o, ap_scratch& s);
/// average_precision_unranked, or the full ranking when a curve is wanted.
ap_pair class_ap(const double* score, const std::int8_t* outcome, std::size_t n, std::size_t npos, const voc_options& o,
                 ap_scratch& s, voc_pr_curve* curve);

/// Greedy decision for one detection against the objects of its image and class.
[[nodiscard]] std::int8_t match_detection(const corner_box<double>& det, const corner_box<double>* gt_box,
                                          const std::uint8_t* gt_difficult, std::size_t m, std::uint8_t* matched,
                                          const voc_options& o) noexcept;

void validate_options(const voc_options& o);
/// x2 < x1 or y2 < y1 (counted in voc_class_result::inverted_*, evaluated as given).
[[nodiscard]] inline bool inverted(const corner_box<double>& b) noexcept { return b.x2 < b.x1 || b.y2 < b.y1; }
[[nodiscard]] std::uint64_t descending_key(double score) noexcept;
/// order = indices sorted by descending score, ties by index (a stable sort).
void rank_descending(const double* score, std::size_t n, std::vector<std::uint32_t>& order,
                     std::vector<key_index>& scratch);
/// Applies the no-positives policy and computes both mAPs.
void finish(voc_result& r, const std::vector<ap_pair>& raw, const voc_options& o);

/// Offline evaluation of a whole set, one class at a time: the ground truth is grouped once;
/// each class's detections may be discarded after add_class() (the public voc_set_evaluator wraps it).
class set_evaluator {
 public:
  /// Validates options and ground truth (std::invalid_argument).
  set_evaluator(const voc_dataset& ground_truth, const voc_options& options, voc_curves curves);
  /// Evaluates class c (validates the detections first).
  void add_class(std::size_t c, const voc_dataset::class_detections& cd);
  /// Policies and means; call once (moves the result out).
  voc_result finish(std::size_t skipped_unknown_image_detections);
  /// The same without consuming: classes with added[c] == 0 are computed as having no detections.
  [[nodiscard]] voc_result result(std::size_t skipped_unknown_image_detections,
                                  const std::vector<std::uint8_t>& added) const;

 private:
  [[nodiscard]] std::size_t slot(std::size_t c, std::size_t i) const noexcept { return c * (ni_ + 1) + i; }
  voc_options options_;
  voc_curves curves_;
  std::size_t ni_, nc_;
  voc_result result_;
  std::vector<ap_pair> raw_;
  std::vector<std::size_t> begin_;
  std::vector<corner_box<double>> gbox_;
  std::vector<std::uint8_t> gdiff_, matched_, seen_;
  std::vector<std::int8_t> file_outcome_;
  std::vector<std::uint32_t> run_, order_;
  std::vector<key_index> keys_;
  ap_scratch scratch_;
};

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP
