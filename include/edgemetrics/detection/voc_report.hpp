// The report of a PASCAL VOC evaluation (what edgemetrics-voc-eval prints and writes): the run's
// setup, the result, the totals over classes and the warnings and notes that go with them.
// Console form: <edgemetrics/fmt/detection.hpp>; JSON (kind "voc_eval", docs/json.md):
// <edgemetrics/json/detection.hpp>.
#ifndef EDGEMETRICS_DETECTION_VOC_REPORT_HPP
#define EDGEMETRICS_DETECTION_VOC_REPORT_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/detection/voc.hpp>
#include <edgemetrics/report_info.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// Which metric a report shows (table columns, JSON "results").
enum class voc_metric {
  voc07,  ///< VOC2007 11-point AP only
  voc10,  ///< VOC2010+ all-point AP only
  both,   ///< both
};

/// What a report warns about or explains, in the order the console shows them.
enum class voc_notice {
  /// Detections on image ids not in the image set were dropped (unknown_image_policy::skip).
  skipped_unknown_image_detections,
  /// XML objects of classes not in the class list were skipped (not in npos).
  objects_of_other_classes,
  /// Detections or ground-truth objects with inverted boxes (x2 < x1 or y2 < y1).
  inverted_boxes,
  /// Every box lies within [0, 1.5] while matched pixel-inclusive: the coordinates look
  /// normalised and the +1 dominates the IoU (voc_result::coordinates_look_normalized()).
  normalized_coordinates,
  /// A shown mAP is NaN because classes without ground truth (npos == 0) are in the mean.
  nan_map_without_ground_truth,
};

}  // namespace edgemetrics

namespace edgemetrics::detail {
template <>
struct enum_traits<voc_metric> {
  static constexpr std::string_view type_name = "voc_metric";
  static constexpr std::array<enum_name<voc_metric>, 3> names{
      {{voc_metric::voc07, "voc07"}, {voc_metric::voc10, "voc10"}, {voc_metric::both, "both"}}};
};
template <>
struct enum_traits<voc_notice> {
  static constexpr std::string_view type_name = "voc_notice";
  static constexpr std::array<enum_name<voc_notice>, 5> names{
      {{voc_notice::skipped_unknown_image_detections, "skipped_unknown_image_detections"},
       {voc_notice::objects_of_other_classes, "objects_of_other_classes"},
       {voc_notice::inverted_boxes, "inverted_boxes"},
       {voc_notice::normalized_coordinates, "normalized_coordinates"},
       {voc_notice::nan_map_without_ground_truth, "nan_map_without_ground_truth"}}};
};
}  // namespace edgemetrics::detail

namespace edgemetrics {

[[nodiscard]] constexpr std::string_view to_string(voc_metric e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] constexpr std::string_view to_string(voc_notice e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] inline voc_metric parse_voc_metric(std::string_view name) {
  return detail::enum_from_string<voc_metric>(name);
}
[[nodiscard]] inline voc_notice parse_voc_notice(std::string_view name) {
  return detail::enum_from_string<voc_notice>(name);
}

/// What the run was: the data set's year and image set, the preset the options started from and
/// the metric(s) to show. Only shown and recorded; the numbers come from voc_result::options.
struct voc_run {
  std::string year = "2007";
  std::string image_set = "test";
  voc_preset preset = voc_preset::voc_devkit;
  voc_metric metric = voc_metric::both;

  friend bool operator==(const voc_run& a, const voc_run& b) {
    return a.year == b.year && a.image_set == b.image_set && a.preset == b.preset && a.metric == b.metric;
  }
  friend bool operator!=(const voc_run& a, const voc_run& b) { return !(a == b); }
};

/// Totals over every class of a result, and what reading the files found besides.
struct voc_totals {
  std::size_t images = 0;
  std::size_t objects = 0;     ///< ground-truth objects of the listed classes (difficult included)
  std::size_t difficult = 0;   ///< of which difficult
  std::size_t detections = 0;  ///< detections evaluated
  std::size_t inverted_detections = 0;
  std::size_t inverted_objects = 0;
  std::size_t skipped_unknown_image_detections = 0;
  std::size_t objects_of_other_classes = 0;
  std::string object_of_other_class_example;  ///< "'<name>' in <file>"; empty when none
};

/// The whole report of one evaluation.
struct voc_report {
  report_info info;
  voc_run run;
  voc_result result;  ///< options in result.options
  voc_totals totals;
  /// What the console warns about or explains, in print order (each at most once).
  std::vector<voc_notice> notices;
  /// The classes with npos == 0 counted in the mean, when a shown mAP is NaN (the note's list);
  /// empty otherwise.
  std::vector<std::string> classes_without_ground_truth;

  /// Whether the report shows the 11-point (voc07) or all-point (voc10) metric.
  [[nodiscard]] bool shows(ap_method m) const noexcept {
    return run.metric == voc_metric::both || (run.metric == voc_metric::voc07) == (m == ap_method::voc07_11_point);
  }
  [[nodiscard]] bool has(voc_notice n) const noexcept {
    for (const voc_notice x : notices) {
      if (x == n) return true;
    }
    return false;
  }
};

/// Builds the report of an evaluation (evaluate_voc_files' value, or {evaluate(...)} for a set in
/// memory): sums the totals over the classes and decides the notices. Throws nothing but
/// std::bad_alloc.
[[nodiscard]] voc_report make_voc_report(voc_evaluation evaluation, const voc_run& run, report_info info = {});
/// The same for a result alone (evaluate(), voc_evaluator::compute(): no objects of other classes).
[[nodiscard]] voc_report make_voc_report(voc_result result, const voc_run& run, report_info info = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_VOC_REPORT_HPP
