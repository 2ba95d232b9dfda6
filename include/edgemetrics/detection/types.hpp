// Protocol-neutral detection types: a detection and a ground-truth object. The VOC evaluation
// uses them (voc_detection and voc_object are aliases); a COCO-style evaluation can use the same
// types, matching and AP code. Definitions: docs/conventions.md, "Detection types".
#ifndef EDGEMETRICS_DETECTION_TYPES_HPP
#define EDGEMETRICS_DETECTION_TYPES_HPP

#include <edgemetrics/geometry/box.hpp>

#include <cstdint>

namespace edgemetrics {

/// A detection of one image: class, confidence score and corner box. The box is in the box
/// convention of the evaluation that receives it (voc_options::convention, match_options::
/// convention): the type does not carry it, the evaluation states it once for every box.
struct detection {
  std::uint32_t class_id = 0;
  double score = 0;
  corner_box<double> box{};
};

/// A ground-truth object of one image: class, corner box (same convention as the detections) and
/// whether it is ignored: a detection whose best match is an ignored object is neither a true nor
/// a false positive (VOC 'difficult'; a COCO-style 'iscrowd'/ignore flag maps onto it).
struct ground_truth_object {
  std::uint32_t class_id = 0;
  corner_box<double> box{};
  bool difficult = false;
};

/// The decision for one ranked detection (stored as its value: 1, 0, -1).
enum class match_outcome : std::int8_t {
  ignored = -1,        ///< best match is an ignored ('difficult') object
  false_positive = 0,  ///< no object above the threshold, or its best object was already taken
  true_positive = 1,   ///< matched a free, non-ignored object
};

/// Upper end of the range [0, normalized_coordinate_limit] in which every coordinate of a set of
/// boxes makes the evaluation warn that the boxes look normalised (0..1, a little margin for
/// boxes that overshoot the image) while the pixel-inclusive convention adds 1 to every width.
inline constexpr double normalized_coordinate_limit = 1.5;

/// True when every coordinate of `b` lies within [0, normalized_coordinate_limit].
template <class T>
[[nodiscard]] constexpr bool within_normalized_range(const corner_box<T>& b) noexcept {
  const auto in = [](T v) { return v >= T(0) && static_cast<double>(v) <= normalized_coordinate_limit; };
  return in(b.x1) && in(b.y1) && in(b.x2) && in(b.y2);
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_TYPES_HPP
