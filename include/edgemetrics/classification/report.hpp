// A classification report: every per-class and averaged metric of a confusion
// matrix in one value, with warnings where a good-looking number hides a problem.
// <edgemetrics/fmt/classification.hpp> prints it as edgemetrics-classification-report does;
// <edgemetrics/json/classification.hpp> writes and reads it (docs/json.md, kind "classification").
#ifndef EDGEMETRICS_CLASSIFICATION_REPORT_HPP
#define EDGEMETRICS_CLASSIFICATION_REPORT_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/classification/metrics.hpp>
#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/report_info.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

namespace detail {
/// Equality of two statistics where NaN (undefined) equals NaN.
inline bool same_value(double a, double b) noexcept { return a == b || (std::isnan(a) && std::isnan(b)); }
}  // namespace detail

struct report_options {
  double beta = 1.0;                             ///< the F-beta column (F1 is always there)
  zero_division zero_div = zero_division::zero;  ///< policy for undefined precision/recall/F
  double confidence = 0.95;                      ///< of the Wilson intervals
  /// A class whose recall is below `poor_recall` while overall accuracy is at least
  /// `accuracy_looks_good` raises report_warning::kind::accuracy_hides_poor_recall.
  double accuracy_looks_good = 0.90;
  double poor_recall = 0.50;

  friend bool operator==(const report_options& a, const report_options& b) noexcept {
    return a.beta == b.beta && a.zero_div == b.zero_div && a.confidence == b.confidence &&
           a.accuracy_looks_good == b.accuracy_looks_good && a.poor_recall == b.poor_recall;
  }
  friend bool operator!=(const report_options& a, const report_options& b) noexcept { return !(a == b); }
};

struct report_warning {
  enum class kind {
    accuracy_hides_poor_recall,  ///< high accuracy, yet a class is mostly missed (imbalanced data)
    class_never_predicted,       ///< a class present in the truth is never predicted (precision undefined)
    class_absent_from_truth,     ///< a class is predicted but never true (recall undefined)
    no_samples,                  ///< the matrix is empty
  };
  kind what = kind::no_samples;
  std::size_t class_index = 0;  ///< the class concerned (0 for no_samples)
  std::string message;          ///< one sentence for a person

  friend bool operator==(const report_warning& a, const report_warning& b) {
    return a.what == b.what && a.class_index == b.class_index && a.message == b.message;
  }
  friend bool operator!=(const report_warning& a, const report_warning& b) { return !(a == b); }
};

template <>
struct detail::enum_traits<report_warning::kind> {
  static constexpr std::string_view type_name = "report_warning::kind";
  static constexpr std::array<detail::enum_name<report_warning::kind>, 4> names{{
      {report_warning::kind::accuracy_hides_poor_recall, "accuracy_hides_poor_recall"},
      {report_warning::kind::class_never_predicted, "class_never_predicted"},
      {report_warning::kind::class_absent_from_truth, "class_absent_from_truth"},
      {report_warning::kind::no_samples, "no_samples"},
  }};
};
/// "accuracy_hides_poor_recall", "class_never_predicted", "class_absent_from_truth", "no_samples".
[[nodiscard]] constexpr std::string_view to_string(report_warning::kind k) noexcept {
  return detail::enum_to_string(k);
}
/// The report_warning::kind named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline report_warning::kind parse_report_warning_kind(std::string_view name) {
  return detail::enum_from_string<report_warning::kind>(name);
}

/// One row of the report.
struct class_report {
  std::size_t index = 0;
  std::string name;
  confusion_matrix::count_type tp = 0, fp = 0, fn = 0, tn = 0;
  fraction precision, recall, specificity;  ///< counts kept: value(), wilson_interval()
  double f1 = 0;
  double fbeta = 0;                            ///< with report_options::beta
  confusion_matrix::count_type support = 0;    ///< true samples of the class
  confusion_matrix::count_type predicted = 0;  ///< samples predicted as the class

