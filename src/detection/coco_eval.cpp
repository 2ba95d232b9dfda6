// COCO-style evaluation (<edgemetrics/detection/coco.hpp>): pycocotools' COCOeval for bbox.
// Compiled with -ffp-contract=off like the rest of the library: every IoU, area and precision is
// rounded as numpy / maskApi.c round it.
#include <edgemetrics/detection/average_precision.hpp>
#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/detection/matching.hpp>

#include "../common/memory.hpp"
#include "ap_detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

namespace detail {
// src/classification/parallel.cpp
void run_parallel(unsigned threads, void (*fn)(void*, unsigned), void* ctx);
unsigned hardware_threads() noexcept;
}  // namespace detail

namespace {

[[noreturn]] void fail(const char* fn, const std::string& what) {
  throw std::invalid_argument(std::string("edgemetrics::") + fn + ": " + what);
}

bool finite_box(const xywh_box<double>& b) noexcept {
  return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.w) && std::isfinite(b.h);
}

bool out_of_range(double area, const coco_area_range& r) noexcept { return area < r.lo || area > r.hi; }

void check_params(const coco_params& p, const char* fn) {
  const auto check_list = [&](const std::vector<double>& v, const char* name) {
    if (v.empty()) fail(fn, std::string(name) + " is empty");
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!(v[i] >= 0 && v[i] <= 1)) fail(fn, std::string(name) + "[" + std::to_string(i) + "] is not in [0, 1]");
      if (i > 0 && v[i] < v[i - 1]) fail(fn, std::string(name) + " must be ascending");
    }
  };
  check_list(p.iou_thresholds, "iou_thresholds");
  check_list(p.recall_thresholds, "recall_thresholds");
  if (p.max_dets.empty()) fail(fn, "max_dets is empty");
  for (const std::size_t m : p.max_dets) {
    if (m == 0) fail(fn, "a max_dets entry is 0");
  }
  if (p.area_ranges.empty()) fail(fn, "area_ranges is empty");
  for (const auto& a : p.area_ranges) {
    if (std::isnan(a.lo) || std::isnan(a.hi) || a.lo > a.hi) {
      fail(fn, "area range '" + a.label + "' must have lo <= hi");
    }
  }
  if (p.iou_thresholds.size() * p.area_ranges.size() > 127 * 127) fail(fn, "too many thresholds and area ranges");
}

// The mean numpy takes of s[s > -1] for s = array[sel...] (C order of the selection).
double masked_mean(std::vector<double>& buf) {
  if (buf.empty()) return -1.0;
  return detail::numpy_sum(buf.data(), buf.size()) / static_cast<double>(buf.size());
}

std::vector<std::size_t> indices_equal(const std::vector<double>& v, double x) {
  std::vector<std::size_t> r;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == x) r.push_back(i);
  }
  return r;
}

}  // namespace

std::vector<double> numpy_linspace(double start, double stop, std::size_t num) {
  std::vector<double> y(num);
  if (num == 0) return y;
  if (num == 1) {
    y[0] = start;
    return y;
  }
  const double div = static_cast<double>(num - 1);
  const double delta = stop - start;
  const double step = delta / div;
  for (std::size_t i = 0; i < num; ++i) {
    const double fi = static_cast<double>(i);
    y[i] = (step == 0 ? (fi / div) * delta : fi * step) + start;
  }
  y[num - 1] = stop;
  return y;
}

std::vector<double> coco_iou_thresholds(double lo, double hi, double step) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && std::isfinite(step) && lo >= 0 && lo <= hi && hi <= 1 && step > 0)) {
    fail("coco_iou_thresholds", "need 0 <= lo <= hi <= 1 and step > 0");
  }
  const double n = std::nearbyint((hi - lo) / step);  // np.round: half to even
  if (n > 1e6) fail("coco_iou_thresholds", "too many thresholds");
  return numpy_linspace(lo, hi, static_cast<std::size_t>(n) + 1);
}

double coco_iou(const xywh_box<double>& d, const xywh_box<double>& g, bool crowd) noexcept {
  // maskApi.c bbIou
  const double w = std::fmin(d.w + d.x, g.w + g.x) - std::fmax(d.x, g.x);
  if (w <= 0) return 0.0;
  const double h = std::fmin(d.h + d.y, g.h + g.y) - std::fmax(d.y, g.y);
  if (h <= 0) return 0.0;
  const double i = w * h;
  const double da = d.w * d.h;
  const double u = crowd ? da : (da + g.w * g.h) - i;
  return i / u;
}

