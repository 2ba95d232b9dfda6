// VOC evaluation core: presets, matching through greedy_match, the streaming and offline evaluators
// (the AP kernels are in average_precision.cpp).
#include <edgemetrics/detection/matching.hpp>
#include <edgemetrics/detection/voc.hpp>

#include "voc_detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace edgemetrics {

// ---------------------------------------------------------------------------------------------
// presets

voc_options voc_options::preset(voc_preset p) noexcept {
  voc_options o;
  switch (p) {
    case voc_preset::voc_devkit:
      break;
    case voc_preset::py_faster_rcnn:
      o.comparison = iou_comparison::greater;
      o.grid = recall_grid::numpy_arange;
      o.sum = summation::numpy_pairwise;
      o.no_decision_precision = empty_precision::zero;
      o.no_positives = no_positives_policy::as_computed;
      break;
    case voc_preset::gluoncv:
      o.comparison = iou_comparison::greater_equal;
      o.grid = recall_grid::numpy_arange;
      o.sum = summation::numpy_pairwise;
      o.no_decision_precision = empty_precision::zero;
      o.no_positives = no_positives_policy::exclude;
      break;
  }
  return o;
}

std::vector<std::string> voc_class_names() {
  return {"aeroplane", "bicycle",     "bird",  "boat",        "bottle", "bus",      "car",
          "cat",       "chair",       "cow",   "diningtable", "dog",    "horse",    "motorbike",
          "person",    "pottedplant", "sheep", "sofa",        "train",  "tvmonitor"};
}

// ---------------------------------------------------------------------------------------------
// kernels

