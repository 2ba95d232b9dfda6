// Input checks shared by the geometry kernels (internal to src/geometry).
#ifndef EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP
#define EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP

#include <edgemetrics/geometry/box.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace edgemetrics::detail {

[[noreturn]] inline void throw_invalid(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string("edgemetrics::") + function + ": " + what);
}

inline std::string element(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

/// Rejects non-finite coordinates and inverted boxes (zero-area boxes pass).
template <class T>
void validate_boxes(const std::vector<corner_box<T>>& boxes, box_convention c, const char* function, const char* name) {
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const box_status s = check_box(boxes[i], c);
    if (s == box_status::non_finite) {
      throw_invalid(function, element(name, i) + " has a non-finite coordinate (NaN or infinity)");
    }
    if (s == box_status::inverted) {
      throw_invalid(function, element(name, i) + " is inverted (x2 < x1 or y2 < y1 under the " +
                                  std::string(to_string(c)) + " convention)");
    }
  }
}

/// Rejects NaN scores (infinite scores are ordered and accepted).
template <class T>
void validate_scores(const std::vector<T>& scores, const char* function) {
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) throw_invalid(function, element("scores", i) + " is NaN");
  }
}

inline void validate_threshold(double value, const char* function, const char* name) {
  if (std::isnan(value)) throw_invalid(function, std::string(name) + " is NaN");
  if (value < 0) throw_invalid(function, std::string(name) + " is negative (" + std::to_string(value) + ")");
}

inline void validate_lengths(std::size_t boxes, std::size_t other, const char* function, const char* name) {
  if (boxes != other) {
    throw_invalid(function,
                  "boxes has " + std::to_string(boxes) + " elements but " + name + " has " + std::to_string(other));
  }
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_GEOMETRY_VALIDATE_HPP
