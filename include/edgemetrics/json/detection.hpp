// edgemetrics: nlohmann-json support (to_json / from_json) for the detection area. Field by field:
// docs/json.md, section "voc_eval". Enums are written as their names; NaN as null (read back as
// NaN). from_json throws std::invalid_argument on a bad enum name or envelope and nlohmann's
// exceptions on a missing field or a field of the wrong type.
#ifndef EDGEMETRICS_JSON_DETECTION_HPP
#define EDGEMETRICS_JSON_DETECTION_HPP

#include <edgemetrics/detection.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

/// {"iou_threshold", "iou_comparison", "recall_grid", "summation", "empty_precision",
///  "no_positives", "unknown_images", "box_convention"} (enums by name: "greater_equal", ...).
inline void to_json(nlohmann::json& j, const voc_options& o) {
  j = nlohmann::json{
      {"iou_threshold", o.iou_threshold},
      {"iou_comparison", o.comparison},
      {"recall_grid", o.grid},
      {"summation", o.sum},
      {"empty_precision", o.no_decision_precision},
      {"no_positives", o.no_positives},
      {"unknown_images", o.unknown_images},
      {"box_convention", o.convention},
  };
}
/// Reads the keys to_json writes (other keys are ignored, so a report's "options" reads too).
/// A missing "box_convention" reads as pixel_inclusive (the VOC convention, the default).
inline void from_json(const nlohmann::json& j, voc_options& o) {
  j.at("iou_threshold").get_to(o.iou_threshold);
  j.at("iou_comparison").get_to(o.comparison);
  j.at("recall_grid").get_to(o.grid);
  j.at("summation").get_to(o.sum);
  j.at("empty_precision").get_to(o.no_decision_precision);
  j.at("no_positives").get_to(o.no_positives);
  j.at("unknown_images").get_to(o.unknown_images);
  o.convention = box_convention::pixel_inclusive;
  if (const auto c = j.find("box_convention"); c != j.end()) c->get_to(o.convention);
}

/// The counts of one class: {"npos", "difficult", "detections", "tp", "fp", "ignored", "in_mean",
/// "inverted_detections", "inverted_objects"} (the entry of "classes" in voc_result's JSON; the
/// name is its key there and the APs are under "results").
inline void to_json(nlohmann::json& j, const voc_class_result& c) {
  j = nlohmann::json{{"npos", c.npos},
                     {"difficult", c.difficult},
                     {"detections", c.detections},
                     {"tp", c.true_positives},
                     {"fp", c.false_positives},
                     {"ignored", c.ignored},
                     {"in_mean", c.in_mean},
                     {"inverted_detections", c.inverted_detections},
                     {"inverted_objects", c.inverted_objects}};
}
/// Reads the counts; name, APs and curve are left as they are.
inline void from_json(const nlohmann::json& j, voc_class_result& c) {
  j.at("npos").get_to(c.npos);
  j.at("difficult").get_to(c.difficult);
  j.at("detections").get_to(c.detections);
  j.at("tp").get_to(c.true_positives);
  j.at("fp").get_to(c.false_positives);
  j.at("ignored").get_to(c.ignored);
  j.at("in_mean").get_to(c.in_mean);
  j.at("inverted_detections").get_to(c.inverted_detections);
  j.at("inverted_objects").get_to(c.inverted_objects);
}

namespace detail {

/// {"voc07": {"per_class": {cls: ap}, "mAP": x}, "voc10": {...}}, the metrics asked for.
inline nlohmann::json voc_results_json(const voc_result& r, bool voc07, bool voc10) {
  nlohmann::json v07 = nlohmann::json::object(), v10 = nlohmann::json::object();
  for (const auto& c : r.classes) {
    v07[c.name] = number_or_null(c.ap_voc07);
    v10[c.name] = number_or_null(c.ap_voc10);
  }
  nlohmann::json res = nlohmann::json::object();
  if (voc07) res["voc07"] = {{"per_class", std::move(v07)}, {"mAP", number_or_null(r.map_voc07)}};
  if (voc10) res["voc10"] = {{"per_class", std::move(v10)}, {"mAP", number_or_null(r.map_voc10)}};
  return res;
}

inline nlohmann::json voc_classes_json(const voc_result& r) {
  nlohmann::json cls = nlohmann::json::object();
  for (const auto& c : r.classes) cls[c.name] = c;
  return cls;
}

/// The result's fields from a payload ("images", "skipped_unknown_image_detections", "results",
/// "classes"). Classes come in `order` when given (a JSON object's keys are sorted), else in key
/// order; a metric missing from "results" reads as NaN.
inline void voc_result_from_payload(const nlohmann::json& j, const voc_options& options,
                                    const std::vector<std::string>& order, voc_result& r) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r = voc_result{};
  r.options = options;
  j.at("images").get_to(r.images);
  j.at("skipped_unknown_image_detections").get_to(r.skipped_unknown_image_detections);
  r.boxes = j.value("boxes", std::size_t{0});
  r.boxes_in_normalized_range = j.value("boxes_in_normalized_range", std::size_t{0});
  const nlohmann::json& results = j.at("results");
  const nlohmann::json& classes = j.at("classes");
  const auto v07 = results.find("voc07");
  const auto v10 = results.find("voc10");
  r.map_voc07 = v07 != results.end() ? number_or_nan(v07->at("mAP")) : nan;
  r.map_voc10 = v10 != results.end() ? number_or_nan(v10->at("mAP")) : nan;
  std::vector<std::string> names = order;
  if (names.empty()) {
    for (auto it = classes.begin(); it != classes.end(); ++it) names.push_back(it.key());
  } else if (names.size() != classes.size()) {
    throw std::invalid_argument("edgemetrics: voc_eval report: options.classes does not match \"classes\"");
  }
  for (const auto& name : names) {
    voc_class_result c;
    classes.at(name).get_to(c);
    c.name = name;
    c.ap_voc07 = v07 != results.end() ? number_or_nan(v07->at("per_class").at(name)) : nan;
    c.ap_voc10 = v10 != results.end() ? number_or_nan(v10->at("per_class").at(name)) : nan;
    r.classes.push_back(std::move(c));
  }
}

}  // namespace detail