namespace detail {

match_outcome match_detection(const corner_box<double>& det, const corner_box<double>* gt_box,
                              const std::uint8_t* gt_difficult, std::size_t m, std::uint8_t* matched,
                              const voc_options& o) noexcept {
  return greedy_match(det, span<const corner_box<double>>(gt_box, m), span<const std::uint8_t>(gt_difficult, m),
                      span<std::uint8_t>(matched, m), o.matching());
}

void validate_options(const voc_options& o) {
  if (!(o.iou_threshold > 0.0 && o.iou_threshold <= 1.0)) {
    throw std::invalid_argument("voc_options::iou_threshold must be in (0, 1], got " + std::to_string(o.iou_threshold));
  }
}

void finish(voc_result& r, const std::vector<voc_ap>& raw, const voc_options& o) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t nc = r.classes.size();
  std::size_t last_seen = 0;  // GluonCV's AP array ends at the last class it has seen
  for (std::size_t c = 0; c < nc; ++c) {
    auto& cr = r.classes[c];
    cr.ap_voc07 = raw[c].voc07_11_point;
    cr.ap_voc10 = raw[c].voc10_all_point;
    cr.in_mean = true;
    // canonical (positive) quiet NaN: x86's 0/0 sets the sign bit, which would print as "-nan"
    if (std::isnan(cr.ap_voc07)) cr.ap_voc07 = nan;
    if (std::isnan(cr.ap_voc10)) cr.ap_voc10 = nan;
    if (cr.npos + cr.difficult > 0 || cr.detections > 0) last_seen = c + 1;
    if (cr.npos == 0) {
      switch (o.no_positives) {
        case no_positives_policy::as_computed:
          break;
        case no_positives_policy::nan:
          cr.ap_voc07 = cr.ap_voc10 = nan;
          break;
        case no_positives_policy::zero:
          cr.ap_voc07 = cr.ap_voc10 = 0.0;
          break;
        case no_positives_policy::exclude:
          cr.ap_voc07 = cr.ap_voc10 = nan;
          cr.in_mean = false;
          break;
      }
    }
  }
  // Mean: excluded classes are zeros in place (numpy.nanmean), counted ones divide.
  const std::size_t len = o.no_positives == no_positives_policy::exclude ? last_seen : nc;
  std::vector<double> a07(len), a10(len);
  std::size_t count = 0;
  for (std::size_t c = 0; c < len; ++c) {
    const auto& cr = r.classes[c];
    a07[c] = cr.in_mean ? cr.ap_voc07 : 0.0;
    a10[c] = cr.in_mean ? cr.ap_voc10 : 0.0;
    count += cr.in_mean ? 1 : 0;
  }
  if (count == 0) {
    r.map_voc07 = r.map_voc10 = nan;
    return;
  }
  const double dn = static_cast<double>(count);
  r.map_voc07 = sum(a07.data(), len, o.sum) / dn;
  r.map_voc10 = sum(a10.data(), len, o.sum) / dn;
  if (std::isnan(r.map_voc07)) r.map_voc07 = nan;
  if (std::isnan(r.map_voc10)) r.map_voc10 = nan;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// streaming evaluator

voc_evaluator::voc_evaluator(std::vector<std::string> class_names, voc_options options)
    : names_(std::move(class_names)), options_(options) {
  if (names_.empty()) throw std::invalid_argument("voc_evaluator: the class list is empty");
  detail::validate_options(options_);
  classes_.resize(names_.size());
}

void voc_evaluator::reserve(std::size_t detections, std::size_t image_detections, std::size_t image_objects) {
  rec_class_.reserve(detections);
  rec_score_.reserve(detections);
  rec_outcome_.reserve(detections);
  det_class_.reserve(image_detections);
  det_score_.reserve(image_detections);
  det_box_.reserve(image_detections);
  order_.reserve(image_detections);
  order_tmp_.reserve(image_detections);
  matched_.reserve(image_objects);
  gt_box_.reserve(image_objects);
  gt_difficult_.reserve(image_objects);
}

void voc_evaluator::reset() noexcept {
  for (auto& c : classes_) c = class_state{};
  images_ = 0;
  boxes_ = 0;
  boxes_in_range_ = 0;
  rec_class_.clear();
  rec_score_.clear();
  rec_outcome_.clear();
}

namespace {
bool finite_box(const corner_box<double>& b) noexcept {
  return std::isfinite(b.x1) && std::isfinite(b.y1) && std::isfinite(b.x2) && std::isfinite(b.y2);
}

[[noreturn]] void throw_detection(std::size_t i, const std::string& what) {
  throw std::invalid_argument("voc_evaluator::update: detection " + std::to_string(i) + ": " + what);
}

void check_detection(std::size_t i, double score, const corner_box<double>& box) {
  if (std::isnan(score)) throw_detection(i, "score is NaN");
  if (!finite_box(box)) throw_detection(i, "box has a non-finite coordinate");
}

std::string class_range(std::size_t nc) { return " out of range (" + std::to_string(nc) + " classes)"; }

// Reads element i of an integer array whose type has the given detail::int_code, as the value
// the caller passed (negative values stay negative).
template <class I>
I load(const void* p, std::size_t i) noexcept {
  I v;
  std::memcpy(&v, static_cast<const unsigned char*>(p) + i * sizeof(I), sizeof(I));
  return v;
}

// Row i of the kept indices (i itself without them), checked against n rows ("boxes"/"rows").
template <class Keep>
std::size_t kept_row(const void* keep, std::size_t i, std::size_t n, const char* unit) {
  if (keep == nullptr) return i;
  const Keep r = load<Keep>(keep, i);
  if constexpr (std::is_signed_v<Keep>) {
    if (r < 0) throw_detection(i, "kept index " + std::to_string(r) + " is negative");
  }
  if (static_cast<std::uint64_t>(r) >= n) {
    throw_detection(i, "kept index " + std::to_string(r) + " out of range (" + std::to_string(n) + " " + unit + ")");
  }
  return static_cast<std::size_t>(r);
}

// Gathers the kept rows into (class, score, box) records: validates each (nothing recorded on error).
template <class Box, class Score, class Label, class Keep>
void gather(const detail::kept_detections& k, std::size_t nc, std::uint32_t* cls, double* score,
            corner_box<double>* box) {
  const auto* boxes = static_cast<const corner_box<Box>*>(k.boxes);
  const auto* scores = static_cast<const Score*>(k.scores);
  for (std::size_t i = 0; i < k.num_keep; ++i) {
    const std::size_t row = kept_row<Keep>(k.keep, i, k.num_boxes, "boxes");
    const Label label = load<Label>(k.labels, row);
    bool bad = static_cast<std::uint64_t>(label) >= nc;
    if constexpr (std::is_signed_v<Label>) bad = bad || label < 0;
    if (bad) throw_detection(i, "label " + std::to_string(label) + class_range(nc));
    cls[i] = static_cast<std::uint32_t>(label);
    score[i] = static_cast<double>(scores[row]);
    box[i] = box_cast<double>(boxes[row]);
    check_detection(i, score[i], box[i]);
  }
}

template <class Box, class Score, class Label>
void gather_keep(const detail::kept_detections& k, std::size_t nc, std::uint32_t* c, double* s, corner_box<double>* b) {
  switch (k.keep == nullptr ? 7 : k.keep_code) {
    case 0:
      return gather<Box, Score, Label, std::int8_t>(k, nc, c, s, b);
    case 1:
      return gather<Box, Score, Label, std::uint8_t>(k, nc, c, s, b);
    case 2:
      return gather<Box, Score, Label, std::int16_t>(k, nc, c, s, b);
    case 3:
      return gather<Box, Score, Label, std::uint16_t>(k, nc, c, s, b);
    case 4:
      return gather<Box, Score, Label, std::int32_t>(k, nc, c, s, b);
    case 5:
      return gather<Box, Score, Label, std::uint32_t>(k, nc, c, s, b);
    case 6:
      return gather<Box, Score, Label, std::int64_t>(k, nc, c, s, b);
    default:
      return gather<Box, Score, Label, std::uint64_t>(k, nc, c, s, b);
  }
}

template <class Box, class Score>
void gather_label(const detail::kept_detections& k, std::size_t nc, std::uint32_t* c, double* s,
                  corner_box<double>* b) {
  switch (k.label_code) {
    case 0:
      return gather_keep<Box, Score, std::int8_t>(k, nc, c, s, b);
    case 1:
      return gather_keep<Box, Score, std::uint8_t>(k, nc, c, s, b);
    case 2:
      return gather_keep<Box, Score, std::int16_t>(k, nc, c, s, b);
    case 3:
      return gather_keep<Box, Score, std::uint16_t>(k, nc, c, s, b);
    case 4:
      return gather_keep<Box, Score, std::int32_t>(k, nc, c, s, b);
    case 5:
      return gather_keep<Box, Score, std::uint32_t>(k, nc, c, s, b);
    case 6:
      return gather_keep<Box, Score, std::int64_t>(k, nc, c, s, b);
    default:
      return gather_keep<Box, Score, std::uint64_t>(k, nc, c, s, b);
  }
}

// Gathers kept rows of a detector's output buffer (scalar T, kept-index type Keep).
template <class T, class Keep>
void gather_rows(const detail::kept_rows& k, std::size_t nc, std::uint32_t* cls, double* score,
                 corner_box<double>* box) {
  const T* data = static_cast<const T*>(k.data);
  for (std::size_t i = 0; i < k.num_keep; ++i) {
    const std::size_t row = kept_row<Keep>(k.keep, i, k.rows, "rows");
    const T* p = data + row * k.row_stride;
    const double label = static_cast<double>(p[k.label]);
    if (!(label >= 0 && label < static_cast<double>(nc) && label == std::floor(label))) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", label);
      throw_detection(i,
                      std::string("class value ") + buf + " is not a class index (" + std::to_string(nc) + " classes)");
    }
    cls[i] = static_cast<std::uint32_t>(label);
    score[i] = static_cast<double>(p[k.score]);
    box[i] = {static_cast<double>(p[k.box]), static_cast<double>(p[k.box + 1]), static_cast<double>(p[k.box + 2]),
              static_cast<double>(p[k.box + 3])};
    check_detection(i, score[i], box[i]);
  }
}

template <class T>
void gather_rows_keep(const detail::kept_rows& k, std::size_t nc, std::uint32_t* c, double* s, corner_box<double>* b) {
  switch (k.keep == nullptr ? 7 : k.keep_code) {
    case 0:
      return gather_rows<T, std::int8_t>(k, nc, c, s, b);
    case 1:
      return gather_rows<T, std::uint8_t>(k, nc, c, s, b);
    case 2:
      return gather_rows<T, std::int16_t>(k, nc, c, s, b);
    case 3:
      return gather_rows<T, std::uint16_t>(k, nc, c, s, b);
    case 4:
      return gather_rows<T, std::int32_t>(k, nc, c, s, b);
    case 5:
      return gather_rows<T, std::uint32_t>(k, nc, c, s, b);
    case 6:
      return gather_rows<T, std::int64_t>(k, nc, c, s, b);
    default:
      return gather_rows<T, std::uint64_t>(k, nc, c, s, b);
  }
}

// Stable sort of order[0..n) with `less`, using tmp[0..n) as the merge buffer: insertion sort
// for short runs, bottom-up merges above. Allocates nothing; ties keep their order.
template <class Less>
void stable_sort_with_buffer(std::uint32_t* order, std::uint32_t* tmp, std::size_t n, Less less) {
  constexpr std::size_t run = 16;
  for (std::size_t r0 = 0; r0 < n; r0 += run) {
    const std::size_t r1 = std::min(n, r0 + run);
    for (std::size_t i = r0 + 1; i < r1; ++i) {
      const std::uint32_t v = order[i];
      std::size_t j = i;
      while (j > r0 && less(v, order[j - 1])) {
        order[j] = order[j - 1];
        --j;
      }
      order[j] = v;
    }
  }
  std::uint32_t* a = order;
  std::uint32_t* b = tmp;
  for (std::size_t width = run; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(n, lo + width);
      const std::size_t hi = std::min(n, lo + 2 * width);
      std::size_t i = lo, j = mid, o = lo;
      while (i < mid && j < hi) b[o++] = less(a[j], a[i]) ? a[j++] : a[i++];
      while (i < mid) b[o++] = a[i++];
      while (j < hi) b[o++] = a[j++];
    }
    std::swap(a, b);
  }
  if (a != order) std::copy(a, a + n, order);
}
}  // namespace

