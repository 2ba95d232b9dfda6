// edgemetrics: nlohmann-json support (to_json / from_json) for the classification area.
// The report is written in the common envelope (docs/json.md, kind "classification") and read
// back by from_json; NaN (an undefined statistic) is written as null and read back as NaN.
// Enums (zero_division, average, top_k_ties, normalize_by, report_warning::kind) are their
// names, through <edgemetrics/json/common.hpp>.
#ifndef EDGEMETRICS_JSON_CLASSIFICATION_HPP
#define EDGEMETRICS_JSON_CLASSIFICATION_HPP

#include <edgemetrics/classification.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

/// [lower, upper]
inline void to_json(nlohmann::json& j, const interval& v) { j = nlohmann::json::array({v.lower, v.upper}); }
inline void from_json(const nlohmann::json& j, interval& v) {
  if (!j.is_array() || j.size() != 2) throw std::invalid_argument("edgemetrics: an interval must be [lower, upper]");
  v = interval{j[0].get<double>(), j[1].get<double>()};
}

/// {"successes": s, "trials": n, "value": s/n or null}
inline void to_json(nlohmann::json& j, const fraction& f) {
  j = nlohmann::json{
      {"successes", f.successes()}, {"trials", f.trials()}, {"value", detail::number_or_null(f.value())}};
}
/// Reads the counts ("value" is derived); std::invalid_argument if successes > trials.
inline void from_json(const nlohmann::json& j, fraction& f) {
  f = fraction(j.at("successes").get<fraction::count_type>(), j.at("trials").get<fraction::count_type>());
}

/// {"classes": [names], "counts": [[row of true class 0], ...]} (rows are the truth);
/// "classes" only when the classes are named (unnamed classes are 0..K-1), so a matrix reads
/// back as it was.
inline void to_json(nlohmann::json& j, const confusion_matrix& cm) {
  const std::size_t k = cm.num_classes();
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t t = 0; t < k; ++t) {
    nlohmann::json row = nlohmann::json::array();
    for (std::size_t p = 0; p < k; ++p) row.push_back(cm(t, p));
    rows.push_back(std::move(row));
  }
  j = nlohmann::json{{"counts", std::move(rows)}};
  if (!cm.class_names().empty()) j["classes"] = cm.class_names();
}
/// Reads what to_json writes ("classes" may be omitted; no rows gives a matrix with no
/// classes). Throws std::invalid_argument or nlohmann::json::exception on a malformed document.
inline confusion_matrix confusion_matrix_from_json(const nlohmann::json& j) {
  const auto& rows = j.at("counts");
  if (!rows.is_array()) throw std::invalid_argument("edgemetrics: confusion matrix JSON: counts must be an array");
  const std::size_t k = rows.size();
  if (k == 0) return confusion_matrix();
  std::vector<confusion_matrix::count_type> counts;
  counts.reserve(k * k);
  for (std::size_t t = 0; t < k; ++t) {
    if (!rows.at(t).is_array() || rows.at(t).size() != k) {
      throw std::invalid_argument("edgemetrics: confusion matrix JSON: row " + std::to_string(t) + " has " +
                                  std::to_string(rows.at(t).size()) + " counts, expected " + std::to_string(k));
    }
    for (const auto& v : rows.at(t)) counts.push_back(v.get<confusion_matrix::count_type>());
  }
  std::vector<std::string> names;
  if (j.contains("classes")) names = j.at("classes").get<std::vector<std::string>>();
  return confusion_matrix::from_counts(k, std::move(counts), std::move(names));
}
inline void from_json(const nlohmann::json& j, confusion_matrix& cm) { cm = confusion_matrix_from_json(j); }

/// {"beta", "zero_division", "confidence", "accuracy_looks_good", "poor_recall"}
inline void to_json(nlohmann::json& j, const report_options& o) {
  j = nlohmann::json{{"beta", o.beta},
                     {"zero_division", o.zero_div},
                     {"confidence", o.confidence},
                     {"accuracy_looks_good", o.accuracy_looks_good},
                     {"poor_recall", o.poor_recall}};
}
/// Every field is required.
inline void from_json(const nlohmann::json& j, report_options& o) {
  report_options r;
  r.beta = j.at("beta").get<double>();
  r.zero_div = j.at("zero_division").get<zero_division>();
  r.confidence = j.at("confidence").get<double>();
  r.accuracy_looks_good = j.at("accuracy_looks_good").get<double>();
  r.poor_recall = j.at("poor_recall").get<double>();
  o = r;
}

