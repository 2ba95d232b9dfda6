// edgemetrics: nlohmann-json support for COCO evaluation: the report of kind "coco_eval" that
// edgemetrics-coco-eval writes, and its options. Field by field: docs/json.md, section
// "coco_eval". from_json reads back what to_json writes (the precision, recall and scores arrays
// are not in the report: they come back empty); it throws std::invalid_argument on a bad envelope
// and nlohmann's exceptions on a missing field or a field of the wrong type.
#ifndef EDGEMETRICS_JSON_COCO_HPP
#define EDGEMETRICS_JSON_COCO_HPP

#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

/// The report's "options": {"iou_thresholds", "max_dets", "use_cats"} (recall thresholds and area
/// ranges are pycocotools' defaults and not written).
inline void to_json(nlohmann::json& j, const coco_params& p) {
  j = nlohmann::json::object();
  j["max_dets"] = p.max_dets;
  j["iou_thresholds"] = p.iou_thresholds;
  j["use_cats"] = p.use_cats;
}
/// Reads the keys to_json writes into default parameters.
inline void from_json(const nlohmann::json& j, coco_params& p) {
  p = coco_params{};
  j.at("max_dets").get_to(p.max_dets);
  j.at("iou_thresholds").get_to(p.iou_thresholds);
  j.at("use_cats").get_to(p.use_cats);
}

/// The envelope (kind "coco_eval", options = the parameters) then "stats" (12 values, -1 where
/// pycocotools gives -1), "stats_names", "per_category" (category id -> AP), "per_category_detail"
/// (category id -> {"name" (with use_cats), "AP", "AP50", "AP75", "AR", "num_gt", "num_gt_crowd",
/// "num_detections"}) and "images".
inline void to_json(nlohmann::json& j, const coco_report& report) {
  const coco_result& r = report.result;
  j = detail::make_envelope("coco_eval", report.info, nlohmann::json(r.params));
  j["stats"] = r.stats;
  nlohmann::json names = nlohmann::json::array();
  for (const char* n : coco_stat_names) names.push_back(n);
  j["stats_names"] = std::move(names);
  nlohmann::json per = nlohmann::json::object();
  nlohmann::json detail = nlohmann::json::object();
  for (std::size_t k = 0; k < r.per_category.size(); ++k) {
    const coco_category_result& c = r.per_category[k];
    per[std::to_string(c.id)] = c.ap;
    nlohmann::json d = nlohmann::json::object();
    if (r.params.use_cats && k < report.category_names.size()) d["name"] = report.category_names[k];
    d["AP"] = c.ap;
    d["AP50"] = c.ap50;
    d["AP75"] = c.ap75;
    d["AR"] = c.ar;
    d["num_gt"] = c.num_gt;
    d["num_gt_crowd"] = c.num_crowd;
    d["num_detections"] = c.num_detections;
    detail[std::to_string(c.id)] = std::move(d);
  }
  j["per_category"] = std::move(per);
  j["per_category_detail"] = std::move(detail);
  j["images"] = r.images;
}

/// Reads what to_json writes: params, stats, per_category (ascending category id),
/// category_ids, category names and images; precision, recall and scores stay empty.
inline void from_json(const nlohmann::json& j, coco_report& report) {
  report = coco_report{};
  report.info = detail::read_envelope(j, "coco_eval");
  coco_result& r = report.result;
  j.at("options").get_to(r.params);
  j.at("stats").get_to(r.stats);
  j.at("images").get_to(r.images);
  const nlohmann::json& detail = j.at("per_category_detail");
  std::vector<std::pair<std::int64_t, const nlohmann::json*>> cats;
  for (auto it = detail.begin(); it != detail.end(); ++it) {
    std::size_t used = 0;
    const long long id = std::stoll(it.key(), &used);
    if (used != it.key().size()) throw std::invalid_argument("edgemetrics: a category id key is not an integer");
    cats.emplace_back(static_cast<std::int64_t>(id), &it.value());
  }
  std::sort(cats.begin(), cats.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, d] : cats) {
    coco_category_result c;
    c.id = id;
    d->at("AP").get_to(c.ap);
    d->at("AP50").get_to(c.ap50);
    d->at("AP75").get_to(c.ap75);
    d->at("AR").get_to(c.ar);
    d->at("num_gt").get_to(c.num_gt);
    d->at("num_gt_crowd").get_to(c.num_crowd);
    d->at("num_detections").get_to(c.num_detections);
    r.per_category.push_back(c);
    r.category_ids.push_back(id);
    if (r.params.use_cats) {
      const auto name = d->find("name");
      report.category_names.push_back(name == d->end() ? std::string() : name->get<std::string>());
    }
  }
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_COCO_HPP