void voc_evaluator::update(span<const detection> dets, span<const ground_truth_object> objs) {
  const std::size_t nc = classes_.size();
  const std::size_t nd = dets.size();
  det_class_.resize(nd);
  det_score_.resize(nd);
  det_box_.resize(nd);
  for (std::size_t i = 0; i < nd; ++i) {
    if (dets[i].class_id >= nc) throw_detection(i, "class_id " + std::to_string(dets[i].class_id) + class_range(nc));
    check_detection(i, dets[i].score, dets[i].box);
    det_class_[i] = dets[i].class_id;
    det_score_[i] = dets[i].score;
    det_box_[i] = dets[i].box;
  }
  record_image(objs);
}

void voc_evaluator::update_kept(const detail::kept_detections& k, span<const ground_truth_object> objs) {
  if (k.num_scores != k.num_boxes || k.num_labels != k.num_boxes) {
    throw std::invalid_argument("voc_evaluator::update: boxes, scores and labels differ in size (" +
                                std::to_string(k.num_boxes) + ", " + std::to_string(k.num_scores) + ", " +
                                std::to_string(k.num_labels) + ")");
  }
  const std::size_t nc = classes_.size();
  const std::size_t nd = k.num_keep;
  det_class_.resize(nd);
  det_score_.resize(nd);
  det_box_.resize(nd);
  std::uint32_t* c = det_class_.data();
  double* s = det_score_.data();
  corner_box<double>* b = det_box_.data();
  if (k.boxes_double) {
    if (k.scores_double) {
      gather_label<double, double>(k, nc, c, s, b);
    } else {
      gather_label<double, float>(k, nc, c, s, b);
    }
  } else {
    if (k.scores_double) {
      gather_label<float, double>(k, nc, c, s, b);
    } else {
      gather_label<float, float>(k, nc, c, s, b);
    }
  }
  record_image(objs);
}

