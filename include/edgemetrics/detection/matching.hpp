// Greedy matching of ranked detections to ground-truth objects, protocol-neutral: the VOC
// evaluation uses it for every preset, a COCO-style evaluation can use it per IoU threshold.
// Definitions: docs/conventions.md, "Detection (VOC)", "Matching".
#ifndef EDGEMETRICS_DETECTION_MATCHING_HPP
#define EDGEMETRICS_DETECTION_MATCHING_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/detection/types.hpp>
#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edgemetrics {

/// How the best IoU of a detection is compared with the threshold.
enum class iou_comparison {
  greater_equal,  ///< IoU >= threshold (MATLAB devkit, GluonCV, mmdet)
  greater,        ///< IoU >  threshold (voc_eval.py: py-faster-rcnn, Detectron, detectron2)
};

}  // namespace edgemetrics

namespace edgemetrics::detail {
template <>
struct enum_traits<iou_comparison> {
  static constexpr std::string_view type_name = "iou_comparison";
  static constexpr std::array<enum_name<iou_comparison>, 2> names{
      {{iou_comparison::greater_equal, "greater_equal"}, {iou_comparison::greater, "greater"}}};
};
}  // namespace edgemetrics::detail

namespace edgemetrics {

/// "greater_equal", "greater".
[[nodiscard]] constexpr std::string_view to_string(iou_comparison e) noexcept { return detail::enum_to_string(e); }
/// The iou_comparison named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline iou_comparison parse_iou_comparison(std::string_view name) {
  return detail::enum_from_string<iou_comparison>(name);
}

/// What greedy_match() compares: the IoU (geometry's iou() under `convention`, in double) of a
/// detection with each object, the best one against the threshold.
struct match_options {
  double iou_threshold = 0.5;
  iou_comparison comparison = iou_comparison::greater_equal;
  box_convention convention = box_convention::pixel_inclusive;
};

/// Greedy decision for one detection (call in rank order: descending score) against the objects
/// of its image and class: the candidate is the first object (in the given order) with the
/// largest IoU, among objects with IoU > 0. Below the threshold, or no candidate: false positive;
/// an ignored candidate: ignored (it stays free); a free candidate: true positive, and it is
/// marked taken in `taken`; a taken one: false positive. `ignore` and `taken` have one entry per
/// object (non-zero = ignored / taken). Compiled in the library (exact, independent of the
/// caller's floating-point flags). Allocates nothing.
[[nodiscard]] match_outcome greedy_match(const corner_box<double>& detection_box,
                                         span<const corner_box<double>> objects, span<const std::uint8_t> ignore,
                                         span<std::uint8_t> taken, const match_options& options) noexcept;

/// pycocotools' matching (COCOeval.evaluateImg) of one detection at one IoU threshold, called in
/// rank order (descending score). `ious[j]`: the detection's IoU with object j, the objects
/// ordered non-ignored first (a stable partition). The candidate starts at min(threshold,
/// 1 - 1e-10); for each object in order: skip it if taken and not crowd; stop if the current
/// match is non-ignored and this object is ignored; skip it if its IoU is below the best so far;
/// otherwise it becomes the match (so IoU equal to the threshold matches and among equal IoUs the
/// last object wins). Marks the match taken and returns its index; ious.size() when there is
/// none. `ignore`, `crowd`, `taken`: one entry per object (non-zero = yes); a crowd object can
/// be matched any number of times. Compiled in the library. Allocates nothing.
[[nodiscard]] std::size_t coco_match(span<const double> ious, span<const std::uint8_t> ignore,
                                     span<const std::uint8_t> crowd, span<std::uint8_t> taken,
                                     double threshold) noexcept;

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_MATCHING_HPP