/// {"precision", "recall", "specificity", "f1", "fbeta", "support"}
inline void to_json(nlohmann::json& j, const average_report& a) {
  j = nlohmann::json{{"precision", detail::number_or_null(a.precision)},
                     {"recall", detail::number_or_null(a.recall)},
                     {"specificity", detail::number_or_null(a.specificity)},
                     {"f1", detail::number_or_null(a.f1)},
                     {"fbeta", detail::number_or_null(a.fbeta)},
                     {"support", a.support}};
}
inline void from_json(const nlohmann::json& j, average_report& a) {
  average_report r;
  r.precision = detail::number_or_nan(j.at("precision"));
  r.recall = detail::number_or_nan(j.at("recall"));
  r.specificity = detail::number_or_nan(j.at("specificity"));
  r.f1 = detail::number_or_nan(j.at("f1"));
  r.fbeta = detail::number_or_nan(j.at("fbeta"));
  r.support = j.at("support").get<confusion_matrix::count_type>();
  a = r;
}

/// {"kind": "accuracy_hides_poor_recall", "class": 1, "message": "..."}
inline void to_json(nlohmann::json& j, const report_warning& w) {
  j = nlohmann::json{{"kind", w.what}, {"class", w.class_index}, {"message", w.message}};
}
inline void from_json(const nlohmann::json& j, report_warning& w) {
  report_warning r;
  r.what = j.at("kind").get<report_warning::kind>();
  r.class_index = j.at("class").get<std::size_t>();
  r.message = j.at("message").get<std::string>();
  w = std::move(r);
}

namespace detail {

/// One entry of the report's "per_class" object (keyed by the class name, so no "name" here):
/// the counts, precision / recall / specificity with `options`' zero-division value and their
/// Wilson intervals at `options`' confidence, F1, F-beta, support and predicted count.
inline nlohmann::json class_report_json(const class_report& c, const report_options& options) {
  const double zd = zero_division_value(options.zero_div);
  const double conf = options.confidence;
  return nlohmann::json{
      {"index", c.index},
      {"tp", c.tp},
      {"fp", c.fp},
      {"fn", c.fn},
      {"tn", c.tn},
      {"precision", number_or_null(c.precision.value_or(zd))},
      {"precision_ci", c.precision.wilson_interval(conf)},
      {"recall", number_or_null(c.recall.value_or(zd))},
      {"recall_ci", c.recall.wilson_interval(conf)},
      {"specificity", number_or_null(c.specificity.value_or(zd))},
      {"f1", number_or_null(c.f1)},
      {"fbeta", number_or_null(c.fbeta)},
      {"support", c.support},
      {"predicted", c.predicted},
  };
}

/// Reads the counts, F1 and F-beta of a per-class entry (precision, recall and their intervals
/// are derived from the counts); `name` comes from the key or a "name" field.
inline class_report class_report_from_json(const nlohmann::json& j, std::string name) {
  class_report c;
  c.index = j.at("index").get<std::size_t>();
  c.name = std::move(name);
  c.tp = j.at("tp").get<confusion_matrix::count_type>();
  c.fp = j.at("fp").get<confusion_matrix::count_type>();
  c.fn = j.at("fn").get<confusion_matrix::count_type>();
  c.tn = j.at("tn").get<confusion_matrix::count_type>();
  c.support = j.at("support").get<confusion_matrix::count_type>();
  c.predicted = j.at("predicted").get<confusion_matrix::count_type>();
  if (c.support != c.tp + c.fn || c.predicted != c.tp + c.fp) {
    throw std::invalid_argument("edgemetrics: classification report JSON: class '" + c.name +
                                "': support or predicted does not match tp, fp and fn");
  }
  c.precision = fraction(c.tp, c.predicted);
  c.recall = fraction(c.tp, c.support);
  c.specificity = fraction(c.tn, c.tn + c.fp);
  c.f1 = number_or_nan(j.at("f1"));
  c.fbeta = number_or_nan(j.at("fbeta"));
  return c;
}

}  // namespace detail