void voc_evaluator::update_rows(const detail::kept_rows& k, span<const ground_truth_object> objs) {
  if (k.box + 4 > k.cols || k.score >= k.cols || k.label >= k.cols) {
    throw std::invalid_argument("voc_evaluator::update: detection_columns {box " + std::to_string(k.box) + ", score " +
                                std::to_string(k.score) + ", label " + std::to_string(k.label) + "} outside rows of " +
                                std::to_string(k.cols) + " columns");
  }
  const std::size_t nc = classes_.size();
  const std::size_t nd = k.num_keep;
  det_class_.resize(nd);
  det_score_.resize(nd);
  det_box_.resize(nd);
  if (k.is_double) {
    gather_rows_keep<double>(k, nc, det_class_.data(), det_score_.data(), det_box_.data());
  } else {
    gather_rows_keep<float>(k, nc, det_class_.data(), det_score_.data(), det_box_.data());
  }
  record_image(objs);
}

void voc_evaluator::record_image(span<const ground_truth_object> objs) {
  const std::size_t nc = classes_.size();
  const std::size_t nd = det_class_.size();
  const std::size_t no = objs.size();
  // Validate the objects too before recording anything.
  for (std::size_t j = 0; j < no; ++j) {
    if (objs[j].class_id >= nc) {
      throw std::invalid_argument("voc_evaluator::update: object " + std::to_string(j) + ": class_id " +
                                  std::to_string(objs[j].class_id) + class_range(nc));
    }
    if (!finite_box(objs[j].box)) {
      throw std::invalid_argument("voc_evaluator::update: object " + std::to_string(j) +
                                  ": box has a non-finite coordinate");
    }
  }
  ++images_;
  boxes_ += nd + no;
  for (std::size_t i = 0; i < nd; ++i) {
    if (detail::inverted(det_box_[i])) ++classes_[det_class_[i]].inverted_detections;
    boxes_in_range_ += within_normalized_range(det_box_[i]) ? 1u : 0u;
  }
  for (std::size_t j = 0; j < no; ++j) {
    auto& cs = classes_[objs[j].class_id];
    if (detail::inverted(objs[j].box)) ++cs.inverted_objects;
    boxes_in_range_ += within_normalized_range(objs[j].box) ? 1u : 0u;
    if (objs[j].difficult) {
      ++cs.difficult;
    } else {
      ++cs.npos;
    }
  }
  if (nd == 0) return;
  // Rank this image's detections by (class, descending score, input order).
  order_.resize(nd);
  order_tmp_.resize(nd);
  for (std::size_t i = 0; i < nd; ++i) order_[i] = static_cast<std::uint32_t>(i);
  const std::uint32_t* cls = det_class_.data();
  const double* score = det_score_.data();
  stable_sort_with_buffer(order_.data(), order_tmp_.data(), nd, [cls, score](std::uint32_t a, std::uint32_t b) {
    if (cls[a] != cls[b]) return cls[a] < cls[b];
    return score[a] > score[b];
  });
  const match_options mo = options_.matching();
  std::size_t i = 0;
  while (i < nd) {
    const std::uint32_t c = cls[order_[i]];
    gt_box_.clear();
    gt_difficult_.clear();
    for (std::size_t j = 0; j < no; ++j) {
      if (objs[j].class_id == c) {
        gt_box_.push_back(objs[j].box);
        gt_difficult_.push_back(objs[j].difficult ? 1 : 0);
      }
    }
    matched_.assign(gt_box_.size(), 0);
    const span<const corner_box<double>> gt(gt_box_);
    const span<const std::uint8_t> diff(gt_difficult_);
    const span<std::uint8_t> taken(matched_);
    for (; i < nd && cls[order_[i]] == c; ++i) {
      const std::uint32_t d = order_[i];
      rec_class_.push_back(c);
      rec_score_.push_back(score[d]);
      rec_outcome_.push_back(greedy_match(det_box_[d], gt, diff, taken, mo));
    }
  }
}

