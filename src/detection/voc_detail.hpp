// Internal kernels of the VOC evaluation (src/detection only).
#ifndef EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP
#define EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP

#include <edgemetrics/detection/voc.hpp>

#include "ap_detail.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgemetrics::detail {

/// Greedy decision for one detection against the objects of its image and class.
[[nodiscard]] match_outcome match_detection(const corner_box<double>& det, const corner_box<double>* gt_box,
                                            const std::uint8_t* gt_difficult, std::size_t m, std::uint8_t* matched,
                                            const voc_options& o) noexcept;

void validate_options(const voc_options& o);
/// x2 < x1 or y2 < y1 (counted in voc_class_result::inverted_*, evaluated as given).
[[nodiscard]] inline bool inverted(const corner_box<double>& b) noexcept { return b.x2 < b.x1 || b.y2 < b.y1; }
/// Applies the no-positives policy and computes both mAPs.
void finish(voc_result& r, const std::vector<voc_ap>& raw, const voc_options& o);

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
  /// The same as result(), moving the per-class results out (the evaluator is done).
  [[nodiscard]] voc_result take_result(std::size_t skipped_unknown_image_detections, const std::vector<std::uint8_t>& added);

 private:
  void fill_missing(const std::vector<std::uint8_t>& added, voc_result& r, std::vector<voc_ap>& raw) const;
  [[nodiscard]] std::size_t slot(std::size_t c, std::size_t i) const noexcept { return c * (ni_ + 1) + i; }
  voc_options options_;
  voc_curves curves_;
  std::size_t ni_, nc_;
  voc_result result_;
  std::vector<voc_ap> raw_;
  std::vector<std::size_t> begin_;
  std::vector<corner_box<double>> gbox_;
  std::vector<std::uint8_t> gdiff_, matched_, seen_;
  std::vector<match_outcome> file_outcome_;
  std::vector<std::uint32_t> run_, order_;
  std::vector<key_index> keys_;
  ap_scratch scratch_;
};

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_DETECTION_VOC_DETAIL_HPP
