// Label pairs: (truth, prediction) class indices with their class names, as the CSV reader in
// <edgemetrics/io/label_csv.hpp> produces them and confusion_matrix::record consumes them.
#ifndef EDGEMETRICS_CLASSIFICATION_LABELS_HPP
#define EDGEMETRICS_CLASSIFICATION_LABELS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgemetrics {

/// Labels read from a file, as class indices into `class_names`.
///
/// Inferred classes: if every label is a non-negative integer, class i is named "i" and
/// there are max+1 classes (so integer labels keep their meaning); otherwise the classes
/// are the distinct labels in byte order (as numpy.unique / scikit-learn sort them).
struct label_pairs {
  std::vector<std::string> class_names;
  std::vector<std::uint32_t> truth;
  std::vector<std::uint32_t> prediction;
  std::size_t skipped_lines = 0;  ///< blank lines and '#' comments
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_LABELS_HPP