void voc_evaluator::merge(const voc_evaluator& other) {
  if (other.names_ != names_) throw std::invalid_argument("voc_evaluator::merge: different class lists");
  const voc_options& a = options_;
  const voc_options& b = other.options_;
  if (a.iou_threshold != b.iou_threshold || a.comparison != b.comparison || a.grid != b.grid || a.sum != b.sum ||
      a.no_decision_precision != b.no_decision_precision || a.no_positives != b.no_positives ||
      a.convention != b.convention) {
    throw std::invalid_argument("voc_evaluator::merge: different options");
  }
  if (&other == this) {
    const voc_evaluator copy = other;
    merge(copy);
    return;
  }
  rec_class_.insert(rec_class_.end(), other.rec_class_.begin(), other.rec_class_.end());
  rec_score_.insert(rec_score_.end(), other.rec_score_.begin(), other.rec_score_.end());
  rec_outcome_.insert(rec_outcome_.end(), other.rec_outcome_.begin(), other.rec_outcome_.end());
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    auto& d = classes_[c];
    const auto& s = other.classes_[c];
    d.npos += s.npos;
    d.difficult += s.difficult;
    d.inverted_detections += s.inverted_detections;
    d.inverted_objects += s.inverted_objects;
  }
  images_ += other.images_;
  boxes_ += other.boxes_;
  boxes_in_range_ += other.boxes_in_range_;
}

