// Readers for PASCAL VOC evaluation inputs: the VOCdevkit layout (image sets, annotation XML),
// comp4 result files and a single JSON file of detections. Formats and every accepted or refused
// input: docs/conventions.md, "Detection (VOC)", section "Input files".
//
// Errors throw edgemetrics::parse_error ("FILE:LINE: FIELD: PROBLEM"); nothing here crashes on
// malformed input.
#ifndef EDGEMETRICS_IO_VOC_HPP
#define EDGEMETRICS_IO_VOC_HPP

#include <edgemetrics/detection/voc.hpp>
#include <edgemetrics/error.hpp>
#include <edgemetrics/io/class_list.hpp>  // read_class_list (--classes)

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// Image id -> index lookup over a list of ids (open addressing; the list must outlive it).
class voc_image_index {
 public:
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;
  /// Throws std::invalid_argument on a duplicate id.
  explicit voc_image_index(const std::vector<std::string>& ids);
  /// Index of `id`, or npos.
  [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept;

 private:
  const std::vector<std::string>* ids_;
  std::vector<std::uint32_t> table_;
  std::size_t mask_ = 0;
};

/// Image set (ImageSets/Main/<set>.txt): one image id per line; blank lines are skipped; a line
/// with more than one field, or a repeated id, is a parse_error.
[[nodiscard]] std::vector<std::string> parse_voc_image_set(std::string_view text, const std::string& source_name);
[[nodiscard]] std::vector<std::string> read_voc_image_set(const std::string& path);

/// One annotation XML (<annotation><object><name/><difficult/><bndbox><xmin/>...</bndbox></object>).
/// Appends the objects whose <name> is in `class_names` (in XML order) to `out` and returns the
/// number of objects of other classes (skipped). Missing <difficult> means 0; <difficult> must be
/// 0 or 1; coordinates are decimal numbers (finite). An element's text is ElementTree's .text (as
/// voc_eval.py reads it): text and CDATA before its first child element, comments and processing
/// instructions dropped and the pieces joined (<xmax>2<!-- c -->0</xmax> is 20). Content outside
/// the root element, a NUL byte or another control character XML does not allow is an error.
/// Errors name the file, line and field.
std::size_t parse_voc_annotation(std::string_view text, const std::string& source_name,
                                 const std::vector<std::string>& class_names, std::vector<voc_object>& out);
std::size_t read_voc_annotation(const std::string& path, const std::vector<std::string>& class_names,
                                std::vector<voc_object>& out);

/// comp4 result lines "<image id> <score> <x1> <y1> <x2> <y2>" separated by any whitespace.
/// Appends to data.detections[class_id] in file order. Blank lines are skipped. A wrong number of
/// fields, a field that is not a number, a NaN score or a non-finite coordinate is a parse_error;
/// an image id outside `images` follows `unknown` (error, or skipped and counted in
/// data.skipped_unknown_image_detections). An empty file is valid (no detections).
void parse_comp4_results(std::string_view text, const std::string& source_name, std::uint32_t class_id,
                         const voc_image_index& images, unknown_image_policy unknown, voc_dataset& data);
void read_comp4_results(const std::string& path, std::uint32_t class_id, const voc_image_index& images,
                        unknown_image_policy unknown, voc_dataset& data);

/// Detections as one JSON file: a list of {"image_id": "000001", "category": "dog", "score": 0.9,
/// "bbox": [x1, y1, x2, y2]} (corners, the same 1-based pixel frame as comp4 files). Appended to
/// data.detections in list order; other members are ignored, a repeated one is an error. Unknown
/// categories are errors; unknown image ids follow `unknown`. One linear pass without a document
/// tree (read_detections_json streams files of 1 MiB or more); errors name the element
/// ("[3].bbox") or, for malformed JSON, the line; nothing is appended on error.
void parse_detections_json(std::string_view text, const std::string& source_name, const voc_image_index& images,
                           unknown_image_policy unknown, voc_dataset& data);
void read_detections_json(const std::string& path, const voc_image_index& images, unknown_image_policy unknown,
                          voc_dataset& data);

/// Where a VOCdevkit-style evaluation set lives.
struct voc_load_options {
  std::string devkit;  ///< folder holding VOC<year>/
  std::string year = "2007";
  std::string image_set = "test";
  /// A folder with comp4_det_<image_set>_<class>.txt (one per class, all required), or a .json file.
  std::string results;
  std::vector<std::string> class_names = voc_class_names();
  unknown_image_policy unknown_images = unknown_image_policy::error;
  /// Called now and then with (stage, done, total) while reading; may be empty.
  std::function<void(const char* stage, std::size_t done, std::size_t total)> progress;
};

/// Reads the image set, every annotation and all detections.
[[nodiscard]] voc_dataset load_voc_dataset(const voc_load_options& options);

/// Reads a set and feeds it to the core's evaluation: the same result as
/// evaluate(load_voc_dataset(load), options, curves). With comp4 files it reads one class's file
/// at a time into a voc_set_evaluator, so only one class's detections are in memory (less memory,
/// fewer page faults). Returns the result with the objects of other classes the XML files held
/// (count and first example). Errors: parse_error (files), std::invalid_argument (options).
[[nodiscard]] voc_evaluation evaluate_voc_files(const voc_load_options& load, const voc_options& options = {},
                                                voc_curves curves = voc_curves::none);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_VOC_HPP