double coco_result::mean(bool ap, std::optional<std::size_t> iou, std::size_t area, std::size_t max_dets,
                         std::optional<std::size_t> category) const {
  const std::size_t T = num_iou(), R = num_recall(), K = num_categories();
  std::vector<double> buf;
  const std::size_t t0 = iou ? *iou : 0, t1 = iou ? *iou + 1 : T;
  const std::size_t k0 = category ? *category : 0, k1 = category ? *category + 1 : K;
  for (std::size_t t = t0; t < t1 && t < T; ++t) {
    if (ap) {
      for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t k = k0; k < k1 && k < K; ++k) {
          const double v = precision_at(t, r, k, area, max_dets);
          if (v > -1) buf.push_back(v);
        }
      }
    } else {
      for (std::size_t k = k0; k < k1 && k < K; ++k) {
        const double v = recall_at(t, k, area, max_dets);
        if (v > -1) buf.push_back(v);
      }
    }
  }
  return masked_mean(buf);
}

namespace {

// _summarize(ap, iouThr, areaRng, maxDets): every index whose threshold / label / maxDets equals.
double summarize_one(const coco_result& r, bool ap, std::optional<double> iou_thr, const char* area_label,
                     std::optional<std::size_t> max_dets) {
  const auto& p = r.params;
  std::vector<std::size_t> tind;
  if (iou_thr) {
    tind = indices_equal(p.iou_thresholds, *iou_thr);
  } else {
    tind.resize(p.iou_thresholds.size());
    std::iota(tind.begin(), tind.end(), std::size_t{0});
  }
  std::vector<std::size_t> aind, mind;
  for (std::size_t a = 0; a < p.area_ranges.size(); ++a) {
    if (p.area_ranges[a].label == area_label) aind.push_back(a);
  }
  if (max_dets) {
    for (std::size_t m = 0; m < p.max_dets.size(); ++m) {
      if (p.max_dets[m] == *max_dets) mind.push_back(m);
    }
  }
  std::vector<double> buf;
  const std::size_t R = r.num_recall(), K = r.num_categories();
  for (const std::size_t t : tind) {
    if (ap) {
      for (std::size_t ri = 0; ri < R; ++ri) {
        for (std::size_t k = 0; k < K; ++k) {
          for (const std::size_t a : aind) {
            for (const std::size_t m : mind) {
              const double v = r.precision_at(t, ri, k, a, m);
              if (v > -1) buf.push_back(v);
            }
          }
        }
      }
    } else {
      for (std::size_t k = 0; k < K; ++k) {
        for (const std::size_t a : aind) {
          for (const std::size_t m : mind) {
            const double v = r.recall_at(t, k, a, m);
            if (v > -1) buf.push_back(v);
          }
        }
      }
    }
  }
  return masked_mean(buf);
}

struct stat_spec {
  bool ap;
  double iou;  // < 0: all
  const char* area;
  int max_dets;  // < 0: the literal 100; else index into params.max_dets
};
constexpr std::array<stat_spec, 12> stat_specs{{{true, -1, "all", -1},
                                                {true, 0.5, "all", 2},
                                                {true, 0.75, "all", 2},
                                                {true, -1, "small", 2},
                                                {true, -1, "medium", 2},
                                                {true, -1, "large", 2},
                                                {false, -1, "all", 0},
                                                {false, -1, "all", 1},
                                                {false, -1, "all", 2},
                                                {false, -1, "small", 2},
                                                {false, -1, "medium", 2},
                                                {false, -1, "large", 2}}};

std::optional<std::size_t> stat_max_dets(const coco_params& p, const stat_spec& s) {
  if (s.max_dets < 0) return std::size_t{100};
  const auto i = static_cast<std::size_t>(s.max_dets);
  if (i >= p.max_dets.size()) return std::nullopt;
  return p.max_dets[i];
}

}  // namespace

