// Readers for COCO evaluation inputs: the instances JSON (images, categories, annotations) and a
// results JSON (a list of {"image_id", "category_id", "bbox": [x, y, w, h], "score"}). Formats
// and what is accepted or refused: docs/conventions.md, "COCO evaluation".
//
// Errors throw edgemetrics::parse_error naming the file and the element
// ("detections.json: [12].bbox: negative width"); nothing here crashes on malformed input.
#ifndef EDGEMETRICS_IO_COCO_HPP
#define EDGEMETRICS_IO_COCO_HPP

#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/error.hpp>

#include <string>
#include <string_view>

namespace edgemetrics {

/// COCO instances JSON: "images" (each with an integer "id"), "categories" ("id", "name") and
/// "annotations" ("id", "image_id", "category_id", "bbox" [x, y, w, h], "area", "iscrowd";
/// "iscrowd" missing means 0, "area" missing means w * h; "ignore" and every other member are
/// read over). Images and categories come out sorted by id, annotations grouped by image in file
/// order. Errors: a missing or mistyped field, a duplicate image or category id, an annotation
/// naming an unknown image or category id, a negative width or height, a non-finite number.
/// One linear pass without a document tree (files of 1 MiB or more are streamed).
[[nodiscard]] coco_dataset parse_coco_instances(std::string_view text, const std::string& source_name);
[[nodiscard]] coco_dataset read_coco_instances(const std::string& path);

/// COCO results JSON (loadRes): a list of {"image_id", "category_id", "bbox": [x, y, w, h],
/// "score"} (other members read over), grouped by image of `ground_truth` in file order. Errors:
/// a missing or mistyped field, an image or category id not in the ground truth (pycocotools
/// asserts on the first and silently drops the second), a negative width or height, a
/// non-finite number.
[[nodiscard]] coco_detections parse_coco_results(std::string_view text, const std::string& source_name,
                                                 const coco_dataset& ground_truth);
[[nodiscard]] coco_detections read_coco_results(const std::string& path, const coco_dataset& ground_truth);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_COCO_HPP
