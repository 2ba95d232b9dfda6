// Top-k accuracy from a score matrix.
#ifndef EDGEMETRICS_CLASSIFICATION_TOP_K_HPP
#define EDGEMETRICS_CLASSIFICATION_TOP_K_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace edgemetrics {

/// How a tie between the true class's score and another class's score is ranked.
enum class top_k_ties {
  /// Deterministic, input order: among equal scores the lower class index ranks first (default).
  lower_index_first,
  /// scikit-learn's top_k_accuracy_score (reversed stable argsort): the higher index ranks first.
  higher_index_first,
  /// Ties favour the true class: a hit if fewer than k classes score strictly higher.
  optimistic,
  /// Ties count against the true class: a hit if fewer than k other classes score higher or equal.
  pessimistic,
};

template <>
struct detail::enum_traits<top_k_ties> {
  static constexpr std::string_view type_name = "top_k_ties";
  static constexpr std::array<detail::enum_name<top_k_ties>, 4> names{{
      {top_k_ties::lower_index_first, "lower_index_first"},
      {top_k_ties::higher_index_first, "higher_index_first"},
      {top_k_ties::optimistic, "optimistic"},
      {top_k_ties::pessimistic, "pessimistic"},
  }};
};
/// "lower_index_first", "higher_index_first", "optimistic", "pessimistic".
[[nodiscard]] constexpr std::string_view to_string(top_k_ties ties) noexcept { return detail::enum_to_string(ties); }
/// The top_k_ties named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline top_k_ties parse_top_k_ties(std::string_view name) {
  return detail::enum_from_string<top_k_ties>(name);
}

/// Top-k accuracy: the fraction of samples whose true class is among the k best-ranked
/// classes. `scores` is row-major, n_samples x n_classes (one row per sample, any
/// floating-point type); `truth` holds n_samples class indices. The rank of the true
/// class t is #{j : s_j > s_t} + #{j ≠ t : s_j == s_t, j ranked ahead by `ties`}; a hit
/// when rank < k. O(n_samples * n_classes), no sorting. k >= n_classes gives 1.
/// Throws std::invalid_argument for k == 0, n_classes == 0, a NaN score (naming sample
/// and class) or a truth label out of range (naming the sample).
/// Rows may be `row_stride` >= n_classes elements apart (a model output with extra columns).
template <class Score, class Label>
[[nodiscard]] fraction top_k_accuracy(const Score* scores, std::size_t n_samples, std::size_t n_classes,
                                      std::size_t row_stride, const Label* truth, std::size_t k,
                                      top_k_ties ties = top_k_ties::lower_index_first) {
  static_assert(std::is_floating_point_v<Score>, "edgemetrics::top_k_accuracy: scores must be floating point");
  static_assert(std::is_integral_v<Label>,
                "edgemetrics::top_k_accuracy: labels must be of an integer type (class indices)");
  if (k == 0) throw std::invalid_argument("edgemetrics::top_k_accuracy: k must be at least 1");
  if (n_classes == 0) throw std::invalid_argument("edgemetrics::top_k_accuracy: n_classes must be at least 1");
  if (row_stride < n_classes) {
    throw std::invalid_argument("edgemetrics::top_k_accuracy: row stride " + std::to_string(row_stride) +
                                " is smaller than the " + std::to_string(n_classes) + " classes");
  }
  fraction hits;
  for (std::size_t i = 0; i < n_samples; ++i) {
    const Score* row = scores + i * row_stride;
    const Label label = truth[i];
    if (!detail::is_class_label(label, n_classes)) {
      throw std::invalid_argument("edgemetrics::top_k_accuracy: truth label " + detail::label_text(label) +
                                  " of sample " + std::to_string(i) + " is not a class (0.." +
                                  std::to_string(n_classes - 1) + ")");
    }
    const auto t = static_cast<std::size_t>(label);
    const Score st = row[t];
    std::size_t rank = 0;
    for (std::size_t j = 0; j < n_classes; ++j) {
      const Score s = row[j];
      if (std::isnan(s)) {
        throw std::invalid_argument("edgemetrics::top_k_accuracy: score of sample " + std::to_string(i) + ", class " +
                                    std::to_string(j) + " is NaN");
      }
      if (s > st) {
        ++rank;
      } else if (s == st && j != t) {
        const bool ahead = ties == top_k_ties::lower_index_first    ? j < t
                           : ties == top_k_ties::higher_index_first ? j > t
                                                                    : ties == top_k_ties::pessimistic;
        rank += ahead ? 1u : 0u;
      }
    }
    hits.record(rank < k);
  }
  return hits;
}

/// Dense rows: n_samples x n_classes, row-major.
template <class Score, class Label>
[[nodiscard]] fraction top_k_accuracy(const Score* scores, std::size_t n_samples, std::size_t n_classes,
                                      const Label* truth, std::size_t k,
                                      top_k_ties ties = top_k_ties::lower_index_first) {
  return top_k_accuracy(scores, n_samples, n_classes, n_classes, truth, k, ties);
}

/// A score matrix view (rows = samples, cols = classes; any row stride) and a span of labels,
/// read in place. Throws std::invalid_argument when the label count differs from the rows.
template <class Score, class Label>
[[nodiscard]] fraction top_k_accuracy(matrix_view<const Score> scores, span<const Label> truth, std::size_t k,
                                      top_k_ties ties = top_k_ties::lower_index_first) {
  if (scores.rows() != truth.size()) {
    throw std::invalid_argument("edgemetrics::top_k_accuracy: " + std::to_string(scores.rows()) + " score rows but " +
                                std::to_string(truth.size()) + " labels");
  }
  return top_k_accuracy(scores.data(), scores.rows(), scores.cols(), scores.row_stride(), truth.data(), k, ties);
}

/// Same, for a vector of rows (each row must have n_classes scores).
template <class Score, class Label>
[[nodiscard]] fraction top_k_accuracy(const std::vector<std::vector<Score>>& scores, const std::vector<Label>& truth,
                                      std::size_t k, top_k_ties ties = top_k_ties::lower_index_first) {
  if (scores.size() != truth.size()) {
    throw std::invalid_argument("edgemetrics::top_k_accuracy: " + std::to_string(scores.size()) + " score rows but " +
                                std::to_string(truth.size()) + " labels");
  }
  if (scores.empty()) return {};
  const std::size_t n_classes = scores.front().size();
  std::vector<Score> flat;
  flat.reserve(scores.size() * n_classes);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i].size() != n_classes) {
      throw std::invalid_argument("edgemetrics::top_k_accuracy: row " + std::to_string(i) + " has " +
                                  std::to_string(scores[i].size()) + " scores, row 0 has " + std::to_string(n_classes));
    }
    flat.insert(flat.end(), scores[i].begin(), scores[i].end());
  }
  return top_k_accuracy(flat.data(), scores.size(), n_classes, truth.data(), k, ties);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_TOP_K_HPP