std::string coco_summary_text(const coco_result& r) {
  std::string out;
  const auto& p = r.params;
  char iou_range[64];
  std::snprintf(iou_range, sizeof iou_range, "%0.2f:%0.2f", p.iou_thresholds.front(), p.iou_thresholds.back());
  for (std::size_t i = 0; i < stat_specs.size(); ++i) {
    const auto& s = stat_specs[i];
    char iou_str[64];
    if (s.iou < 0) {
      std::snprintf(iou_str, sizeof iou_str, "%s", iou_range);
    } else {
      std::snprintf(iou_str, sizeof iou_str, "%0.2f", s.iou);
    }
    const auto md = stat_max_dets(p, s);
    char line[256];
    // ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}'
    std::snprintf(line, sizeof line, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3zu ] = %0.3f\n",
                  s.ap ? "Average Precision" : "Average Recall", s.ap ? "(AP)" : "(AR)", iou_str, s.area,
                  md ? *md : std::size_t{0}, r.stats[i]);
    out += line;
  }
  return out;
}

coco_evaluator::coco_evaluator(std::vector<std::int64_t> category_ids, coco_params params)
    : category_ids_(std::move(category_ids)), params_(std::move(params)) {
  const char* fn = "coco_evaluator";
  if (category_ids_.empty()) fail(fn, "the category list is empty");
  for (std::size_t i = 1; i < category_ids_.size(); ++i) {
    if (category_ids_[i] <= category_ids_[i - 1]) fail(fn, "category ids must be strictly ascending");
  }
  if (category_ids_.size() > 0xFFFFFFFFu) fail(fn, "too many categories");
  check_params(params_, fn);
  std::sort(params_.max_dets.begin(), params_.max_dets.end());
  max_det_ = params_.max_dets.back();
  groups_ = params_.use_cats ? category_ids_.size() : 1;
  reset();
}

void coco_evaluator::reserve(std::size_t n) {
  detail::reserve_huge(rec_score_, n);
  detail::reserve_huge(rec_image_, n);
  detail::reserve_huge(rec_rank_, n);
  detail::reserve_huge(rec_group_, n);
  detail::reserve_huge(rec_outcome_, n * params_.iou_thresholds.size() * params_.area_ranges.size());
}

void coco_evaluator::reset() noexcept {
  image_ids_.clear();
  npos_.assign(groups_ * params_.area_ranges.size(), 0);
  num_gt_.assign(category_ids_.size(), 0);
  num_crowd_.assign(category_ids_.size(), 0);
  num_dt_.assign(category_ids_.size(), 0);
  rec_score_.clear();
  rec_image_.clear();
  rec_rank_.clear();
  rec_group_.clear();
  rec_outcome_.clear();
}

void coco_evaluator::update(std::int64_t image_id, span<const detection> detections,
                            span<const ground_truth_object> objects) {
  std::vector<coco_detection> d(detections.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto& b = detections[i].box;
    d[i] = {detections[i].class_id, detections[i].score, {b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1}};
  }
  std::vector<coco_object> o(objects.size());
  for (std::size_t i = 0; i < o.size(); ++i) {
    const auto& b = objects[i].box;
    const xywh_box<double> x{b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1};
    o[i] = {objects[i].class_id, x, x.w * x.h, objects[i].difficult};
  }
  update(image_id, d, o);
}

