// Per-class and averaged classification metrics from a confusion matrix.
// Definitions (and how each matches scikit-learn): docs/conventions.md, "Classification".
#ifndef EDGEMETRICS_CLASSIFICATION_METRICS_HPP
#define EDGEMETRICS_CLASSIFICATION_METRICS_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>

#include <edgemetrics/detail/enum_names.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace edgemetrics {

/// What a metric is when its denominator is zero (scikit-learn's `zero_division`;
/// its default "warn" behaves as `zero`). With `nan`, averages skip the NaN classes.
enum class zero_division { zero, one, nan };

/// How per-class metrics are combined (scikit-learn's `average=`).
enum class average {
  micro,     ///< from the summed TP/FP/FN of all classes (multiclass: precision = recall = accuracy)
  macro,     ///< unweighted mean over all K classes of the matrix
  weighted,  ///< mean weighted by support (number of true samples of each class)
};

template <>
struct detail::enum_traits<zero_division> {
  static constexpr std::string_view type_name = "zero_division";
  static constexpr std::array<detail::enum_name<zero_division>, 3> names{{
      {zero_division::zero, "zero"},
      {zero_division::one, "one"},
      {zero_division::nan, "nan"},
  }};
};
template <>
struct detail::enum_traits<average> {
  static constexpr std::string_view type_name = "average";
  static constexpr std::array<detail::enum_name<average>, 3> names{{
      {average::micro, "micro"},
      {average::macro, "macro"},
      {average::weighted, "weighted"},
  }};
};
/// "zero", "one", "nan".
[[nodiscard]] constexpr std::string_view to_string(zero_division zd) noexcept { return detail::enum_to_string(zd); }
/// The zero_division named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline zero_division parse_zero_division(std::string_view name) {
  return detail::enum_from_string<zero_division>(name);
}
/// "micro", "macro", "weighted".
[[nodiscard]] constexpr std::string_view to_string(average avg) noexcept { return detail::enum_to_string(avg); }
/// The average named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline average parse_average(std::string_view name) { return detail::enum_from_string<average>(name); }

/// The value a zero-division policy stands for.
[[nodiscard]] double zero_division_value(zero_division zd) noexcept;

// ---- per class: proportions keep their counts (value(), wilson_interval()) ----
// Every per-class function throws std::invalid_argument if c is not a class of the matrix.

/// Precision of class c: TP / (TP + FP). Empty when c is never predicted.
[[nodiscard]] inline fraction precision(const confusion_matrix& cm, std::size_t c) {
  detail::check_class_index("edgemetrics::precision", c, cm.num_classes());
  return {cm.true_positives(c), cm.predicted_count(c)};
}
/// Recall (sensitivity, true-positive rate) of class c: TP / (TP + FN). Empty when c is absent from the truth.
[[nodiscard]] inline fraction recall(const confusion_matrix& cm, std::size_t c) {
  detail::check_class_index("edgemetrics::recall", c, cm.num_classes());
  return {cm.true_positives(c), cm.true_count(c)};
}
/// Specificity (true-negative rate) of class c: TN / (TN + FP).
[[nodiscard]] inline fraction specificity(const confusion_matrix& cm, std::size_t c) {
  detail::check_class_index("edgemetrics::specificity", c, cm.num_classes());
  return {cm.true_negatives(c), cm.total() - cm.true_count(c)};
}
/// Accuracy: correct / total.
[[nodiscard]] inline fraction accuracy(const confusion_matrix& cm) { return {cm.correct(), cm.total()}; }
/// Support of class c: the number of samples whose truth is c.
[[nodiscard]] inline confusion_matrix::count_type support(const confusion_matrix& cm, std::size_t c) {
  detail::check_class_index("edgemetrics::support", c, cm.num_classes());
  return cm.true_count(c);
}

/// F-beta of class c: (1+β²)·TP / ((1+β²)·TP + β²·FN + FP), the harmonic mean of precision
/// and recall weighted by β (scikit-learn >= 1.3). Zero division only when c is neither
/// true nor predicted anywhere. Throws std::invalid_argument if beta is negative or NaN;
/// beta = 0 gives precision, beta = +inf recall.
[[nodiscard]] double fbeta(const confusion_matrix& cm, std::size_t c, double beta,
                           zero_division zd = zero_division::zero);
/// F1 of class c (beta = 1).
[[nodiscard]] double f1(const confusion_matrix& cm, std::size_t c, zero_division zd = zero_division::zero);

// ---- averaged ------------------------------------------------------------

[[nodiscard]] double precision(const confusion_matrix& cm, average avg, zero_division zd = zero_division::zero);
[[nodiscard]] double recall(const confusion_matrix& cm, average avg, zero_division zd = zero_division::zero);
[[nodiscard]] double specificity(const confusion_matrix& cm, average avg, zero_division zd = zero_division::zero);
[[nodiscard]] double fbeta(const confusion_matrix& cm, double beta, average avg,
                           zero_division zd = zero_division::zero);
[[nodiscard]] double f1(const confusion_matrix& cm, average avg, zero_division zd = zero_division::zero);

// ---- whole-matrix scores ------------------------------------------------------

/// Mean recall over the classes present in the truth (scikit-learn's balanced_accuracy_score,
/// adjusted=False). NaN for an empty matrix.
[[nodiscard]] double balanced_accuracy(const confusion_matrix& cm);

/// Matthews correlation coefficient, multiclass (Gorodkin's R_K, as scikit-learn):
/// (c·s - Σ p_k t_k) / sqrt((s² - Σ p_k²)(s² - Σ t_k²)), computed in exact integer
/// arithmetic up to the final division. 0 when the denominator is 0 (scikit-learn);
/// NaN for an empty matrix.
[[nodiscard]] double matthews_corrcoef(const confusion_matrix& cm);

/// Cohen's kappa (unweighted): (p_o - p_e) / (1 - p_e), computed as scikit-learn's
/// 1 - Σ_{i≠j} C_ij / Σ_{i≠j} E_ij in exact integer arithmetic up to the final division.
/// NaN when undefined (empty matrix, or every expected count on the diagonal).
[[nodiscard]] double cohen_kappa(const confusion_matrix& cm);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_METRICS_HPP
