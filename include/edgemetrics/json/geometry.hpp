// edgemetrics: nlohmann-json support (to_json / from_json) for the geometry area.
// Boxes are arrays in their own order ([x1, y1, x2, y2], [x, y, w, h], [cx, cy, w, h]);
// enums are their names ("pixel_inclusive", "giou", ...); results carry "schema": 1.
#ifndef EDGEMETRICS_JSON_GEOMETRY_HPP
#define EDGEMETRICS_JSON_GEOMETRY_HPP

#include <edgemetrics/geometry.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace edgemetrics {

namespace detail {
inline void box_from_json(const nlohmann::json& j, const char* type) {
  if (!j.is_array() || j.size() != 4) {
    throw std::invalid_argument(std::string("edgemetrics: a ") + type + " must be an array of 4 numbers");
  }
}
}  // namespace detail

// box_convention, box_status, iou_kind, suppression_rule, nms_strategy, soft_nms_method and box_layout are
// written and read as their names by the generic to_json/from_json of <edgemetrics/json/common.hpp>.

template <class T>
void to_json(nlohmann::json& j, const corner_box<T>& b) {
  j = nlohmann::json::array({b.x1, b.y1, b.x2, b.y2});
}
template <class T>
void from_json(const nlohmann::json& j, corner_box<T>& b) {
  detail::box_from_json(j, "corner_box");
  b = {j[0].get<T>(), j[1].get<T>(), j[2].get<T>(), j[3].get<T>()};
}
template <class T>
void to_json(nlohmann::json& j, const xywh_box<T>& b) {
  j = nlohmann::json::array({b.x, b.y, b.w, b.h});
}
template <class T>
void from_json(const nlohmann::json& j, xywh_box<T>& b) {
  detail::box_from_json(j, "xywh_box");
  b = {j[0].get<T>(), j[1].get<T>(), j[2].get<T>(), j[3].get<T>()};
}
template <class T>
void to_json(nlohmann::json& j, const cxcywh_box<T>& b) {
  j = nlohmann::json::array({b.cx, b.cy, b.w, b.h});
}
template <class T>
void from_json(const nlohmann::json& j, cxcywh_box<T>& b) {
  detail::box_from_json(j, "cxcywh_box");
  b = {j[0].get<T>(), j[1].get<T>(), j[2].get<T>(), j[3].get<T>()};
}

/// {"schema": 1, "indices": [...], "scores": [...]}
template <class T>
void to_json(nlohmann::json& j, const soft_nms_result<T>& r) {
  j = nlohmann::json{{"schema", 1}, {"indices", r.indices}, {"scores", r.scores}};
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_GEOMETRY_HPP