void coco_evaluator::update(std::int64_t image_id, span<const coco_detection> detections,
                            span<const coco_object> objects) {
  const char* fn = "coco_evaluator::update";
  const std::size_t K = category_ids_.size();
  for (std::size_t i = 0; i < detections.size(); ++i) {
    const auto& d = detections[i];
    if (d.category >= K) {
      fail(fn, "detection " + std::to_string(i) + ": category index " + std::to_string(d.category) + " out of range (" +
                   std::to_string(K) + " categories)");
    }
    if (std::isnan(d.score)) fail(fn, "detection " + std::to_string(i) + ": the score is NaN");
    if (!finite_box(d.box)) fail(fn, "detection " + std::to_string(i) + ": a coordinate is not finite");
  }
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& o = objects[i];
    if (o.category >= K) {
      fail(fn, "object " + std::to_string(i) + ": category index " + std::to_string(o.category) + " out of range (" +
                   std::to_string(K) + " categories)");
    }
    if (!finite_box(o.box) || !std::isfinite(o.area)) {
      fail(fn, "object " + std::to_string(i) + ": a coordinate or the area is not finite");
    }
  }
  if (detections.size() > 0xFFFFFFFFu || objects.size() > 0xFFFFFFFFu) fail(fn, "too many boxes in one image");
  if (!image_ids_.insert(image_id).second) fail(fn, "image id " + std::to_string(image_id) + " was given before");

  // pycocotools' lists: per category in file order (useCats), or concatenated by ascending
  // category id (useCats = 0); detections then ranked by a stable sort on descending score. As
  // one total order: (group, descending score, category, input index).
  const bool by_cat = params_.use_cats;
  dt_keys_.resize(detections.size());
  for (std::size_t i = 0; i < detections.size(); ++i) {
    const auto& d = detections[i];
    ++num_dt_[d.category];
    dt_keys_[i] = {by_cat ? d.category : 0u, detail::descending_key(d.score), d.category,
                   static_cast<std::uint32_t>(i)};
  }
  std::sort(dt_keys_.begin(), dt_keys_.end(), [](const dt_key& x, const dt_key& y) {
    if (x.group != y.group) return x.group < y.group;
    if (x.score != y.score) return x.score < y.score;
    if (x.category != y.category) return x.category < y.category;
    return x.index < y.index;
  });
  gt_keys_.resize(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& o = objects[i];
    ++num_gt_[o.category];
    if (o.iscrowd) ++num_crowd_[o.category];
    gt_keys_[i] = (static_cast<std::uint64_t>(o.category) << 32) | i;
  }
  std::sort(gt_keys_.begin(), gt_keys_.end());
  // one group at a time (the groups present in either list, ascending)
  std::size_t di = 0, gi = 0;
  const std::size_t nd = dt_keys_.size(), ng = gt_keys_.size();
  const auto gt_group = [&](std::size_t j) { return by_cat ? static_cast<std::uint32_t>(gt_keys_[j] >> 32) : 0u; };
  while (di < nd || gi < ng) {
    std::uint32_t g = 0xFFFFFFFFu;
    if (di < nd) g = dt_keys_[di].group;
    if (gi < ng) g = std::min(g, gt_group(gi));
    std::size_t de = di, ge = gi;
    while (de < nd && dt_keys_[de].group == g) ++de;
    while (ge < ng && gt_group(ge) == g) ++ge;
    dt_order_.resize(de - di);
    for (std::size_t j = di; j < de; ++j) dt_order_[j - di] = dt_keys_[j].index;
    gt_order_.resize(ge - gi);
    for (std::size_t j = gi; j < ge; ++j) gt_order_[j - gi] = static_cast<std::uint32_t>(gt_keys_[j] & 0xFFFFFFFFu);
    evaluate_group(image_id, g, detections, objects);
    di = de;
    gi = ge;
  }
}

