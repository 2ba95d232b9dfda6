// Readers for COCO evaluation inputs: the instances JSON (images, categories, annotations) and a
// results JSON (a list of {"image_id", "category_id", "bbox": [x, y, w, h], "score"}). Formats
// and what is accepted or refused: docs/conventions.md, "COCO evaluation".
//
// Errors throw edgemetrics::parse_error naming the file and the element
// ("detections.json: [12].bbox: negative width"); nothing here crashes on malformed input.
#ifndef EDGEMETRICS_IO_COCO_HPP
#define EDGEMETRICS_IO_COCO_HPP

#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/detection/voc.hpp>
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
/// non-finite number. The usual shape (exactly those members, numbers only) is read by a fast
/// path, a large file by two threads; anything else by the general reader, with the same values
/// and errors (docs/conventions.md, "COCO evaluation").
[[nodiscard]] coco_detections parse_coco_results(std::string_view text, const std::string& source_name,
                                                 const coco_dataset& ground_truth);
[[nodiscard]] coco_detections read_coco_results(const std::string& path, const coco_dataset& ground_truth);

/// A VOC set (ground truth and detections) in the COCO evaluator's input form.
struct coco_voc_data {
  coco_dataset ground_truth;
  coco_detections detections;
};

/// Converts a VOC set (load_voc_dataset) as Detectron's VOC-in-COCO JSON files do
/// (docs/conventions.md, "COCO evaluation", "VOC data"): image ids 1..N in image-set order,
/// category ids 1..C in class order (names = class names), a box (x1, y1, x2, y2) in VOC's 1-based
/// pixel-inclusive frame becomes [x1 - 1, y1 - 1, x2 - x1 + 1, y2 - y1 + 1], area = w * h, iscrowd 0.
/// A difficult object is an ordinary object, as in pycocotools (which overwrites the JSON's
/// "ignore": 1 with iscrowd). Detections of an image come class by class, each class in file order.
/// Throws std::invalid_argument when a box has a negative width or height after the conversion.
[[nodiscard]] coco_voc_data coco_from_voc(const voc_dataset& voc);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_COCO_HPP
