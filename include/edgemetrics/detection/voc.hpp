// PASCAL VOC detection evaluation: greedy matching, 11-point and all-point AP, mAP.
// Definitions and the reference each preset reproduces: docs/conventions.md, "Detection (VOC)".
#ifndef EDGEMETRICS_DETECTION_VOC_HPP
#define EDGEMETRICS_DETECTION_VOC_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/detection/average_precision.hpp>
#include <edgemetrics/detection/matching.hpp>
#include <edgemetrics/detection/types.hpp>
#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgemetrics {

/// Which AP definition.
enum class ap_method {
  /// VOC2007: mean over t in {0, 0.1, ..., 1} of the maximum precision at recall >= t.
  voc07_11_point,
  /// VOC2010+: area under the monotone (non-increasing) precision envelope.
  voc10_all_point,
};

/// What a class without positives (no non-difficult ground truth) gets.
enum class no_positives_policy {
  /// What the reference arithmetic gives (rec = 0/0): 11-point 0, all-point NaN (0 when the
  /// class also has no detections); counted in the mean (so the all-point mAP becomes NaN).
  as_computed,
  nan,      ///< AP NaN, counted in the mean (mAP NaN)
  zero,     ///< AP 0, counted in the mean
  exclude,  ///< AP NaN, left out of the mean (GluonCV's nanmean, mmdet, Cartucho)
};

/// Detections whose image id is not in the image set.
enum class unknown_image_policy {
  error,  ///< throw parse_error naming the file and line (the devkit and voc_eval.py stop too)
  skip,   ///< drop them and count them in voc_result::skipped_unknown_image_detections
};

/// Named presets that reproduce a reference implementation exactly (docs/conventions.md).
enum class voc_preset {
  voc_devkit,      ///< official MATLAB devkit (VOCevaldet.m / VOCap.m); the default
  py_faster_rcnn,  ///< voc_eval.py of py-faster-rcnn / Detectron / detectron2 (with a stable sort)
  gluoncv,         ///< GluonCV VOC07MApMetric / VOCMApMetric (with a stable sort)
};

/// Whether compute()/evaluate() return the precision-recall curves.
enum class voc_curves {
  none,  ///< no curves (less memory; the fast path of the offline evaluation)
  keep,  ///< voc_class_result::curve filled
};

}  // namespace edgemetrics

// Name tables (docs/conventions.md, "Names and errors"): the names are the enumerators' spelling.
namespace edgemetrics::detail {
template <>
struct enum_traits<ap_method> {
  static constexpr std::string_view type_name = "ap_method";
  static constexpr std::array<enum_name<ap_method>, 2> names{
      {{ap_method::voc07_11_point, "voc07_11_point"}, {ap_method::voc10_all_point, "voc10_all_point"}}};
};
template <>
struct enum_traits<no_positives_policy> {
  static constexpr std::string_view type_name = "no_positives_policy";
  static constexpr std::array<enum_name<no_positives_policy>, 4> names{
      {{no_positives_policy::as_computed, "as_computed"},
       {no_positives_policy::nan, "nan"},
       {no_positives_policy::zero, "zero"},
       {no_positives_policy::exclude, "exclude"}}};
};
template <>
struct enum_traits<unknown_image_policy> {
  static constexpr std::string_view type_name = "unknown_image_policy";
  static constexpr std::array<enum_name<unknown_image_policy>, 2> names{
      {{unknown_image_policy::error, "error"}, {unknown_image_policy::skip, "skip"}}};
};
template <>
struct enum_traits<voc_preset> {
  static constexpr std::string_view type_name = "voc_preset";
  static constexpr std::array<enum_name<voc_preset>, 3> names{{{voc_preset::voc_devkit, "voc_devkit"},
                                                               {voc_preset::py_faster_rcnn, "py_faster_rcnn"},
                                                               {voc_preset::gluoncv, "gluoncv"}}};
};
template <>
struct enum_traits<voc_curves> {
  static constexpr std::string_view type_name = "voc_curves";
  static constexpr std::array<enum_name<voc_curves>, 2> names{{{voc_curves::none, "none"}, {voc_curves::keep, "keep"}}};
};
}  // namespace edgemetrics::detail