voc_result voc_evaluator::compute(voc_curves curves) const {
  const std::size_t nc = classes_.size();
  voc_result r;
  r.options = options_;
  r.images = images_;
  r.boxes = boxes_;
  r.boxes_in_normalized_range = boxes_in_range_;
  r.classes.resize(nc);
  // Group the records by class, input order kept (counting sort).
  std::vector<std::size_t> begin(nc + 1, 0);
  for (const std::uint32_t c : rec_class_) ++begin[c + 1];
  for (std::size_t c = 0; c < nc; ++c) begin[c + 1] += begin[c];
  std::vector<double> score(rec_class_.size());
  std::vector<match_outcome> outcome(rec_class_.size());
  {
    std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
    for (std::size_t i = 0; i < rec_class_.size(); ++i) {
      const std::size_t at = fill[rec_class_[i]]++;
      score[at] = rec_score_[i];
      outcome[at] = rec_outcome_[i];
    }
  }
  std::vector<voc_ap> raw(nc);
  detail::ap_scratch scratch;
  for (std::size_t c = 0; c < nc; ++c) {
    const auto& cs = classes_[c];
    auto& cr = r.classes[c];
    cr.name = names_[c];
    cr.npos = cs.npos;
    cr.difficult = cs.difficult;
    cr.inverted_detections = cs.inverted_detections;
    cr.inverted_objects = cs.inverted_objects;
    const std::size_t b = begin[c];
    const std::size_t n = begin[c + 1] - b;
    cr.detections = n;
    for (std::size_t i = b; i < b + n; ++i) {
      const match_outcome v = outcome[i];
      cr.true_positives += v == match_outcome::true_positive ? 1 : 0;
      cr.false_positives += v == match_outcome::false_positive ? 1 : 0;
      cr.ignored += v == match_outcome::ignored ? 1 : 0;
    }
    raw[c] = detail::class_ap(score.data() + b, outcome.data() + b, n, cs.npos, options_.ap(), scratch,
                              curves == voc_curves::keep ? &cr.curve : nullptr);
  }
  detail::finish(r, raw, options_);
  return r;
}

// ---------------------------------------------------------------------------------------------
// offline evaluation of a whole set

std::uint32_t voc_dataset::add_image(std::string id, const voc_object* objs, std::size_t n) {
  const auto index = static_cast<std::uint32_t>(image_ids.size());
  image_ids.push_back(std::move(id));
  objects.insert(objects.end(), objs, objs + n);
  object_begin.push_back(objects.size());
  return index;
}