void coco_evaluator::evaluate_group(std::int64_t image_id, std::uint32_t group, span<const coco_detection> dts,
                                    span<const coco_object> gts) {
  // dt_order_: this group's detections ranked; gt_order_: its objects in list order.
  const std::size_t T = params_.iou_thresholds.size();
  const std::size_t A = params_.area_ranges.size();
  const std::size_t D = std::min(dt_order_.size(), max_det_);
  const std::size_t G = gt_order_.size();
  // records
  const std::size_t base = rec_score_.size();
  for (std::size_t d = 0; d < D; ++d) {
    rec_score_.push_back(dts[dt_order_[d]].score);
    rec_image_.push_back(image_id);
    rec_rank_.push_back(static_cast<std::uint32_t>(d));
    rec_group_.push_back(group);
  }
  rec_outcome_.resize(rec_score_.size() * A * T);
  std::int8_t* out = rec_outcome_.data() + base * A * T;
  if (G == 0) {  // every detection unmatched: a false positive unless its area is out of the range
    for (std::size_t d = 0; d < D; ++d) {
      const auto& b = dts[dt_order_[d]].box;
      const double area = b.w * b.h;
      for (std::size_t a = 0; a < A; ++a) {
        const auto o =
            out_of_range(area, params_.area_ranges[a]) ? match_outcome::ignored : match_outcome::false_positive;
        std::fill(out + (d * A + a) * T, out + (d * A + a + 1) * T, static_cast<std::int8_t>(o));
      }
    }
    return;
  }
  // IoU matrix D x G (objects in list order)
  ious_.resize(D * G);
  for (std::size_t d = 0; d < D; ++d) {
    const auto& db = dts[dt_order_[d]].box;
    for (std::size_t g = 0; g < G; ++g) {
      const auto& o = gts[gt_order_[g]];
      ious_[d * G + g] = coco_iou(db, o.box, o.iscrowd);
    }
  }
  gt_ignore_.resize(G);
  gt_sorted_.resize(G);
  taken_.resize(G);
  col_.resize(D * G);
  crowd_sorted_.resize(G);
  ignore_sorted_.resize(G);
  for (std::size_t a = 0; a < A; ++a) {
    const auto& rng = params_.area_ranges[a];
    std::size_t npos = 0;
    for (std::size_t g = 0; g < G; ++g) {
      const auto& o = gts[gt_order_[g]];
      gt_ignore_[g] = (o.iscrowd || out_of_range(o.area, rng)) ? 1 : 0;
      npos += gt_ignore_[g] == 0 ? std::size_t{1} : std::size_t{0};
    }
    npos_[group * A + a] += npos;
    // gtind = np.argsort(_ignore, kind='mergesort'): non-ignored first, list order kept
    std::size_t w = 0;
    for (std::size_t g = 0; g < G; ++g) {
      if (gt_ignore_[g] == 0) gt_sorted_[w++] = static_cast<std::uint32_t>(g);
    }
    for (std::size_t g = 0; g < G; ++g) {
      if (gt_ignore_[g] != 0) gt_sorted_[w++] = static_cast<std::uint32_t>(g);
    }
    for (std::size_t j = 0; j < G; ++j) {
      crowd_sorted_[j] = gts[gt_order_[gt_sorted_[j]]].iscrowd ? 1 : 0;
      ignore_sorted_[j] = gt_ignore_[gt_sorted_[j]];
    }
    // the IoU matrix with its columns in that order
    for (std::size_t d = 0; d < D; ++d) {
      for (std::size_t j = 0; j < G; ++j) col_[d * G + j] = ious_[d * G + gt_sorted_[j]];
    }
    for (std::size_t t = 0; t < T; ++t) {
      std::fill(taken_.begin(), taken_.end(), std::uint8_t{0});
      const double thr = params_.iou_thresholds[t];
      for (std::size_t d = 0; d < D; ++d) {
        const std::size_t m =
            coco_match(span<const double>(col_.data() + d * G, G), ignore_sorted_, crowd_sorted_, taken_, thr);
        match_outcome o;
        if (m == G) {
          const auto& b = dts[dt_order_[d]].box;
          o = out_of_range(b.w * b.h, rng) ? match_outcome::ignored : match_outcome::false_positive;
        } else {
          o = ignore_sorted_[m] != 0 ? match_outcome::ignored : match_outcome::true_positive;
        }
        out[(d * A + a) * T + t] = static_cast<std::int8_t>(o);
      }
    }
  }
}

void coco_evaluator::merge(const coco_evaluator& other) {
  const char* fn = "coco_evaluator::merge";
  if (other.category_ids_ != category_ids_) fail(fn, "the evaluators have different categories");
  const auto& p = params_;
  const auto& q = other.params_;
  bool same = p.iou_thresholds == q.iou_thresholds && p.recall_thresholds == q.recall_thresholds &&
              p.max_dets == q.max_dets && p.use_cats == q.use_cats && p.area_ranges.size() == q.area_ranges.size();
  for (std::size_t a = 0; same && a < p.area_ranges.size(); ++a) {
    same = p.area_ranges[a].label == q.area_ranges[a].label && p.area_ranges[a].lo == q.area_ranges[a].lo &&
           p.area_ranges[a].hi == q.area_ranges[a].hi;
  }
  if (!same) fail(fn, "the evaluators have different params");
  for (const auto id : other.image_ids_) {
    if (image_ids_.count(id) != 0) fail(fn, "image id " + std::to_string(id) + " is in both evaluators");
  }
  if (&other == this) return;  // (no images, or the check above failed)
  image_ids_.insert(other.image_ids_.begin(), other.image_ids_.end());
  for (std::size_t i = 0; i < npos_.size(); ++i) npos_[i] += other.npos_[i];
  for (std::size_t i = 0; i < num_gt_.size(); ++i) {
    num_gt_[i] += other.num_gt_[i];
    num_crowd_[i] += other.num_crowd_[i];
    num_dt_[i] += other.num_dt_[i];
  }
  rec_score_.insert(rec_score_.end(), other.rec_score_.begin(), other.rec_score_.end());
  rec_image_.insert(rec_image_.end(), other.rec_image_.begin(), other.rec_image_.end());
  rec_rank_.insert(rec_rank_.end(), other.rec_rank_.begin(), other.rec_rank_.end());
  rec_group_.insert(rec_group_.end(), other.rec_group_.begin(), other.rec_group_.end());
  rec_outcome_.insert(rec_outcome_.end(), other.rec_outcome_.begin(), other.rec_outcome_.end());
}

