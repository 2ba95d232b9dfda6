// A classification report: every per-class and averaged metric of a confusion
// matrix in one value, with warnings where a good-looking number hides a problem.
#ifndef EDGEMETRICS_CLASSIFICATION_REPORT_HPP
#define EDGEMETRICS_CLASSIFICATION_REPORT_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/classification/metrics.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace edgemetrics {

struct report_options {
  double beta = 1.0;                             ///< the F-beta column (F1 is always there)
  zero_division zero_div = zero_division::zero;  ///< policy for undefined precision/recall/F
  double confidence = 0.95;                      ///< of the Wilson intervals
  /// A class whose recall is below `poor_recall` while overall accuracy is at least
  /// `accuracy_looks_good` raises report_warning::kind::accuracy_hides_poor_recall.
  double accuracy_looks_good = 0.90;
  double poor_recall = 0.50;
};

struct report_warning {
  enum class kind {
    accuracy_hides_poor_recall,  ///< high accuracy, yet a class is mostly missed (imbalanced data)
    class_never_predicted,       ///< a class present in the truth is never predicted (precision undefined)
    class_absent_from_truth,     ///< a class is predicted but never true (recall undefined)
    no_samples,                  ///< the matrix is empty
  };
  kind what;
  std::size_t class_index;  ///< the class concerned (0 for no_samples)
  std::string message;      ///< one sentence for a person
};

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
};

/// One averaged row (precision, recall... under micro, macro or weighted averaging).
struct average_report {
  double precision = 0, recall = 0, specificity = 0, f1 = 0, fbeta = 0;
  confusion_matrix::count_type support = 0;
};

struct classification_report {
  report_options options;
  std::vector<class_report> classes;
  fraction accuracy;
  average_report micro, macro, weighted;
  double balanced_accuracy = 0;
  double matthews_corrcoef = 0;
  double cohen_kappa = 0;
  confusion_matrix::count_type total = 0;
  std::vector<report_warning> warnings;

  /// True when a warning says the model is unfit where missing a positive is costly.
  [[nodiscard]] bool hides_poor_recall() const noexcept {
    for (const auto& w : warnings) {
      if (w.what == report_warning::kind::accuracy_hides_poor_recall) return true;
    }
    return false;
  }
};

/// Builds the report. Throws std::invalid_argument on bad options (negative beta,
/// confidence outside (0, 1)).
[[nodiscard]] classification_report make_report(const confusion_matrix& cm, const report_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_REPORT_HPP
