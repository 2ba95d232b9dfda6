// Reading (truth, prediction) label pairs from CSV.
#ifndef EDGEMETRICS_IO_LABEL_CSV_HPP
#define EDGEMETRICS_IO_LABEL_CSV_HPP

#include <edgemetrics/classification/labels.hpp>
#include <edgemetrics/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// The most classes parse_label_csv infers from the data (a 10000-class confusion matrix
/// holds 10^8 counts, 800 MB): more labels than that are almost surely a wrong column. A class
/// list (label_csv_options::classes) may be longer.
inline constexpr std::size_t max_inferred_classes = 10000;

struct label_csv_options {
  char delimiter = ',';
  /// Header names of the two columns. A first line containing both names is a header;
  /// otherwise there is no header and the first two columns are used.
  std::string truth_column = "truth";
  std::string prediction_column = "prediction";
  /// Fixed class list (names). Empty: classes are inferred from the data (see label_pairs).
  /// With a list, a label that is not in it is an error naming file, line and column.
  std::vector<std::string> classes;
};

/// Parses CSV text already in memory, naming `source` (a file name, "<stdin>") in errors. Fields are trimmed; a field
/// in double quotes may contain the delimiter. Blank lines and lines starting with '#' are skipped (counted). Throws
/// edgemetrics::parse_error naming `source`, the line and the column on a missing or
/// empty field, an unknown class, a header naming only one of the two columns, a first line
/// of words above integer rows (a header with other names), more than max_inferred_classes
/// inferred classes, or a file with no data rows; std::invalid_argument if the two column
/// names are equal.
[[nodiscard]] label_pairs parse_label_csv(std::string_view text, const std::string& source,
                                          const label_csv_options& options = {});

/// Reads and parses a CSV file (see parse_label_csv); "-" reads standard input, named "<stdin>"
/// in errors. Throws parse_error if it cannot be read.
[[nodiscard]] label_pairs read_label_csv(const std::string& path, const label_csv_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_LABEL_CSV_HPP