  friend bool operator==(const class_report& a, const class_report& b) {
    return a.index == b.index && a.name == b.name && a.tp == b.tp && a.fp == b.fp && a.fn == b.fn && a.tn == b.tn &&
           a.precision == b.precision && a.recall == b.recall && a.specificity == b.specificity &&
           detail::same_value(a.f1, b.f1) && detail::same_value(a.fbeta, b.fbeta) && a.support == b.support &&
           a.predicted == b.predicted;
  }
  friend bool operator!=(const class_report& a, const class_report& b) { return !(a == b); }
};

/// One averaged row (precision, recall... under micro, macro or weighted averaging).
struct average_report {
  double precision = 0, recall = 0, specificity = 0, f1 = 0, fbeta = 0;
  confusion_matrix::count_type support = 0;

  friend bool operator==(const average_report& a, const average_report& b) noexcept {
    return detail::same_value(a.precision, b.precision) && detail::same_value(a.recall, b.recall) &&
           detail::same_value(a.specificity, b.specificity) && detail::same_value(a.f1, b.f1) &&
           detail::same_value(a.fbeta, b.fbeta) && a.support == b.support;
  }
  friend bool operator!=(const average_report& a, const average_report& b) noexcept { return !(a == b); }
};

/// Everything edgemetrics-classification-report prints and writes: the report of one confusion
/// matrix, with the tool and inputs it was made from (report_info) and, when made by
/// make_classification_report, the matrix itself. Equality compares every field, NaN equal to NaN.
struct classification_report {
  report_info info;  ///< tool and inputs (empty for a library call)
  report_options options;
  /// The matrix the report was made from (make_classification_report); a matrix with no
  /// classes when made by make_report, which does not copy it.
  confusion_matrix matrix;
  std::vector<class_report> classes;
  fraction accuracy;
  average_report micro, macro, weighted;
  double balanced_accuracy = 0;
  double matthews_corrcoef = 0;
  double cohen_kappa = 0;
  confusion_matrix::count_type total = 0;
  std::vector<report_warning> warnings;

  /// The number of classes (rows of the report).
  [[nodiscard]] std::size_t num_classes() const noexcept { return classes.size(); }

  /// True when a warning says the model is unfit where missing a positive is costly.
  [[nodiscard]] bool hides_poor_recall() const noexcept {
    for (const auto& w : warnings) {
      if (w.what == report_warning::kind::accuracy_hides_poor_recall) return true;
    }
    return false;
  }

  friend bool operator==(const classification_report& a, const classification_report& b) {
    return a.info == b.info && a.options == b.options && a.matrix == b.matrix && a.classes == b.classes &&
           a.accuracy == b.accuracy && a.micro == b.micro && a.macro == b.macro && a.weighted == b.weighted &&
           detail::same_value(a.balanced_accuracy, b.balanced_accuracy) &&
           detail::same_value(a.matthews_corrcoef, b.matthews_corrcoef) &&
           detail::same_value(a.cohen_kappa, b.cohen_kappa) && a.total == b.total && a.warnings == b.warnings;
  }
  friend bool operator!=(const classification_report& a, const classification_report& b) { return !(a == b); }
};

/// The report of edgemetrics-classification-report: every metric of `cm` under `options`, its
/// warnings, the matrix itself (moved in) and `info` (the tool and its inputs). Throws
/// std::invalid_argument on bad options (negative or NaN beta, confidence outside (0, 1),
/// accuracy_looks_good or poor_recall outside [0, 1] or NaN).
[[nodiscard]] classification_report make_classification_report(confusion_matrix cm, const report_options& options = {},
                                                               report_info info = {});

/// The same metrics and warnings without copying the matrix (`matrix` has no classes, `info`
/// is empty): for a large K in a loop. Same exceptions.
[[nodiscard]] classification_report make_report(const confusion_matrix& cm, const report_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_REPORT_HPP