namespace detail {

void validate_ground_truth(const voc_dataset& data) {
  const std::size_t nc = data.class_names.size();
  const std::size_t ni = data.image_ids.size();
  if (nc == 0) throw std::invalid_argument("evaluate: the class list is empty");
  if (data.object_begin.size() != ni + 1 || data.object_begin.back() != data.objects.size()) {
    throw std::invalid_argument("evaluate: object_begin must have images + 1 entries ending at objects.size()");
  }
  for (const auto& o : data.objects) {
    if (o.class_id >= nc) throw std::invalid_argument("evaluate: object class_id out of range");
  }
}

void validate_detections(const voc_dataset::class_detections& cd, std::size_t ni) {
  if (cd.image.size() != cd.score.size() || cd.box.size() != cd.score.size()) {
    throw std::invalid_argument("evaluate: class_detections arrays differ in size");
  }
  for (std::size_t i = 0; i < cd.score.size(); ++i) {
    if (cd.image[i] >= ni) throw std::invalid_argument("evaluate: detection image index out of range");
    if (std::isnan(cd.score[i])) throw std::invalid_argument("evaluate: NaN detection score");
  }
}

set_evaluator::set_evaluator(const voc_dataset& data, const voc_options& options, voc_curves curves)
    : options_(options), curves_(curves), ni_(data.image_ids.size()), nc_(data.class_names.size()) {
  validate_options(options);
  validate_ground_truth(data);
  result_.options = options;
  result_.images = ni_;
  result_.classes.resize(nc_);
  raw_.resize(nc_);
  // Objects grouped by (class, image), XML order kept: counting sort.
  begin_.assign(nc_ * (ni_ + 1) + 1, 0);
  for (std::size_t i = 0; i < ni_; ++i) {
    for (std::size_t j = data.object_begin[i]; j < data.object_begin[i + 1]; ++j) {
      ++begin_[slot(data.objects[j].class_id, i) + 1];
    }
  }
  for (std::size_t k = 1; k < begin_.size(); ++k) begin_[k] += begin_[k - 1];
  gbox_.resize(data.objects.size());
  gdiff_.resize(data.objects.size());
  {
    std::vector<std::size_t> fill(begin_.begin(), begin_.end() - 1);
    for (std::size_t i = 0; i < ni_; ++i) {
      for (std::size_t j = data.object_begin[i]; j < data.object_begin[i + 1]; ++j) {
        const std::size_t at = fill[slot(data.objects[j].class_id, i)]++;
        gbox_[at] = data.objects[j].box;
        gdiff_[at] = data.objects[j].difficult ? 1 : 0;
      }
    }
  }
  matched_.assign(data.objects.size(), 0);
  for (std::size_t c = 0; c < nc_; ++c) result_.classes[c].name = data.class_names[c];
  result_.boxes = data.objects.size();
  for (const auto& o : data.objects) {
    auto& cr = result_.classes[o.class_id];
    result_.boxes_in_normalized_range += within_normalized_range(o.box) ? 1u : 0u;
    if (inverted(o.box)) ++cr.inverted_objects;
    if (o.difficult) {
      ++cr.difficult;
    } else {
      ++cr.npos;
    }
  }
}

void set_evaluator::add_class(std::size_t c, const voc_dataset::class_detections& cd) {
  validate_detections(cd, ni_);
  auto& cr = result_.classes[c];
  const std::size_t n = cd.score.size();
  cr.detections = n;
  cr.inverted_detections = 0;
  result_.boxes += n;
  for (const auto& b : cd.box) {
    cr.inverted_detections += inverted(b) ? 1u : 0u;
    result_.boxes_in_normalized_range += within_normalized_range(b) ? 1u : 0u;
  }
  auto match = [&](std::uint32_t d) {
    const std::size_t img = cd.image[d];
    const std::size_t b = begin_[slot(c, img)];
    const std::size_t e = begin_[slot(c, img + 1)];
    return detail::match_detection(cd.box[d], gbox_.data() + b, gdiff_.data() + b, e - b, matched_.data() + b,
                                   options_);
  };
  // Usual case: each image's detections are one run of consecutive lines. Then match run by run
  // in file order (sequential memory access), each run in descending score order (stable).
  // Otherwise match in global rank order.
  bool runs = true;
  seen_.assign(ni_, 0);
  for (std::size_t d = 0; d < n && runs; ++d) {
    if (d > 0 && cd.image[d] == cd.image[d - 1]) continue;
    runs = seen_[cd.image[d]] == 0;
    seen_[cd.image[d]] = 1;
  }
  file_outcome_.resize(n);
  if (runs) {
    std::size_t s0 = 0;
    while (s0 < n) {
      std::size_t s1 = s0 + 1;
      while (s1 < n && cd.image[s1] == cd.image[s0]) ++s1;
      const std::size_t img = cd.image[s0];
      if (begin_[slot(c, img)] == begin_[slot(c, img + 1)]) {
        // no object of this class in the image: every detection is a FP, in any order
        std::fill(file_outcome_.begin() + static_cast<std::ptrdiff_t>(s0),
                  file_outcome_.begin() + static_cast<std::ptrdiff_t>(s1), match_outcome::false_positive);
        s0 = s1;
        continue;
      }
      run_.clear();
      const auto by_score = [&cd](std::uint32_t x, std::uint32_t y) { return cd.score[x] > cd.score[y]; };
      if (s1 - s0 <= 64) {
        for (std::size_t d = s0; d < s1; ++d) {
          // insertion sort by descending score; equal scores keep file order
          std::size_t at = run_.size();
          run_.push_back(static_cast<std::uint32_t>(d));
          while (at > 0 && by_score(static_cast<std::uint32_t>(d), run_[at - 1])) {
            run_[at] = run_[at - 1];
            --at;
          }
          run_[at] = static_cast<std::uint32_t>(d);
        }
      } else {
        for (std::size_t d = s0; d < s1; ++d) run_.push_back(static_cast<std::uint32_t>(d));
        std::stable_sort(run_.begin(), run_.end(), by_score);
      }
      for (const std::uint32_t d : run_) file_outcome_[d] = match(d);
      s0 = s1;
    }
  } else {
    rank_descending(cd.score.data(), n, order_, keys_);
    for (std::size_t k = 0; k < n; ++k) file_outcome_[order_[k]] = match(order_[k]);
  }
  for (std::size_t d = 0; d < n; ++d) {
    const match_outcome v = file_outcome_[d];
    cr.true_positives += v == match_outcome::true_positive ? 1 : 0;
    cr.false_positives += v == match_outcome::false_positive ? 1 : 0;
    cr.ignored += v == match_outcome::ignored ? 1 : 0;
  }
  raw_[c] = class_ap(cd.score.data(), file_outcome_.data(), n, cr.npos, options_.ap(), scratch_,
                     curves_ == voc_curves::keep ? &cr.curve : nullptr);
}

// Classes never given to add_class(): no detections (what add_class() with an empty list computes).
void set_evaluator::fill_missing(const std::vector<std::uint8_t>& added, voc_result& r, std::vector<voc_ap>& raw) const {
  ap_scratch scratch;
  const double no_score = 0;
  const match_outcome no_outcome = match_outcome::false_positive;
  for (std::size_t c = 0; c < nc_; ++c) {
    if (added[c] != 0) continue;
    raw[c] = class_ap(&no_score, &no_outcome, 0, r.classes[c].npos, options_.ap(), scratch,
                      curves_ == voc_curves::keep ? &r.classes[c].curve : nullptr);
  }
}

voc_result set_evaluator::result(std::size_t skipped_unknown_image_detections,
                                 const std::vector<std::uint8_t>& added) const {
  voc_result r = result_;
  std::vector<voc_ap> raw = raw_;
  fill_missing(added, r, raw);
  r.skipped_unknown_image_detections = skipped_unknown_image_detections;
  detail::finish(r, raw, options_);
  return r;
}

voc_result set_evaluator::take_result(std::size_t skipped_unknown_image_detections,
                                      const std::vector<std::uint8_t>& added) {
  fill_missing(added, result_, raw_);
  return finish(skipped_unknown_image_detections);
}

voc_result set_evaluator::finish(std::size_t skipped_unknown_image_detections) {
  result_.skipped_unknown_image_detections = skipped_unknown_image_detections;
  detail::finish(result_, raw_, options_);
  return std::move(result_);
}

}  // namespace detail