/// A row on its own: the per_class entry under default options (zero_division zero, 95 %
/// intervals), with "name" added.
inline void to_json(nlohmann::json& j, const class_report& c) {
  j = detail::class_report_json(c, report_options{});
  j["name"] = c.name;
}
inline void from_json(const nlohmann::json& j, class_report& c) {
  c = detail::class_report_from_json(j, j.at("name").get<std::string>());
}

/// The report in the common envelope (docs/json.md, kind "classification"): "options", then
/// "total", "accuracy", "accuracy_ci", "balanced_accuracy", "matthews_corrcoef", "cohen_kappa",
/// "per_class" (keyed by class name), "micro", "macro", "weighted", "warnings" and, when the report
/// carries its matrix, "confusion_matrix".
inline void to_json(nlohmann::json& j, const classification_report& r) {
  j = detail::make_envelope("classification", r.info, r.options);
  nlohmann::json per_class = nlohmann::json::object();
  for (const auto& c : r.classes) per_class[c.name] = detail::class_report_json(c, r.options);
  j["total"] = r.total;
  j["accuracy"] = detail::number_or_null(r.accuracy.value());
  j["accuracy_ci"] = r.accuracy.wilson_interval(r.options.confidence);
  j["balanced_accuracy"] = detail::number_or_null(r.balanced_accuracy);
  j["matthews_corrcoef"] = detail::number_or_null(r.matthews_corrcoef);
  j["cohen_kappa"] = detail::number_or_null(r.cohen_kappa);
  j["per_class"] = std::move(per_class);
  j["micro"] = r.micro;
  j["macro"] = r.macro;
  j["weighted"] = r.weighted;
  j["warnings"] = r.warnings;
  if (r.matrix.num_classes() > 0) j["confusion_matrix"] = r.matrix;
}

/// Reads a saved report back (what to_json writes). Throws std::invalid_argument (wrong kind or
/// schema, inconsistent counts) or nlohmann::json::exception (a missing or mistyped field).
inline void from_json(const nlohmann::json& j, classification_report& r) {
  classification_report out;
  out.info = detail::read_envelope(j, "classification");
  out.options = j.at("options").get<report_options>();
  out.total = j.at("total").get<confusion_matrix::count_type>();
  const auto& per_class = j.at("per_class");
  if (!per_class.is_object()) {
    throw std::invalid_argument("edgemetrics: classification report JSON: per_class must be an object");
  }
  out.classes.resize(per_class.size());
  std::vector<bool> seen(per_class.size(), false);
  confusion_matrix::count_type correct = 0;
  for (const auto& [name, entry] : per_class.items()) {
    class_report c = detail::class_report_from_json(entry, name);
    if (c.index >= out.classes.size() || seen[c.index]) {
      throw std::invalid_argument("edgemetrics: classification report JSON: class '" + name + "' has index " +
                                  std::to_string(c.index) + ", not a new index below " +
                                  std::to_string(out.classes.size()));
    }
    seen[c.index] = true;
    correct += c.tp;
    out.classes[c.index] = std::move(c);
  }
  out.accuracy = fraction(correct, out.total);
  out.balanced_accuracy = detail::number_or_nan(j.at("balanced_accuracy"));
  out.matthews_corrcoef = detail::number_or_nan(j.at("matthews_corrcoef"));
  out.cohen_kappa = detail::number_or_nan(j.at("cohen_kappa"));
  out.micro = j.at("micro").get<average_report>();
  out.macro = j.at("macro").get<average_report>();
  out.weighted = j.at("weighted").get<average_report>();
  out.warnings = j.at("warnings").get<std::vector<report_warning>>();
  if (j.contains("confusion_matrix")) out.matrix = j.at("confusion_matrix").get<confusion_matrix>();
  r = std::move(out);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_CLASSIFICATION_HPP