/// {"iou": t, "options": {...}, "images": n, "skipped_unknown_image_detections": n,
///  "boxes": n, "boxes_in_normalized_range": n,
///  "results": {"voc07": {"per_class": {cls: ap}, "mAP": x}, "voc10": {...}},
///  "classes": {cls: {"npos", "difficult", "detections", "tp", "fp", "ignored", "in_mean",
///                    "inverted_detections", "inverted_objects"}}}.
/// NaN is written as null; curves are not written. (0.1 also wrote "schema": 1; a whole report
/// with the common envelope is voc_report.)
inline void to_json(nlohmann::json& j, const voc_result& r) {
  j = nlohmann::json{{"iou", r.options.iou_threshold},
                     {"options", r.options},
                     {"images", r.images},
                     {"skipped_unknown_image_detections", r.skipped_unknown_image_detections},
                     {"boxes", r.boxes},
                     {"boxes_in_normalized_range", r.boxes_in_normalized_range},
                     {"results", detail::voc_results_json(r, true, true)},
                     {"classes", detail::voc_classes_json(r)}};
}
/// Reads what to_json writes; classes come back in name order (JSON objects are sorted), curves empty.
inline void from_json(const nlohmann::json& j, voc_result& r) {
  voc_options o;
  j.at("options").get_to(o);
  detail::voc_result_from_payload(j, o, {}, r);
}

/// The voc_eval report: the common envelope (kind "voc_eval"; options = the voc_options plus
/// "preset", "metric", "year", "set" and "classes") and the payload (docs/json.md): "iou",
/// "preset", "images", "objects", "difficult", "detections", "skipped_unknown_image_detections",
/// "objects_of_other_classes", "object_of_other_class_example" (only when there are any),
/// "inverted_detections", "inverted_objects", "boxes", "boxes_in_normalized_range", "results"
/// (the metric(s) shown), "classes",
/// "notices", "classes_without_ground_truth".
inline void to_json(nlohmann::json& j, const voc_report& r) {
  nlohmann::json options = r.result.options;
  options["preset"] = r.run.preset;
  options["metric"] = r.run.metric;
  options["year"] = r.run.year;
  options["set"] = r.run.image_set;
  std::vector<std::string> names;
  names.reserve(r.result.classes.size());
  for (const auto& c : r.result.classes) names.push_back(c.name);
  options["classes"] = std::move(names);
  j = detail::make_envelope("voc_eval", r.info, std::move(options));
  const voc_totals& t = r.totals;
  j["iou"] = r.result.options.iou_threshold;
  j["preset"] = r.run.preset;
  j["images"] = t.images;
  j["objects"] = t.objects;
  j["difficult"] = t.difficult;
  j["detections"] = t.detections;
  j["skipped_unknown_image_detections"] = t.skipped_unknown_image_detections;
  j["objects_of_other_classes"] = t.objects_of_other_classes;
  if (t.objects_of_other_classes > 0) j["object_of_other_class_example"] = t.object_of_other_class_example;
  j["inverted_detections"] = t.inverted_detections;
  j["inverted_objects"] = t.inverted_objects;
  j["boxes"] = r.result.boxes;
  j["boxes_in_normalized_range"] = r.result.boxes_in_normalized_range;
  j["results"] =
      detail::voc_results_json(r.result, r.shows(ap_method::voc07_11_point), r.shows(ap_method::voc10_all_point));
  j["classes"] = detail::voc_classes_json(r.result);
  j["notices"] = r.notices;
  j["classes_without_ground_truth"] = r.classes_without_ground_truth;
}

/// Reads a voc_eval report back (classes in the order of options.classes). A metric not shown
/// reads back as NaN.
inline void from_json(const nlohmann::json& j, voc_report& r) {
  r = voc_report{};
  r.info = detail::read_envelope(j, "voc_eval");
  const nlohmann::json& options = j.at("options");
  voc_options o;
  options.get_to(o);
  options.at("preset").get_to(r.run.preset);
  options.at("metric").get_to(r.run.metric);
  options.at("year").get_to(r.run.year);
  options.at("set").get_to(r.run.image_set);
  detail::voc_result_from_payload(j, o, options.at("classes").get<std::vector<std::string>>(), r.result);
  voc_totals& t = r.totals;
  j.at("images").get_to(t.images);
  j.at("objects").get_to(t.objects);
  j.at("difficult").get_to(t.difficult);
  j.at("detections").get_to(t.detections);
  j.at("skipped_unknown_image_detections").get_to(t.skipped_unknown_image_detections);
  j.at("objects_of_other_classes").get_to(t.objects_of_other_classes);
  t.object_of_other_class_example = j.value("object_of_other_class_example", std::string());
  j.at("inverted_detections").get_to(t.inverted_detections);
  j.at("inverted_objects").get_to(t.inverted_objects);
  j.at("notices").get_to(r.notices);
  j.at("classes_without_ground_truth").get_to(r.classes_without_ground_truth);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_DETECTION_HPP