coco_result coco_evaluator::compute() const {
  coco_result r;
  r.params = params_;
  r.images = image_ids_.size();
  const std::size_t T = params_.iou_thresholds.size();
  const std::size_t R = params_.recall_thresholds.size();
  const std::size_t A = params_.area_ranges.size();
  const std::size_t M = params_.max_dets.size();
  const std::size_t K = groups_;
  if (params_.use_cats) {
    r.category_ids = category_ids_;
  } else {
    r.category_ids = {-1};
  }
  r.precision.assign(T * R * K * A * M, -1.0);
  r.scores.assign(T * R * K * A * M, -1.0);
  r.recall.assign(T * K * A * M, -1.0);

  // Rank the records of each group: descending score, then image id, then rank in the image
  // (pycocotools' mergesort of the per-image lists concatenated in image id order).
  const std::size_t n = rec_score_.size();
  std::vector<std::size_t> group_begin(K + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++group_begin[rec_group_[i] + 1];
  for (std::size_t k = 0; k < K; ++k) group_begin[k + 1] += group_begin[k];
  struct sort_key {
    std::uint64_t score;
    std::int64_t image;
    std::uint32_t rank;
    std::uint32_t index;
  };
  std::vector<sort_key> keys;
  detail::reserve_huge(keys, n);
  keys.resize(n);
  {
    std::vector<std::size_t> next(group_begin.begin(), group_begin.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      keys[next[rec_group_[i]]++] = {detail::descending_key(rec_score_[i]), rec_image_[i], rec_rank_[i],
                                     static_cast<std::uint32_t>(i)};
    }
  }
  const std::size_t AT = A * T;
  const std::size_t stride = K * A * M;  // between recall thresholds in precision / scores
  // Categories are independent (each writes only its own cells): split over threads.
  const auto run_category = [&](std::size_t k) {
    std::vector<double> ranked_scores, env;
    std::vector<std::uint32_t> sel, nign(AT), ntp(AT), tp_rank, tp_fp;
    std::vector<std::size_t> cell_begin(AT + 1, 0);
    const auto first = keys.begin() + static_cast<std::ptrdiff_t>(group_begin[k]);
    const auto last = keys.begin() + static_cast<std::ptrdiff_t>(group_begin[k + 1]);
    std::sort(first, last, [](const sort_key& x, const sort_key& y) {
      if (x.score != y.score) return x.score < y.score;
      if (x.image != y.image) return x.image < y.image;
      return x.rank < y.rank;
    });
    // the true positives of cell c = (a, t) go to tp_rank / tp_fp from cell_begin[c] (at most npos)
    for (std::size_t a = 0; a < A; ++a) {
      for (std::size_t t = 0; t < T; ++t) cell_begin[a * T + t + 1] = cell_begin[a * T + t] + npos_[k * A + a] + 1;
    }
    tp_rank.resize(cell_begin[AT]);
    tp_fp.resize(cell_begin[AT]);
    std::size_t previous_selected = 0;
    for (std::size_t m = 0; m < M; ++m) {
      const std::size_t md = params_.max_dets[m];
      sel.clear();
      for (auto it = first; it != last; ++it) {
        if (it->rank < md) sel.push_back(it->index);
      }
      if (m > 0 && sel.size() == previous_selected) {
        // the same detections as maxDets[m-1] (the cut only adds): the same cells
        for (std::size_t t = 0; t < T; ++t) {
          for (std::size_t a = 0; a < A; ++a) {
            for (std::size_t ri = 0; ri < R; ++ri) {
              const std::size_t at = (((t * R + ri) * K + k) * A + a) * M + m;
              r.precision[at] = r.precision[at - 1];
              r.scores[at] = r.scores[at - 1];
            }
            const std::size_t at = ((t * K + k) * A + a) * M + m;
            r.recall[at] = r.recall[at - 1];
          }
        }
        continue;
      }
      previous_selected = sel.size();
      ranked_scores.resize(sel.size());
      std::fill(nign.begin(), nign.end(), 0u);
      std::fill(ntp.begin(), ntp.end(), 0u);
      // Per cell, each true positive's rank and the false positives ranked above it: those are
      // the records above it that are neither true positives nor ignored (i - ntp - nign). A
      // record's true positives are found 8 cells at a time (a byte 0x01 among 0x00 false
      // positives and 0xFF ignored ones); the ignored counts are a plain loop the compiler
      // vectorises.
      static_assert(static_cast<std::int8_t>(match_outcome::true_positive) == 1 &&
                        static_cast<std::int8_t>(match_outcome::false_positive) == 0 &&
                        static_cast<std::int8_t>(match_outcome::ignored) == -1,
                    "the bit tests below assume these values");
      for (std::size_t i = 0; i < sel.size(); ++i) {
        ranked_scores[i] = rec_score_[sel[i]];
        const std::int8_t* o = rec_outcome_.data() + static_cast<std::size_t>(sel[i]) * AT;
        const auto i32 = static_cast<std::uint32_t>(i);
        const auto true_positive = [&](std::size_t c) {
          const std::size_t at = cell_begin[c] + ntp[c];
          tp_rank[at] = i32;
          tp_fp[at] = i32 - ntp[c] - nign[c];
          ++ntp[c];
        };
        std::size_t c0 = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        for (; c0 + 8 <= AT; c0 += 8) {
          std::uint64_t w;
          std::memcpy(&w, o + c0, 8);
          std::uint64_t tp = w & ~(w >> 1) & 0x0101010101010101ull;  // bytes equal to 0x01
          while (tp != 0) {
            true_positive(c0 + static_cast<std::size_t>(__builtin_ctzll(tp)) / 8);
            tp &= tp - 1;
          }
        }
#endif
        for (; c0 < AT; ++c0) {
          if (o[c0] == 1) true_positive(c0);
        }
        for (std::size_t c = 0; c < AT; ++c) nign[c] += static_cast<std::uint8_t>(o[c]) >> 7;
      }
      for (std::size_t a = 0; a < A; ++a) {
        const std::size_t npos = npos_[k * A + a];
        if (npos == 0) continue;  // stays -1
        for (std::size_t t = 0; t < T; ++t) {
          const std::size_t c = a * T + t;
          const std::size_t at = (((t * R) * K + k) * A + a) * M + m;  // recall threshold 0
          double recall = 0;
          if (sel.empty()) {
            for (std::size_t ri = 0; ri < R; ++ri) {
              r.precision[at + ri * stride] = 0.0;
              r.scores[at + ri * stride] = 0.0;
            }
          } else {
            env.resize(ntp[c]);
            recall = detail::coco_cell_from_true_positives(tp_rank.data() + cell_begin[c], tp_fp.data() + cell_begin[c],
                                                           ntp[c], sel.size(), npos, ranked_scores.data(),
                                                           params_.recall_thresholds.data(), R, r.precision.data() + at,
                                                           r.scores.data() + at, stride, env.data());
          }
          r.recall[((t * K + k) * A + a) * M + m] = recall;
        }
      }
    }
  };
  struct work_context {
    const decltype(run_category)* run;
    std::size_t categories;
    unsigned threads;
    std::vector<std::exception_ptr> errors;
  };
  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>({static_cast<std::size_t>(detail::hardware_threads()), K, n / 20000 + 1, std::size_t{8}}));
  work_context ctx{&run_category, K, threads, std::vector<std::exception_ptr>(threads)};
  detail::run_parallel(
      threads,
      [](void* c, unsigned worker) {
        auto& w = *static_cast<work_context*>(c);
        try {
          for (std::size_t k = worker; k < w.categories; k += w.threads) (*w.run)(k);
        } catch (...) {
          w.errors[worker] = std::current_exception();
        }
      },
      &ctx);
  for (const auto& e : ctx.errors) {
    if (e) std::rethrow_exception(e);
  }

  for (std::size_t i = 0; i < stat_specs.size(); ++i) {
    const auto& s = stat_specs[i];
    const auto md = stat_max_dets(params_, s);
    r.stats[i] =
        md ? summarize_one(r, s.ap, s.iou < 0 ? std::nullopt : std::optional<double>(s.iou), s.area, md) : -1.0;
  }

  const auto t50 = indices_equal(params_.iou_thresholds, 0.5);
  const auto t75 = indices_equal(params_.iou_thresholds, 0.75);
  for (std::size_t k = 0; k < K; ++k) {
    coco_category_result c;
    c.id = r.category_ids[k];
    c.ap = r.mean(true, std::nullopt, 0, M - 1, k);
    if (!t50.empty()) c.ap50 = r.mean(true, t50.front(), 0, M - 1, k);
    if (!t75.empty()) c.ap75 = r.mean(true, t75.front(), 0, M - 1, k);
    c.ar = r.mean(false, std::nullopt, 0, M - 1, k);
    for (std::size_t j = 0; j < category_ids_.size(); ++j) {
      if (params_.use_cats && j != k) continue;
      c.num_gt += num_gt_[j];
      c.num_crowd += num_crowd_[j];
      c.num_detections += num_dt_[j];
    }
    r.per_category.push_back(c);
  }
  return r;
}

