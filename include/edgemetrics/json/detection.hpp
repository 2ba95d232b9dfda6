// edgemetrics: nlohmann-json support (to_json / from_json) for the detection area.
#ifndef EDGEMETRICS_JSON_DETECTION_HPP
#define EDGEMETRICS_JSON_DETECTION_HPP

#include <edgemetrics/detection.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

namespace edgemetrics {

inline void to_json(nlohmann::json& j, const voc_options& o) {
  j = nlohmann::json{
      {"iou_threshold", o.iou_threshold},
      {"iou_comparison", o.comparison == iou_comparison::greater_equal ? ">=" : ">"},
      {"recall_grid", o.grid == recall_grid::matlab_colon ? "matlab_colon" : "numpy_arange"},
      {"summation", o.sum == summation::left_to_right ? "left_to_right" : "numpy_pairwise"},
      {"empty_precision", o.no_decision_precision == empty_precision::nan ? "nan" : "zero"},
      {"no_positives", o.no_positives == no_positives_policy::as_computed ? "as_computed"
                       : o.no_positives == no_positives_policy::nan       ? "nan"
                       : o.no_positives == no_positives_policy::zero      ? "zero"
                                                                          : "exclude"},
      {"unknown_images", o.unknown_images == unknown_image_policy::error ? "error" : "skip"},
  };
}

/// {"schema": 1, "iou": t, "options": {...}, "images": n, "skipped_unknown_image_detections": n,
///  "results": {"voc07": {"per_class": {cls: ap}, "mAP": x}, "voc10": {...}},
///  "classes": {cls: {"npos", "difficult", "detections", "tp", "fp", "ignored", "in_mean",
///                    "inverted_detections", "inverted_objects"}}}.
/// NaN is written as null (nlohmann's dump does that); curves are not written.
inline void to_json(nlohmann::json& j, const voc_result& r) {
  nlohmann::json v07 = nlohmann::json::object(), v10 = nlohmann::json::object(), cls = nlohmann::json::object();
  for (const auto& c : r.classes) {
    v07[c.name] = c.ap_voc07;
    v10[c.name] = c.ap_voc10;
    cls[c.name] = {{"npos", c.npos},
                   {"difficult", c.difficult},
                   {"detections", c.detections},
                   {"tp", c.true_positives},
                   {"fp", c.false_positives},
                   {"ignored", c.ignored},
                   {"in_mean", c.in_mean},
                   {"inverted_detections", c.inverted_detections},
                   {"inverted_objects", c.inverted_objects}};
  }
  j = nlohmann::json{
      {"schema", 1},
      {"iou", r.options.iou_threshold},
      {"options", r.options},
      {"images", r.images},
      {"skipped_unknown_image_detections", r.skipped_unknown_image_detections},
      {"results",
       {{"voc07", {{"per_class", v07}, {"mAP", r.map_voc07}}}, {"voc10", {{"per_class", v10}, {"mAP", r.map_voc10}}}}},
      {"classes", cls}};
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_DETECTION_HPP
