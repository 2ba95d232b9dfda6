// edgemetrics: nlohmann-json support (to_json / from_json) for the classification area.
// NaN is written as null (nlohmann's dump()).
#ifndef EDGEMETRICS_JSON_CLASSIFICATION_HPP
#define EDGEMETRICS_JSON_CLASSIFICATION_HPP

#include <edgemetrics/classification.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edgemetrics {

inline void to_json(nlohmann::json& j, const interval& v) { j = nlohmann::json::array({v.lower, v.upper}); }

/// {"successes": s, "trials": n, "value": s/n or null}
inline void to_json(nlohmann::json& j, const fraction& f) {
  j = nlohmann::json{{"successes", f.successes()}, {"trials", f.trials()}, {"value", f.value()}};
}
inline void from_json(const nlohmann::json& j, fraction& f) {
  f = fraction(j.at("successes").get<fraction::count_type>(), j.at("trials").get<fraction::count_type>());
}

/// {"schema": 1, "classes": [names], "counts": [[row of true class 0], ...]} (rows are truth).
inline void to_json(nlohmann::json& j, const confusion_matrix& cm) {
  const std::size_t k = cm.num_classes();
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t t = 0; t < k; ++t) {
    names.push_back(cm.class_name(t));
    nlohmann::json row = nlohmann::json::array();
    for (std::size_t p = 0; p < k; ++p) row.push_back(cm(t, p));
    rows.push_back(std::move(row));
  }
  j = nlohmann::json{{"schema", 1}, {"classes", std::move(names)}, {"counts", std::move(rows)}};
}
/// Reads what to_json writes ("classes" may be omitted). Throws std::invalid_argument or
/// nlohmann::json::exception on a malformed document. Also reached through
/// `j.get<confusion_matrix>()` (the class has no default constructor).
inline confusion_matrix confusion_matrix_from_json(const nlohmann::json& j) {
  const auto& rows = j.at("counts");
  const std::size_t k = rows.size();
  std::vector<confusion_matrix::count_type> counts;
  counts.reserve(k * k);
  for (std::size_t t = 0; t < k; ++t) {
    if (rows.at(t).size() != k) {
      throw std::invalid_argument("edgemetrics: confusion matrix JSON: row " + std::to_string(t) + " has " +
                                  std::to_string(rows.at(t).size()) + " counts, expected " + std::to_string(k));
    }
    for (const auto& v : rows.at(t)) counts.push_back(v.get<confusion_matrix::count_type>());
  }
  std::vector<std::string> names;
  if (j.contains("classes")) names = j.at("classes").get<std::vector<std::string>>();
  return confusion_matrix::from_counts(k, std::move(counts), std::move(names));
}

inline void to_json(nlohmann::json& j, const average_report& a) {
  j = nlohmann::json{{"precision", a.precision}, {"recall", a.recall},  {"specificity", a.specificity}, {"f1", a.f1},
                     {"fbeta", a.fbeta},         {"support", a.support}};
}

inline const char* to_string(report_warning::kind k) noexcept {
  switch (k) {
    case report_warning::kind::accuracy_hides_poor_recall:
      return "accuracy_hides_poor_recall";
    case report_warning::kind::class_never_predicted:
      return "class_never_predicted";
    case report_warning::kind::class_absent_from_truth:
      return "class_absent_from_truth";
    case report_warning::kind::no_samples:
      break;
  }
  return "no_samples";
}

inline const char* to_string(zero_division zd) noexcept {
  return zd == zero_division::one ? "one" : zd == zero_division::nan ? "nan" : "zero";
}

/// The report as a script would want it: per-class rows keyed by class name.
inline void to_json(nlohmann::json& j, const classification_report& r) {
  nlohmann::json per_class = nlohmann::json::object();
  for (const auto& c : r.classes) {
    const double conf = r.options.confidence;
    per_class[c.name] = nlohmann::json{
        {"index", c.index},
        {"tp", c.tp},
        {"fp", c.fp},
        {"fn", c.fn},
        {"tn", c.tn},
        {"precision", c.precision.value_or(zero_division_value(r.options.zero_div))},
        {"precision_ci", c.precision.wilson_interval(conf)},
        {"recall", c.recall.value_or(zero_division_value(r.options.zero_div))},
        {"recall_ci", c.recall.wilson_interval(conf)},
        {"specificity", c.specificity.value_or(zero_division_value(r.options.zero_div))},
        {"f1", c.f1},
        {"fbeta", c.fbeta},
        {"support", c.support},
        {"predicted", c.predicted},
    };
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : r.warnings) {
    warnings.push_back({{"kind", to_string(w.what)}, {"class", w.class_index}, {"message", w.message}});
  }
  j = nlohmann::json{
      {"schema", 1},
      {"total", r.total},
      {"options",
       {{"beta", r.options.beta},
        {"zero_division", to_string(r.options.zero_div)},
        {"confidence", r.options.confidence},
        {"accuracy_looks_good", r.options.accuracy_looks_good},
        {"poor_recall", r.options.poor_recall}}},
      {"accuracy", r.accuracy.value()},
      {"accuracy_ci", r.accuracy.wilson_interval(r.options.confidence)},
      {"balanced_accuracy", r.balanced_accuracy},
      {"matthews_corrcoef", r.matthews_corrcoef},
      {"cohen_kappa", r.cohen_kappa},
      {"per_class", std::move(per_class)},
      {"micro", r.micro},
      {"macro", r.macro},
      {"weighted", r.weighted},
      {"warnings", std::move(warnings)},
  };
}

}  // namespace edgemetrics

template <>
struct nlohmann::adl_serializer<edgemetrics::confusion_matrix> {
  static edgemetrics::confusion_matrix from_json(const nlohmann::json& j) {
    return edgemetrics::confusion_matrix_from_json(j);
  }
  static void to_json(nlohmann::json& j, const edgemetrics::confusion_matrix& cm) { edgemetrics::to_json(j, cm); }
};

#endif  // EDGEMETRICS_JSON_CLASSIFICATION_HPP
