// Errors raised by edgemetrics' readers: they name the file, line and field.
#ifndef EDGEMETRICS_IO_ERROR_HPP
#define EDGEMETRICS_IO_ERROR_HPP

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

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_ERROR_HPP
