// make_voc_report: totals, notices and the note's class list of a VOC evaluation.
#include <edgemetrics/detection/voc_report.hpp>

#include <cmath>
#include <utility>

namespace edgemetrics {

voc_report make_voc_report(voc_evaluation evaluation, const voc_run& run, report_info info) {
  voc_report r;
  r.info = std::move(info);
  r.run = run;
  r.result = std::move(evaluation.result);
  voc_totals& t = r.totals;
  t.images = r.result.images;
  t.skipped_unknown_image_detections = r.result.skipped_unknown_image_detections;
  t.objects_of_other_classes = evaluation.objects_of_other_classes;
  if (t.objects_of_other_classes > 0)
    t.object_of_other_class_example = std::move(evaluation.object_of_other_class_example);
  for (const auto& c : r.result.classes) {
    t.objects += c.npos + c.difficult;
    t.difficult += c.difficult;
    t.detections += c.detections;
    t.inverted_detections += c.inverted_detections;
    t.inverted_objects += c.inverted_objects;
  }
  if (t.skipped_unknown_image_detections > 0) r.notices.push_back(voc_notice::skipped_unknown_image_detections);
  if (t.objects_of_other_classes > 0) r.notices.push_back(voc_notice::objects_of_other_classes);
  if (t.inverted_detections > 0 || t.inverted_objects > 0) r.notices.push_back(voc_notice::inverted_boxes);
  if (r.result.coordinates_look_normalized()) r.notices.push_back(voc_notice::normalized_coordinates);
  // A NaN mAP is the reference's arithmetic, not a failure: name the classes that make it so.
  const bool nan_map = (r.shows(ap_method::voc07_11_point) && std::isnan(r.result.map_voc07)) ||
                       (r.shows(ap_method::voc10_all_point) && std::isnan(r.result.map_voc10));
  if (nan_map) {
    for (const auto& c : r.result.classes) {
      if (c.npos == 0 && c.in_mean) r.classes_without_ground_truth.push_back(c.name);
    }
    if (!r.classes_without_ground_truth.empty()) r.notices.push_back(voc_notice::nan_map_without_ground_truth);
  }
  return r;
}

voc_report make_voc_report(voc_result result, const voc_run& run, report_info info) {
  voc_evaluation e;
  e.result = std::move(result);
  return make_voc_report(std::move(e), run, std::move(info));
}

}  // namespace edgemetrics
