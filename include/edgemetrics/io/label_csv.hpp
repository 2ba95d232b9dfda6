// Reading (truth, prediction) label pairs from CSV.
#ifndef EDGEMETRICS_IO_LABEL_CSV_HPP
#define EDGEMETRICS_IO_LABEL_CSV_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
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
  /// Header names of the two columns. A first row containing both names is a header;
  /// otherwise there is no header and the first two columns are used (see parse_label_csv).
  std::string truth_column = "truth";
  std::string prediction_column = "prediction";
  /// Fixed class list (names). Empty: classes are inferred from the data (see label_pairs).
  /// With a list, a label that is not in it is an error naming file, line and column.
  std::vector<std::string> classes;
};

/// Parses CSV text already in memory, naming `source` (a file name, "<stdin>") in errors.
///
/// The CSV is RFC 4180 (docs/conventions.md, "CSV input"): fields in double quotes may hold the
/// delimiter, line breaks and "" (a literal quote); LF or CRLF line breaks; a leading UTF-8
/// byte-order mark is skipped; unquoted fields are trimmed of spaces and tabs; blank lines and
/// lines starting with '#' are skipped (counted); every row must have as many fields as the first.
///
/// The header (docs/conventions.md, "Label CSV"): a first row holding both column names
/// (options.truth_column and options.prediction_column, exact match, in any position among other
/// columns) is the header. Otherwise there is none and the first two columns are used, unless the
/// first row looks like a header with other names: it is then an error (never silently a data row
/// that invents two classes). It looks like one when it has a label that is not an integer and,
/// without a class list, either every later row holds two integers, or both of its labels occur
/// nowhere else in the file (e.g. `y_true,y_pred` above string labels).
///
/// Throws edgemetrics::parse_error naming `source`, the line and the column on a malformed row (an
/// unclosed quote, a field-count mismatch), a missing or empty field, an unknown class, a header
/// naming only one of the two columns, a first row that looks like a header, more than
/// max_inferred_classes inferred classes, or a file with no data rows; std::invalid_argument if
/// the two column names are equal.
[[nodiscard]] label_pairs parse_label_csv(std::string_view text, const std::string& source,
                                          const label_csv_options& options = {});

/// Reads and parses a CSV file (see parse_label_csv), streaming it in chunks; "-" reads standard
/// input, named "<stdin>" in errors. Throws parse_error if it cannot be read.
[[nodiscard]] label_pairs read_label_csv(const std::string& path, const label_csv_options& options = {});

/// The confusion matrix of a label CSV (rows = truth), read in one streaming pass: memory depends
/// on the number of classes, never on the number of rows (a 10^7-row file needs a few MB).
struct label_matrix {
  confusion_matrix matrix;        ///< classes and names as parse_label_csv would give them
  std::size_t rows = 0;           ///< data rows counted
  std::size_t skipped_lines = 0;  ///< blank lines and '#' comments
};

/// Same rules and errors as parse_label_csv / read_label_csv; counts instead of pairs.
[[nodiscard]] label_matrix parse_label_csv_matrix(std::string_view text, const std::string& source,
                                                  const label_csv_options& options = {});
[[nodiscard]] label_matrix read_label_csv_matrix(const std::string& path, const label_csv_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_LABEL_CSV_HPP