namespace edgemetrics {

/// The enumerator's name ("voc_devkit", "greater_equal", ...); "" for a value outside the enum.
[[nodiscard]] constexpr std::string_view to_string(ap_method e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] constexpr std::string_view to_string(no_positives_policy e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] constexpr std::string_view to_string(unknown_image_policy e) noexcept {
  return detail::enum_to_string(e);
}
[[nodiscard]] constexpr std::string_view to_string(voc_preset e) noexcept { return detail::enum_to_string(e); }
[[nodiscard]] constexpr std::string_view to_string(voc_curves e) noexcept { return detail::enum_to_string(e); }

/// The enumerator named `name` (exact spelling); std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline ap_method parse_ap_method(std::string_view name) {
  return detail::enum_from_string<ap_method>(name);
}
[[nodiscard]] inline no_positives_policy parse_no_positives_policy(std::string_view name) {
  return detail::enum_from_string<no_positives_policy>(name);
}
[[nodiscard]] inline unknown_image_policy parse_unknown_image_policy(std::string_view name) {
  return detail::enum_from_string<unknown_image_policy>(name);
}
[[nodiscard]] inline voc_preset parse_voc_preset(std::string_view name) {
  return detail::enum_from_string<voc_preset>(name);
}
[[nodiscard]] inline voc_curves parse_voc_curves(std::string_view name) {
  return detail::enum_from_string<voc_curves>(name);
}

/// Every convention of the evaluation. Defaults = voc_preset::voc_devkit.
struct voc_options {
  double iou_threshold = 0.5;  ///< in (0, 1]
  iou_comparison comparison = iou_comparison::greater_equal;
  recall_grid grid = recall_grid::matlab_colon;
  summation sum = summation::left_to_right;
  empty_precision no_decision_precision = empty_precision::nan;
  no_positives_policy no_positives = no_positives_policy::as_computed;
  unknown_image_policy unknown_images = unknown_image_policy::error;
  /// How box extents are measured in matching (geometry's iou() under this convention):
  /// pixel_inclusive (+1, VOC XML pixel boxes) in every preset; continuous for boxes that are not
  /// VOC pixel boxes (normalised 0..1 coordinates, model outputs, COCO-style boxes).
  box_convention convention = box_convention::pixel_inclusive;

  /// The matching part of the options.
  [[nodiscard]] match_options matching() const noexcept { return {iou_threshold, comparison, convention}; }
  /// The AP part of the options (voc_average_precision(), <edgemetrics/detection/average_precision.hpp>).
  [[nodiscard]] voc_ap_options ap() const noexcept { return {grid, sum, no_decision_precision}; }

  /// The options of a preset (iou_threshold 0.5, pixel_inclusive, unknown images are an error).
  [[nodiscard]] static voc_options preset(voc_preset p) noexcept;
};

/// A ground-truth object of one image (<edgemetrics/detection/types.hpp>). VOC XML boxes are
/// 1-based, pixel-inclusive.
using voc_object = ground_truth_object;

/// A detection of one image (<edgemetrics/detection/types.hpp>). Boxes in the same frame and
/// convention as the ground truth.
using voc_detection = detection;

/// Precision-recall curve of one class (<edgemetrics/detection/average_precision.hpp>): one point
/// per ranked detection (descending score, ties in input order), detections matched to
/// 'difficult' objects included (they repeat the previous point). precision may hold NaN before
/// the first decision under empty_precision::nan.
using voc_pr_curve = pr_curve;

/// Result of one class.
struct voc_class_result {
  std::string name;
  std::size_t npos = 0;        ///< non-difficult ground-truth objects
  std::size_t difficult = 0;   ///< difficult ground-truth objects
  std::size_t detections = 0;  ///< detections evaluated
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t ignored = 0;  ///< detections whose best object is difficult (neither TP nor FP)
  /// Detections with an inverted box (x2 < x1 or y2 < y1), included in `detections`: evaluated as
  /// given, like the devkit (in practice FPs). Counted so that broken boxes are never silent.
  std::size_t inverted_detections = 0;
  /// Ground-truth objects with an inverted box (x2 < x1 or y2 < y1), difficult or not, included in
  /// npos/difficult as the devkit does (in practice never matched).
  std::size_t inverted_objects = 0;
  double ap_voc07 = 0;  ///< after no_positives_policy; NaN possible (see the policy)
  double ap_voc10 = 0;
  bool in_mean = true;  ///< false when excluded by no_positives_policy::exclude
  voc_pr_curve curve;   ///< empty unless computed with voc_curves::keep
};

/// Result of an evaluation.
struct voc_result {
  std::vector<voc_class_result> classes;
  double map_voc07 = 0;  ///< NaN when a counted class is NaN or no class is counted
  double map_voc10 = 0;
  std::size_t images = 0;
  std::size_t skipped_unknown_image_detections = 0;
  /// Boxes evaluated: every detection and every ground-truth object of the listed classes
  /// (inverted ones included; skipped detections and objects of other classes not).
  std::size_t boxes = 0;
  /// Of those, the boxes whose four coordinates all lie within [0, normalized_coordinate_limit]
  /// (1.5), under any convention.
  std::size_t boxes_in_normalized_range = 0;
  voc_options options;

  /// True when the boxes look normalised while matched pixel-inclusive: options.convention is
  /// pixel_inclusive, there is at least one box and every box lies within [0, 1.5]. The +1 of
  /// the convention then dominates every IoU (two disjoint boxes can score above 0.5): evaluate
  /// with box_convention::continuous, or in pixels. make_voc_report turns it into
  /// voc_notice::normalized_coordinates.
  [[nodiscard]] bool coordinates_look_normalized() const noexcept {
    return options.convention == box_convention::pixel_inclusive && boxes > 0 && boxes_in_normalized_range == boxes;
  }

  [[nodiscard]] double ap(ap_method m, std::size_t class_index) const noexcept {
    const auto& c = classes[class_index];
    return m == ap_method::voc07_11_point ? c.ap_voc07 : c.ap_voc10;
  }
  [[nodiscard]] double map(ap_method m) const noexcept {
    return m == ap_method::voc07_11_point ? map_voc07 : map_voc10;
  }
};

namespace detail {
/// Integer element types of the evaluator's label and index inputs: size and signedness.
template <class L>
constexpr std::uint8_t int_code() noexcept {
  return static_cast<std::uint8_t>((sizeof(L) == 1   ? 0
                                    : sizeof(L) == 2 ? 2
                                    : sizeof(L) == 4 ? 4
                                                     : 6) +
                                   (std::is_signed_v<L> ? 0 : 1));
}
/// Type-erased view of NMS output: `num_keep` rows `keep[k]` (all rows in order when keep is
/// null) of boxes / scores / labels. Built by voc_evaluator::update's template, read by the library.
struct kept_detections {
  const void* boxes = nullptr;
  std::size_t num_boxes = 0;
  bool boxes_double = true;
  const void* scores = nullptr;
  std::size_t num_scores = 0;
  bool scores_double = true;
  const void* labels = nullptr;
  std::size_t num_labels = 0;
  std::uint8_t label_code = 0;
  const void* keep = nullptr;
  std::size_t num_keep = 0;
  std::uint8_t keep_code = 0;
};
/// Type-erased view of a detector's output rows (matrix_view<const float or double>).
struct kept_rows {
  const void* data = nullptr;
  std::size_t rows = 0, cols = 0, row_stride = 0;
  bool is_double = false;
  std::size_t box = 0, score = 4, label = 5;
  const void* keep = nullptr;  // null: every row in order
  std::size_t num_keep = 0;
  std::uint8_t keep_code = 0;
};
template <class C>
using element_of = std::remove_cv_t<std::remove_pointer_t<decltype(std::data(std::declval<const C&>()))>>;
template <class T>
struct is_corner_box_of_float : std::false_type {};
template <>
struct is_corner_box_of_float<corner_box<float>> : std::true_type {};
template <>
struct is_corner_box_of_float<corner_box<double>> : std::true_type {};
template <class L>
inline constexpr bool is_label_type_v =
    std::is_integral_v<L> && !std::is_same_v<L, bool> && sizeof(L) <= 8 && (sizeof(L) & (sizeof(L) - 1)) == 0;
}  // namespace detail

/// Columns of a detector's output rows (a YOLO / TensorRT N x K buffer): the box as x1, y1, x2, y2
/// in four consecutive columns from `box`, the score in `score`, the class index (stored as a
/// float or double holding an integer) in `label`. The default is x1, y1, x2, y2, score, class.
struct detection_columns {
  std::size_t box = 0;
  std::size_t score = 4;
  std::size_t label = 5;
};

/// Streaming evaluator: update() once per image (detections + ground truth, from an inference
/// loop), compute() at any time. Matching is per image (a detection can only match objects of its
/// own image), so the evaluator keeps one record per detection (class, score, outcome: 13 bytes)
/// and per-class counts: memory is proportional to the number of detections. merge() appends
/// another evaluator's records after this one's: merging evaluators built on consecutive shards,
/// in order, gives exactly the single-pass result (ties keep input order across the shards).
///
/// Allocation: update() reuses scratch buffers sized by the largest image seen so far and appends
/// to the records; after reserve() (or once warmed up and with room in the records) it allocates
/// nothing. docs/conventions.md, "Streaming evaluator", lists the memory per frame.
class voc_evaluator {
 public:
  /// Throws std::invalid_argument on an empty class list or an iou_threshold outside (0, 1].
  explicit voc_evaluator(std::vector<std::string> class_names, voc_options options = {});

  /// Adds one image. Detections are matched in descending score order, ties in the given order.
  /// Throws std::invalid_argument (nothing recorded) on a class_id out of range, a NaN score or a
  /// non-finite coordinate. Inverted boxes are evaluated as given (they never reach IoU 0.5 with a
  /// proper box) and counted in voc_class_result::inverted_detections / inverted_objects.
  void update(span<const detection> detections, span<const ground_truth_object> objects);
  void update(const detection* detections, std::size_t num_detections, const ground_truth_object* objects,
              std::size_t num_objects) {
    update(span<const detection>(detections, num_detections), span<const ground_truth_object>(objects, num_objects));
  }
  // (std::vector, std::array and braced lists convert to the spans: no separate overload.)

  /// Adds one image from NMS output, without copying it: rows keep[0], keep[1], ... (the kept
  /// indices as nms() / batched_nms() return them, in their order: descending score) of the
  /// parallel arrays `boxes` (corner_box<float> or corner_box<double>), `scores` (float or
  /// double) and `labels` (any integer type: the class index). Each argument is anything with
  /// data() and size(): span, std::vector, std::array. Float values are widened to double
  /// exactly, so the result equals update() with the same values as detection records.
  /// Throws std::invalid_argument (nothing recorded) on arrays of different sizes, a kept index
  /// out of range, a label outside [0, classes) (the message shows the value passed), a NaN score
  /// or a non-finite coordinate.
  template <class Boxes, class Scores, class Labels, class Keep>
  void update(const Boxes& boxes, const Scores& scores, const Labels& labels, const Keep& keep,
              span<const ground_truth_object> objects) {
    update_kept(make_kept(boxes, scores, labels, &keep), objects);
  }
  /// The same for every row in order (no NMS: boxes, scores and labels of one image).
  template <class Boxes, class Scores, class Labels>
  void update(const Boxes& boxes, const Scores& scores, const Labels& labels, span<const ground_truth_object> objects) {
    update_kept(make_kept<Boxes, Scores, Labels, std::vector<std::size_t>>(boxes, scores, labels, nullptr), objects);
  }

  /// Adds one image straight from a detector's output buffer, without decoding it: rows keep[0],
  /// keep[1], ... (kept indices of any integer type, from anything with data() and size()) of
  /// `rows` (matrix_view<const float> or <const double>, any row stride), columns as `columns`
  /// says. The same numbers as update() with those values as detection records. Throws
  /// std::invalid_argument (nothing recorded) as the other overloads, on columns outside the
  /// rows, and on a class value that is not an integer in [0, classes) (the message shows it).
  template <class T, class Keep>
  void update(matrix_view<const T> rows, const Keep& keep, span<const ground_truth_object> objects,
              detection_columns columns = {}) {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "voc_evaluator::update: the output rows must be float or double");
    using K = detail::element_of<Keep>;
    static_assert(detail::is_label_type_v<K>, "voc_evaluator::update: kept indices must be of an integer type");
    detail::kept_rows k;
    k.data = rows.data();
    k.rows = rows.rows();
    k.cols = rows.cols();
    k.row_stride = rows.row_stride();
    k.is_double = std::is_same_v<T, double>;
    k.box = columns.box;
    k.score = columns.score;
    k.label = columns.label;
    k.keep = std::data(keep);
    k.num_keep = std::size(keep);
    k.keep_code = detail::int_code<K>();
    update_rows(k, objects);
  }
  /// The same for every row in order.
  template <class T>
  void update(matrix_view<const T> rows, span<const ground_truth_object> objects, detection_columns columns = {}) {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "voc_evaluator::update: the output rows must be float or double");
    detail::kept_rows k;
    k.data = rows.data();
    k.rows = rows.rows();
    k.cols = rows.cols();
    k.row_stride = rows.row_stride();
    k.is_double = std::is_same_v<T, double>;
    k.box = columns.box;
    k.score = columns.score;
    k.label = columns.label;
    k.num_keep = rows.rows();
    update_rows(k, objects);
  }

  /// Pre-allocates so that update() allocates nothing while the evaluator holds at most
  /// `detections` detection records in total (every image's so far plus the coming ones) and no
  /// image has more than `image_detections` detections or `image_objects` ground-truth objects.
  void reserve(std::size_t detections, std::size_t image_detections, std::size_t image_objects);

  /// Forgets every image (records, counts); keeps the classes, the options and the memory.
  void reset() noexcept;

  /// Appends `other` (same classes and options, else std::invalid_argument) after this one.
  void merge(const voc_evaluator& other);

  /// Per-class AP (both methods), mAP, counts and optionally the PR curves.
  [[nodiscard]] voc_result compute(voc_curves curves = voc_curves::keep) const;

  [[nodiscard]] std::size_t images() const noexcept { return images_; }
  [[nodiscard]] std::size_t detections() const noexcept { return rec_class_.size(); }
  [[nodiscard]] const std::vector<std::string>& class_names() const noexcept { return names_; }
  [[nodiscard]] const voc_options& options() const noexcept { return options_; }

 private:
  template <class Boxes, class Scores, class Labels, class Keep>
  static detail::kept_detections make_kept(const Boxes& boxes, const Scores& scores, const Labels& labels,
                                           const Keep* keep) noexcept {
    using B = detail::element_of<Boxes>;
    using S = detail::element_of<Scores>;
    using L = detail::element_of<Labels>;
    using K = detail::element_of<Keep>;
    static_assert(detail::is_corner_box_of_float<B>::value,
                  "voc_evaluator::update: boxes must be corner_box<float> or corner_box<double>");
    static_assert(std::is_same_v<S, float> || std::is_same_v<S, double>,
                  "voc_evaluator::update: scores must be float or double");
    static_assert(detail::is_label_type_v<L>, "voc_evaluator::update: labels must be of an integer type (not bool)");
    static_assert(detail::is_label_type_v<K>, "voc_evaluator::update: kept indices must be of an integer type");
    detail::kept_detections k;
    k.boxes = std::data(boxes);
    k.num_boxes = std::size(boxes);
    k.boxes_double = std::is_same_v<B, corner_box<double>>;
    k.scores = std::data(scores);
    k.num_scores = std::size(scores);
    k.scores_double = std::is_same_v<S, double>;
    k.labels = std::data(labels);
    k.num_labels = std::size(labels);
    k.label_code = detail::int_code<L>();
    if (keep != nullptr) {
      k.keep = std::data(*keep);
      k.num_keep = std::size(*keep);
      k.keep_code = detail::int_code<K>();
    } else {
      k.num_keep = k.num_boxes;
    }
    return k;
  }
  void update_kept(const detail::kept_detections& kept, span<const ground_truth_object> objects);
  void update_rows(const detail::kept_rows& rows, span<const ground_truth_object> objects);
  /// Matches the gathered detections (det_*_) of one image against `objects` and records them.
  void record_image(span<const ground_truth_object> objects);

  struct class_state {
    std::size_t npos = 0;
    std::size_t difficult = 0;
    std::size_t inverted_detections = 0;
    std::size_t inverted_objects = 0;
  };
  std::vector<std::string> names_;
  voc_options options_;
  std::vector<class_state> classes_;
  std::size_t images_ = 0;
  std::size_t boxes_ = 0;
  std::size_t boxes_in_range_ = 0;
  // records, one per detection in input order (within an image: ranked by class, score)
  std::vector<std::uint32_t> rec_class_;
  std::vector<double> rec_score_;
  std::vector<match_outcome> rec_outcome_;
  // scratch buffers reused across update() calls
  std::vector<std::uint32_t> det_class_;
  std::vector<double> det_score_;
  std::vector<corner_box<double>> det_box_;
  std::vector<std::uint32_t> order_, order_tmp_;
  std::vector<std::uint8_t> matched_;
  std::vector<corner_box<double>> gt_box_;
  std::vector<std::uint8_t> gt_difficult_;
};

/// A whole evaluation set in memory, as the readers in <edgemetrics/io/voc.hpp> produce it.
struct voc_dataset {
  std::vector<std::string> class_names;
  std::vector<std::string> image_ids;  ///< image set order
  /// Ground truth grouped by image: objects[object_begin[i] .. object_begin[i+1]) belong to image
  /// i, in XML order. object_begin has image_ids.size() + 1 entries.
  std::vector<voc_object> objects;
  std::vector<std::size_t> object_begin{0};
  /// Detections of one class in input (file) order.
  struct class_detections {
    std::vector<std::uint32_t> image;  ///< index into image_ids
    std::vector<double> score;
    std::vector<corner_box<double>> box;
  };
  std::vector<class_detections> detections;  ///< one per class
  std::size_t skipped_unknown_image_detections = 0;
  std::size_t objects_of_other_classes = 0;  ///< XML objects whose name is not in class_names
  /// The first of them as "'<name>' in <file>" (as the readers fill it); empty when there is none.
  std::string object_of_other_class_example;

  /// Appends an image with its objects; returns its index.
  std::uint32_t add_image(std::string id, const voc_object* objs, std::size_t n);
};

/// Offline evaluation of a whole set, one class at a time: the ground truth of `ground_truth`
/// (its image_ids, objects and object_begin; its detections are not read) is grouped once, then
/// each class's detections are given by add_class(), in any class order, and may be discarded
/// right after: a reader of comp4 files keeps only one class's detections in memory
/// (evaluate_voc_files in <edgemetrics/io/voc.hpp>). result() gives exactly what
/// evaluate(voc_dataset) gives for the same detections (bit for bit).
class voc_set_evaluator {
 public:
  /// Throws std::invalid_argument on an empty class list, inconsistent ground-truth sizes, an
  /// object class_id out of range or an iou_threshold outside (0, 1].
  explicit voc_set_evaluator(const voc_dataset& ground_truth, const voc_options& options = {},
                             voc_curves curves = voc_curves::keep);
  ~voc_set_evaluator();
  voc_set_evaluator(voc_set_evaluator&&) noexcept;
  voc_set_evaluator& operator=(voc_set_evaluator&&) noexcept;
  voc_set_evaluator(const voc_set_evaluator&) = delete;
  voc_set_evaluator& operator=(const voc_set_evaluator&) = delete;

  /// Evaluates class `class_index` on its detections (file order = tie order). Throws
  /// std::invalid_argument (nothing recorded) on a class index out of range, a class given twice,
  /// arrays of different sizes, an image index out of range or a NaN score.
  void add_class(std::size_t class_index, const voc_dataset::class_detections& detections);
  /// Counts detections a reader dropped (unknown_image_policy::skip) in
  /// voc_result::skipped_unknown_image_detections.
  void add_skipped_unknown_image_detections(std::size_t n) noexcept { skipped_ += n; }

  /// Per-class APs, policies and means. A class never given to add_class() has no detections.
  /// May be called at any time (classes added later are not in this result).
  [[nodiscard]] voc_result result() const&;
  /// The same result, moved out of an evaluator that is done (`std::move(ev).result()`: no copy
  /// of the per-class curves); the evaluator is left empty and must not be used again.
  [[nodiscard]] voc_result result() &&;

  [[nodiscard]] std::size_t classes() const noexcept;
  [[nodiscard]] std::size_t images() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::size_t skipped_ = 0;
};

/// An evaluation with what reading its files found besides the numbers (what
/// evaluate_voc_files returns and make_voc_report takes).
struct voc_evaluation {
  voc_result result;
  /// XML objects skipped because their <name> is not in the class list (never in npos).
  std::size_t objects_of_other_classes = 0;
  /// The first of them as "'<name>' in <file>"; empty when there is none.
  std::string object_of_other_class_example;
};

/// Evaluates a whole set (the same numbers as feeding voc_evaluator image by image in image-set
/// order with each class's detections in file order, when the files list images in that order).
/// Throws std::invalid_argument on inconsistent sizes or an iou_threshold outside (0, 1].
[[nodiscard]] voc_result evaluate(const voc_dataset& data, const voc_options& options = {},
                                  voc_curves curves = voc_curves::keep);

/// The 20 PASCAL VOC classes in the usual order (aeroplane ... tvmonitor).
[[nodiscard]] std::vector<std::string> voc_class_names();

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_VOC_HPP
