// The exceptions edgemetrics throws (docs/conventions.md, "Errors"):
//   std::invalid_argument  a bad value passed to a function (a class id out of range, a NaN score,
//                          a threshold outside its range, incompatible accumulators in merge()).
//   edgemetrics::parse_error (a std::runtime_error)  malformed or unreadable input: names the
//                          file (or source), the line and the field.
//   edgemetrics::output_error (a std::runtime_error)  output that could not be written: names
//                          the file and the system's reason.
#ifndef EDGEMETRICS_ERROR_HPP
#define EDGEMETRICS_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

/// Malformed or unreadable input. what() reads "FILE:LINE: FIELD: PROBLEM"; LINE is
/// omitted when the problem concerns the whole file (line() == 0), FIELD when none applies.
class parse_error : public std::runtime_error {
 public:
  parse_error(std::string file, std::size_t line, std::string field, const std::string& problem)
      : std::runtime_error(compose(file, line, field, problem)),
        file_(std::move(file)),
        field_(std::move(field)),
        line_(line) {}

  /// The file (or a caller-chosen source name such as "<stdin>").
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// 1-based line number; 0 when the problem concerns the whole file.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// The field or element that was wrong (may be empty).
  [[nodiscard]] const std::string& field() const noexcept { return field_; }

 private:
  static std::string compose(const std::string& file, std::size_t line, const std::string& field,
                             const std::string& problem) {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    s += ": ";
    if (!field.empty()) s += field + ": ";
    s += problem;
    return s;
  }

  std::string file_;
  std::string field_;
  std::size_t line_;
};

/// Output that could not be written (a full disk, a missing folder, a closed pipe). what() reads
/// "FILE: PROBLEM". Nothing partial is left behind by the writers that throw it.
class output_error : public std::runtime_error {
 public:
  output_error(std::string file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(std::move(file)) {}

  /// The file (or "<stdout>").
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_ERROR_HPP
