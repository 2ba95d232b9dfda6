// edgemetrics: what every area's JSON support shares (link edgemetrics::json):
//   - the common envelope of every report (docs/json.md):
//       {"schema": 2, "kind": K, "tool": T, "version": V, "inputs": [...], "options": {...}, ...payload}
//   - to_json/from_json for every public enum that has a name table (its name as a string);
//   - NaN written as null and null read back as NaN.
#ifndef EDGEMETRICS_JSON_COMMON_HPP
#define EDGEMETRICS_JSON_COMMON_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/report_info.hpp>
#include <edgemetrics/version.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace edgemetrics {

/// Every named enum as its name: "voc_devkit", "nearest_rank", ...
template <class E, std::enable_if_t<detail::has_enum_names_v<E>, int> = 0>
void to_json(nlohmann::json& j, E e) {
  j = std::string(detail::enum_to_string(e));
}
/// Reads a name back; std::invalid_argument naming the valid ones otherwise.
template <class E, std::enable_if_t<detail::has_enum_names_v<E>, int> = 0>
void from_json(const nlohmann::json& j, E& e) {
  if (!j.is_string()) {
    throw std::invalid_argument("edgemetrics: " + std::string(detail::enum_traits<E>::type_name) +
                                " must be a string (valid: " + detail::enum_name_list<E>() + ")");
  }
  e = detail::enum_from_string<E>(j.get_ref<const std::string&>());
}

namespace detail {

/// NaN (an undefined statistic) as null; everything else as the number.
inline nlohmann::json number_or_null(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }
/// null as NaN; a number as itself; anything else throws nlohmann::json::type_error.
inline double number_or_nan(const nlohmann::json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

/// The envelope's fields; the payload is added by the caller.
inline nlohmann::json make_envelope(std::string_view kind, const report_info& info, nlohmann::json options) {
  nlohmann::json j = nlohmann::json::object();
  j["schema"] = report_schema;
  j["kind"] = std::string(kind);
  j["tool"] = info.tool.empty() ? std::string("edgemetrics") : info.tool;
  j["version"] = std::string(version_string);
  j["inputs"] = info.inputs;
  j["options"] = std::move(options);
  return j;
}

/// Checks that `j` is an envelope of `kind` and schema report_schema; returns its report_info
/// (tool "edgemetrics" reads back as ""). Throws std::invalid_argument otherwise.
inline report_info read_envelope(const nlohmann::json& j, std::string_view kind) {
  if (!j.is_object()) throw std::invalid_argument("edgemetrics: a report must be a JSON object");
  const auto schema = j.find("schema");
  if (schema == j.end() || !schema->is_number_integer() || schema->get<long long>() != report_schema) {
    throw std::invalid_argument("edgemetrics: unsupported report schema " +
                                (schema == j.end() ? std::string("(missing)") : schema->dump()) + " (this is " +
                                std::to_string(report_schema) + ")");
  }
  const auto k = j.find("kind");
  if (k == j.end() || !k->is_string() || k->get_ref<const std::string&>() != kind) {
    throw std::invalid_argument("edgemetrics: expected a report of kind '" + std::string(kind) + "', got " +
                                (k == j.end() ? std::string("none") : k->dump()));
  }
  report_info info;
  info.tool = j.value("tool", std::string());
  if (info.tool == "edgemetrics") info.tool.clear();
  if (j.contains("inputs")) info.inputs = j.at("inputs").get<std::vector<std::string>>();
  return info;
}

}  // namespace detail

inline void to_json(nlohmann::json& j, const report_info& info) {
  j = nlohmann::json{{"tool", info.tool.empty() ? std::string("edgemetrics") : info.tool}, {"inputs", info.inputs}};
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_COMMON_HPP