coco_result evaluate(const coco_dataset& gt, const coco_detections& dt, const coco_params& params) {
  const std::size_t n = gt.image_ids.size();
  if (gt.object_begin.size() != n + 1 || gt.object_begin.back() != gt.objects.size() || dt.begin.size() != n + 1 ||
      dt.begin.back() != dt.detections.size()) {
    fail("evaluate", "inconsistent sizes of the COCO dataset or detections (one group per image)");
  }
  // Shards of consecutive images matched on separate threads, then merged: the same records as
  // one pass (compute() ranks them by score, image id and rank, whatever their order).
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(
      {static_cast<std::size_t>(detail::hardware_threads()), dt.detections.size() / 20000 + 1, std::size_t{8}}));
  std::vector<coco_evaluator> shards(threads, coco_evaluator(gt.category_ids, params));
  std::vector<std::exception_ptr> errors(threads);
  struct work_context {
    const coco_dataset* gt;
    const coco_detections* dt;
    std::vector<coco_evaluator>* shards;
    std::vector<std::exception_ptr>* errors;
    unsigned threads;
  };
  work_context ctx{&gt, &dt, &shards, &errors, threads};
  detail::run_parallel(
      threads,
      [](void* c, unsigned worker) {
        auto& w = *static_cast<work_context*>(c);
        const std::size_t images = w.gt->image_ids.size();
        const std::size_t lo = images * worker / w.threads, hi = images * (worker + 1) / w.threads;
        auto& e = (*w.shards)[worker];
        try {
          // shard 0 receives every other shard's records (merge): room for all of them
          e.reserve(worker == 0 ? w.dt->detections.size() : w.dt->begin[hi] - w.dt->begin[lo]);
          for (std::size_t i = lo; i < hi; ++i) {
            const span<const coco_object> o(w.gt->objects.data() + w.gt->object_begin[i],
                                            w.gt->object_begin[i + 1] - w.gt->object_begin[i]);
            const span<const coco_detection> d(w.dt->detections.data() + w.dt->begin[i],
                                               w.dt->begin[i + 1] - w.dt->begin[i]);
            e.update(w.gt->image_ids[i], d, o);
          }
        } catch (...) {
          (*w.errors)[worker] = std::current_exception();
        }
      },
      &ctx);
  for (const auto& x : errors) {
    if (x) std::rethrow_exception(x);
  }
  coco_evaluator& e = shards[0];
  for (unsigned t = 1; t < threads; ++t) e.merge(shards[t]);
  return e.compute();
}

}  // namespace edgemetrics
