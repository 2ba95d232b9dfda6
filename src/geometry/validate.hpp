// Input checks shared by the geometry kernels (internal to src/geometry).
#ifndef EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP
#define EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP

#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/span.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace edgemetrics::detail {

[[noreturn]] inline void throw_invalid(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string("edgemetrics::") + function + ": " + what);
}

inline std::string element(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

/// Rejects a non-finite or inverted box (zero-area boxes pass); `name`[i] in the message.
template <class T>
void validate_box(const corner_box<T>& box, box_convention c, const char* function, const char* name, std::size_t i) {
  const box_status s = check_box(box, c);
  if (s == box_status::non_finite) {
    throw_invalid(function, element(name, i) + " has a non-finite coordinate (NaN or infinity)");
  }
  if (s == box_status::inverted) {
    throw_invalid(function, element(name, i) + " is inverted (x2 < x1 or y2 < y1 under the " +
                                std::string(to_string(c)) + " convention)");
  }
}

/// Rejects non-finite coordinates and inverted boxes (zero-area boxes pass).
template <class T>
void validate_boxes(span<const corner_box<T>> boxes, box_convention c, const char* function, const char* name) {
  for (std::size_t i = 0; i < boxes.size(); ++i) validate_box(boxes[i], c, function, name, i);
}

/// Rejects NaN scores (infinite scores are ordered and accepted).
template <class T>
void validate_scores(strided_span<const T> scores, const char* function, const char* name = "scores") {
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) throw_invalid(function, element(name, i) + " is NaN");
  }
}

/// A shortest round-trip-ish rendering of a double for messages: 0.5, 50, -0.1, 1e+20.
inline std::string number_text(double value) {
  std::string s = std::to_string(value);
  if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

inline void validate_threshold(double value, const char* function, const char* name) {
  if (std::isnan(value)) throw_invalid(function, std::string(name) + " is NaN");
  if (value < 0) throw_invalid(function, std::string(name) + " is negative (" + std::to_string(value) + ")");
}

/// An IoU threshold: a fraction in [0, 1] (50 meant 0.5 or 50 %: an error, not "suppress nothing").
inline void validate_iou_threshold(double value, const char* function, const char* name) {
  if (std::isnan(value)) throw_invalid(function, std::string(name) + " is NaN");
  if (!(value >= 0 && value <= 1)) {
    throw_invalid(function, std::string(name) + " is a fraction in [0, 1] (an IoU), got " + number_text(value) +
                                (value > 1 && value <= 100
                                     ? " (for " + number_text(value) + " %, pass " + number_text(value / 100) + ")"
                                     : ""));
  }
}

inline void validate_lengths(std::size_t boxes, std::size_t other, const char* function, const char* name) {
  if (boxes != other) {
    throw_invalid(function,
                  "boxes has " + std::to_string(boxes) + " elements but " + name + " has " + std::to_string(other));
  }
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP
