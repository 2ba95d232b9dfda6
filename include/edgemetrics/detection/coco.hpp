// COCO-style detection evaluation (iouType bbox), exactly as pycocotools' COCOeval: IoU thresholds
// .50:.05:.95, 101 recall thresholds, maxDets, area ranges, useCats, crowd regions, the 12
// summary statistics, the precision[T, R, K, A, M] and recall[T, K, A, M] arrays. Built on the
// protocol-neutral detection code: coco_match() (<edgemetrics/detection/matching.hpp>) decides
// each detection, coco_precision_recall_ranked() (<edgemetrics/detection/average_precision.hpp>)
// interpolates the precision. Definitions: docs/conventions.md, "COCO evaluation".
#ifndef EDGEMETRICS_DETECTION_COCO_HPP
#define EDGEMETRICS_DETECTION_COCO_HPP

#include <edgemetrics/detection/types.hpp>
#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/report_info.hpp>
#include <edgemetrics/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <vector>

namespace edgemetrics {

/// `np.linspace(start, stop, num)` bit for bit: i * ((stop - start) / (num - 1)) + start, the
/// last value exactly `stop` (num = 1: {start}; num = 0: empty).
[[nodiscard]] std::vector<double> numpy_linspace(double start, double stop, std::size_t num);

/// pycocotools' IoU thresholds `np.linspace(lo, hi, int(np.round((hi - lo) / step)) + 1)`; the
/// default .50:.05:.95 gives 0.5, 0.55, ..., 0.85, 0.8999999999999999, 0.95. Throws
/// std::invalid_argument unless 0 <= lo <= hi <= 1 and step > 0 (all finite).
[[nodiscard]] std::vector<double> coco_iou_thresholds(double lo = 0.5, double hi = 0.95, double step = 0.05);

/// An area range of the evaluation: a box is in it when lo <= area <= hi (both ends inclusive).
struct coco_area_range {
  std::string label;
  double lo = 0;
  double hi = 1e10;
};

/// pycocotools' Params for iouType 'bbox' (the defaults are its defaults).
struct coco_params {
  /// Ascending, in [0, 1].
  std::vector<double> iou_thresholds = coco_iou_thresholds();
  /// Ascending (pycocotools' recThrs, np.linspace(0, 1, 101)).
  std::vector<double> recall_thresholds = numpy_linspace(0.0, 1.0, 101);
  /// Any list; sorted ascending by the evaluator (as COCOeval.evaluate() does). The largest is
  /// the per-image cut. summarize() reads max_dets[0..2] (fewer entries: those stats are -1).
  std::vector<std::size_t> max_dets{1, 10, 100};
  /// all [0, 1e10], small [0, 32^2], medium [32^2, 96^2], large [96^2, 1e10]. The 12 stats look
  /// the ranges up by these labels (a missing label: that stat is -1).
  std::vector<coco_area_range> area_ranges{
      {"all", 0.0, 1e10}, {"small", 0.0, 1024.0}, {"medium", 1024.0, 9216.0}, {"large", 9216.0, 1e10}};
  /// false: every category is evaluated as one (pycocotools useCats = 0).
  bool use_cats = true;
};

/// A detection in COCO form: category (index into the evaluator's category list), score and
/// box [x, y, w, h]. Its area is w * h.
struct coco_detection {
  std::uint32_t category = 0;
  double score = 0;
  xywh_box<double> box{};
};

/// A ground-truth annotation in COCO form. `area` is the annotation's area field (a polygon's
/// area in COCO; the area ranges use it, not w * h). A crowd region is ignored and matched by
/// the intersection over the detection's area; it can take any number of detections.
struct coco_object {
  std::uint32_t category = 0;
  xywh_box<double> box{};
  double area = 0;
  bool iscrowd = false;
};

/// pycocotools' bbox IoU (maskApi.c bbIou) of a detection and a ground-truth box, in double:
/// w = min(dx+dw, gx+gw) - max(dx, gx) (0 if <= 0), h likewise, i = w*h, union = dw*dh + gw*gh - i,
/// or dw*dh (the detection's area) when the ground truth is a crowd region. Compiled in the library.
[[nodiscard]] double coco_iou(const xywh_box<double>& dt, const xywh_box<double>& gt, bool crowd) noexcept;

/// Indices of the 12 summary statistics (COCOeval.stats order).
enum class coco_stat : std::size_t {
  ap = 0,
  ap50,
  ap75,
  ap_small,
  ap_medium,
  ap_large,
  ar1,
  ar10,
  ar100,
  ar_small,
  ar_medium,
  ar_large,
};

/// The names of the 12 statistics as expected.json and the JSON report spell them.
inline constexpr std::array<const char*, 12> coco_stat_names{{"AP", "AP50", "AP75", "AP_small", "AP_medium", "AP_large",
                                                              "AR1", "AR10", "AR100", "AR_small", "AR_medium",
                                                              "AR_large"}};

/// Per-category summary (the last max_dets entry, area "all" = area range 0).
struct coco_category_result {
  std::int64_t id = 0;             ///< category id (-1 for the class-agnostic group of use_cats = false)
  double ap = -1;                  ///< mean of precision[:, :, k, 0, -1] over entries > -1; -1 if none
  double ap50 = -1;                ///< the same at the IoU threshold equal to .5 (-1 if there is none)
  double ap75 = -1;                ///< ... equal to .75
  double ar = -1;                  ///< mean of recall[:, k, 0, -1] over entries > -1
  std::size_t num_gt = 0;          ///< annotations (crowd included)
  std::size_t num_crowd = 0;       ///< crowd annotations
  std::size_t num_detections = 0;  ///< detections given (before the per-image cut)
};

/// What COCOeval.evaluate(); accumulate(); summarize() produce.
struct coco_result {
  coco_params params;  ///< max_dets sorted
  /// The K categories of the arrays, ascending id ({-1} when params.use_cats is false).
  std::vector<std::int64_t> category_ids;
  /// eval['precision'], shape [T, R, K, A, M] row-major; -1 where a cell has no positives.
  std::vector<double> precision;
  /// eval['scores'], the same shape.
  std::vector<double> scores;
  /// eval['recall'], shape [T, K, A, M]; -1 where a cell has no positives.
  std::vector<double> recall;
  /// COCOeval.stats (the 12 values, coco_stat order); -1 where pycocotools gives -1.
  std::array<double, 12> stats{};
  std::vector<coco_category_result> per_category;
  std::size_t images = 0;  ///< images given to the evaluator

  [[nodiscard]] std::size_t num_iou() const noexcept { return params.iou_thresholds.size(); }
  [[nodiscard]] std::size_t num_recall() const noexcept { return params.recall_thresholds.size(); }
  [[nodiscard]] std::size_t num_categories() const noexcept { return category_ids.size(); }
  [[nodiscard]] std::size_t num_areas() const noexcept { return params.area_ranges.size(); }
  [[nodiscard]] std::size_t num_max_dets() const noexcept { return params.max_dets.size(); }
  [[nodiscard]] double precision_at(std::size_t t, std::size_t r, std::size_t k, std::size_t a,
                                    std::size_t m) const noexcept {
    return precision[(((t * num_recall() + r) * num_categories() + k) * num_areas() + a) * num_max_dets() + m];
  }
  [[nodiscard]] double recall_at(std::size_t t, std::size_t k, std::size_t a, std::size_t m) const noexcept {
    return recall[((t * num_categories() + k) * num_areas() + a) * num_max_dets() + m];
  }
  [[nodiscard]] double stat(coco_stat s) const noexcept { return stats[static_cast<std::size_t>(s)]; }

  /// summarize()'s _summarize: the mean (numpy's, pairwise) of the selected precision (ap) or
  /// recall entries that are > -1, -1 if none. `iou`: one IoU index, or all; `category`: one
  /// category index, or all; area and max_dets are indices.
  [[nodiscard]] double mean(bool ap, std::optional<std::size_t> iou, std::size_t area, std::size_t max_dets,
                            std::optional<std::size_t> category = std::nullopt) const;
};

/// The 12 lines of COCOeval.summarize() as pycocotools prints them (each ending in '\n').
[[nodiscard]] std::string coco_summary_text(const coco_result& r);

/// Streaming COCO evaluation: update() once per image (ground truth and detections of that
/// image, from an inference loop), compute() at any time, merge() of shards, reset(). Each
/// image is matched when it is given (pycocotools' evaluateImg for every area range and IoU
/// threshold); the evaluator keeps one record per detection kept by the per-image maxDets cut
/// (score, image id, rank, one decision per area range and IoU threshold) and the positive
/// counts: memory is proportional to the detections kept. Ties in score are broken as
/// pycocotools does: by image id, then by the order within the image (the given order after a
/// stable score sort), whatever order the images came in; so merge() of shards over disjoint
/// images equals one pass over all of them, in any order.
class coco_evaluator {
 public:
  /// `category_ids`: strictly ascending (pycocotools' sorted catIds); detections and objects
  /// name a category by its index in this list. Throws std::invalid_argument on an empty or
  /// unsorted list, or on invalid params (thresholds not ascending or outside [0, 1], an empty
  /// max_dets, a maxDets of 0, no area range, lo > hi).
  explicit coco_evaluator(std::vector<std::int64_t> category_ids, coco_params params = {});

  /// Adds one image. Detections are ranked by descending score, ties in the given order (for
  /// pycocotools' exact ties: the results file's order). Throws std::invalid_argument (nothing
  /// recorded) on an image id given before, a category index out of range, a NaN score, or a
  /// non-finite coordinate or area.
  void update(std::int64_t image_id, span<const coco_detection> detections, span<const coco_object> objects);

  /// The same from the protocol-neutral types (<edgemetrics/detection/types.hpp>, e.g. NMS
  /// output converted to records): corner boxes become x = x1, y = y1, w = x2 - x1, h = y2 - y1;
  /// an object's area is w * h; a 'difficult' object is a crowd region (ignored).
  void update(std::int64_t image_id, span<const detection> detections, span<const ground_truth_object> objects);

  /// Adds one image straight from NMS output: rows keep[0], keep[1], ... (the kept indices as
  /// nms() / batched_nms() return them) of the parallel arrays `boxes` (corner_box<float> or
  /// <double>), `scores` (float or double) and `labels` (an integer type: the category index).
  /// Each is anything with data() and size(). Values are widened to double exactly, then
  /// evaluated as update() with detection records. Throws std::invalid_argument (nothing
  /// recorded) on a kept index out of range, a negative label, or what update() rejects.
  template <class Boxes, class Scores, class Labels, class Keep>
  void update(std::int64_t image_id, const Boxes& boxes, const Scores& scores, const Labels& labels, const Keep& keep,
              span<const ground_truth_object> objects) {
    const auto* b = std::data(boxes);
    const auto* s = std::data(scores);
    const auto* l = std::data(labels);
    const std::size_t n = std::size(boxes);
    static_assert(std::is_integral_v<std::remove_cv_t<std::remove_reference_t<decltype(*l)>>>,
                  "coco_evaluator::update: labels must be of an integer type");
    if (std::size(scores) != n || std::size(labels) != n) {
      throw std::invalid_argument("coco_evaluator::update: boxes, scores and labels differ in size");
    }
    const auto negative = [](auto v) {
      if constexpr (std::is_signed_v<decltype(v)>) {
        return v < 0;
      } else {
        return false;
      }
    };
    kept_.clear();
    for (const auto k : keep) {
      const auto i = static_cast<std::size_t>(k);
      if (negative(k) || i >= n) throw std::invalid_argument("coco_evaluator::update: a kept index is out of range");
      if (negative(l[i])) throw std::invalid_argument("coco_evaluator::update: a negative label");
      kept_.push_back({static_cast<std::uint32_t>(l[i]),
                       static_cast<double>(s[i]),
                       {static_cast<double>(b[i].x1), static_cast<double>(b[i].y1), static_cast<double>(b[i].x2),
                        static_cast<double>(b[i].y2)}});
    }
    update(image_id, span<const detection>(kept_.data(), kept_.size()), objects);
  }

  /// Appends another evaluator's images (same categories and params; throws
  /// std::invalid_argument otherwise, or when both hold the same image id).
  void merge(const coco_evaluator& other);

  /// accumulate() and summarize() over the images so far.
  [[nodiscard]] coco_result compute() const;

  /// Makes room for `detections` more detection records (after the per-image cut).
  void reserve(std::size_t detections);

  /// Forgets every image (keeps categories and params).
  void reset() noexcept;

  [[nodiscard]] std::size_t images() const noexcept { return image_ids_.size(); }
  /// Detection records kept (after the per-image cut).
  [[nodiscard]] std::size_t records() const noexcept { return rec_score_.size(); }
  [[nodiscard]] const std::vector<std::int64_t>& category_ids() const noexcept { return category_ids_; }
  [[nodiscard]] const coco_params& params() const noexcept { return params_; }

 private:
  void evaluate_group(std::int64_t image_id, std::uint32_t group, span<const coco_detection> dts,
                      span<const coco_object> gts);
  std::vector<std::int64_t> category_ids_;
  coco_params params_;
  std::size_t max_det_ = 0;
  std::size_t groups_ = 0;  // K, or 1 without use_cats
  std::unordered_set<std::int64_t> image_ids_;
  // per group and area range: positives (non-ignored objects)
  std::vector<std::size_t> npos_;
  std::vector<std::size_t> num_gt_, num_crowd_, num_dt_;  // per category
  // records, one per kept detection
  std::vector<double> rec_score_;
  std::vector<std::int64_t> rec_image_;
  std::vector<std::uint32_t> rec_rank_;
  std::vector<std::uint32_t> rec_group_;
  std::vector<std::int8_t> rec_outcome_;  // A * T per record, match_outcome values
  // scratch of update()
  struct dt_key {
    std::uint32_t group;
    std::uint64_t score;
    std::uint32_t category;
    std::uint32_t index;
  };
  std::vector<dt_key> dt_keys_;
  std::vector<std::uint64_t> gt_keys_;
  std::vector<std::uint32_t> dt_order_, gt_order_, gt_sorted_;
  std::vector<double> ious_, col_;
  std::vector<std::uint8_t> gt_ignore_, taken_, crowd_sorted_, ignore_sorted_;
  std::vector<detection> kept_;
};

/// A COCO ground truth in memory, as read_coco_instances (<edgemetrics/io/coco.hpp>) produces it.
struct coco_dataset {
  std::vector<std::int64_t> image_ids;      ///< ascending (pycocotools' sorted imgIds)
  std::vector<std::int64_t> category_ids;   ///< ascending (sorted catIds)
  std::vector<std::string> category_names;  ///< one per category id
  /// Annotations grouped by image: objects[object_begin[i] .. object_begin[i+1]) belong to image
  /// i, in file order; coco_object::category is an index into category_ids.
  std::vector<coco_object> objects;
  std::vector<std::size_t> object_begin{0};
};

/// Detections (a results file) grouped by image of a coco_dataset: detections[begin[i] ..
/// begin[i+1]) belong to image i, in file order.
struct coco_detections {
  std::vector<coco_detection> detections;
  std::vector<std::size_t> begin{0};
};

/// COCOeval(gt, dt, 'bbox') with `params`: evaluate(); accumulate(); summarize(). The same as
/// feeding a coco_evaluator image by image. Throws std::invalid_argument on inconsistent sizes
/// or invalid params.
[[nodiscard]] coco_result evaluate(const coco_dataset& ground_truth, const coco_detections& detections,
                                   const coco_params& params = {});

/// What edgemetrics-coco-eval reports: the result, the category names and the envelope's info.
/// JSON (kind "coco_eval"): <edgemetrics/json/coco.hpp>, docs/json.md.
struct coco_report {
  report_info info;
  coco_result result;
  /// One per result.category_ids entry (coco_dataset::category_names); empty, or ignored, when
  /// result.params.use_cats is false.
  std::vector<std::string> category_names;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_DETECTION_COCO_HPP