voc_result evaluate(const voc_dataset& data, const voc_options& options, voc_curves curves) {
  if (data.detections.size() != data.class_names.size()) {
    throw std::invalid_argument("evaluate: detections must have one entry per class");
  }
  for (const auto& cd : data.detections) detail::validate_detections(cd, data.image_ids.size());
  detail::set_evaluator ev(data, options, curves);
  for (std::size_t c = 0; c < data.class_names.size(); ++c) ev.add_class(c, data.detections[c]);
  return ev.finish(data.skipped_unknown_image_detections);
}

// ---------------------------------------------------------------------------------------------
// public class-at-a-time evaluator

struct voc_set_evaluator::impl {
  impl(const voc_dataset& gt, const voc_options& o, voc_curves c)
      : ev(gt, o, c), added(gt.class_names.size(), 0), images(gt.image_ids.size()) {}
  detail::set_evaluator ev;
  std::vector<std::uint8_t> added;
  std::size_t images;
};

voc_set_evaluator::voc_set_evaluator(const voc_dataset& ground_truth, const voc_options& options, voc_curves curves)
    : impl_(std::make_unique<impl>(ground_truth, options, curves)) {}
voc_set_evaluator::~voc_set_evaluator() = default;
voc_set_evaluator::voc_set_evaluator(voc_set_evaluator&&) noexcept = default;
voc_set_evaluator& voc_set_evaluator::operator=(voc_set_evaluator&&) noexcept = default;

void voc_set_evaluator::add_class(std::size_t class_index, const voc_dataset::class_detections& detections) {
  if (class_index >= impl_->added.size()) {
    throw std::invalid_argument("voc_set_evaluator::add_class: class index " + std::to_string(class_index) +
                                " out of range (" + std::to_string(impl_->added.size()) + " classes)");
  }
  if (impl_->added[class_index] != 0) {
    throw std::invalid_argument("voc_set_evaluator::add_class: class " + std::to_string(class_index) +
                                " was already added");
  }
  impl_->ev.add_class(class_index, detections);
  impl_->added[class_index] = 1;
}

voc_result voc_set_evaluator::result() const& { return impl_->ev.result(skipped_, impl_->added); }

voc_result voc_set_evaluator::result() && { return impl_->ev.take_result(skipped_, impl_->added); }

std::size_t voc_set_evaluator::classes() const noexcept { return impl_->added.size(); }
std::size_t voc_set_evaluator::images() const noexcept { return impl_->images; }

}  // namespace edgemetrics
