// VOC evaluation core: matching, AP kernels, presets, streaming evaluator.
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

namespace {
// numpy's pairwise_sum (loops_utils.h.src) on one contiguous block.
double numpy_pairwise_block(const double* a, std::size_t n) noexcept {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise_block(a, n2) + numpy_pairwise_block(a + n2, n - n2);
}
}  // namespace

double numpy_sum(const double* a, std::size_t n) noexcept {
  // np.add.reduce: the output starts at the identity 0 and the iterator hands the inner loop
  // blocks of at most 8192 (np.BUFSIZE) elements. Verified against NumPy 1.24.2.
  double out = 0.;
  constexpr std::size_t block = 8192;
  for (std::size_t s = 0; s < n; s += block) out += numpy_pairwise_block(a + s, std::min(block, n - s));
  return out;
}

double sum(const double* a, std::size_t n, summation s) noexcept {
  if (s == summation::numpy_pairwise) return numpy_sum(a, n);
  double r = 0.;
  for (std::size_t i = 0; i < n; ++i) r += a[i];
  return r;
}

double recall_threshold(recall_grid g, int k) noexcept {
  // MATLAB's colon computes the first half as a + k*d and the second as b - (n-k)*d.
  if (g == recall_grid::numpy_arange || k <= 5) return static_cast<double>(k) * 0.1;
  return 1.0 - static_cast<double>(10 - k) * 0.1;
}

namespace {
// MATLAB max(): NaN only if both are NaN.
inline double max_skip_nan(double a, double b) noexcept {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return a < b ? b : a;
}
}  // namespace

ap_pair average_precision(const std::int8_t* outcome, std::size_t n, std::size_t npos, const voc_options& o,
                          ap_scratch& s, voc_pr_curve* curve) {
  s.rec.resize(n);
  s.prec.resize(n);
  s.env.resize(n + 1);
  const double np = static_cast<double>(npos);
  const double empty = o.no_decision_precision == empty_precision::nan ? std::numeric_limits<double>::quiet_NaN() : 0.0;
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (outcome[i] > 0) {
      tp += 1;
    } else if (outcome[i] == 0) {
      fp += 1;
    }
    s.rec[i] = tp / np;  // npos = 0: 0/0 = NaN, as in every reference
    const double d = fp + tp;
    s.prec[i] = d > 0 ? tp / d : empty;
  }
  // env[i] = max(prec[i..n-1]) skipping NaN (NaN only if all are NaN); env[n] = NaN (none).
  s.env[n] = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = n; i-- > 0;) s.env[i] = max_skip_nan(s.prec[i], s.env[i + 1]);

  ap_pair r{};
  // 11-point: p = max precision where rec >= t (rec is non-decreasing, so that is a suffix).
  {
    double ap = 0;
    std::size_t i = 0;
    for (int k = 0; k <= 10; ++k) {
      const double t = recall_threshold(o.grid, k);
      while (i < n && !(s.rec[i] >= t)) ++i;
      const double p = i < n ? s.env[i] : 0.0;
      ap = ap + p / 11.;
    }
    r.voc07 = ap;
  }
  // all-point: mrec = [0, rec, 1], mpre = envelope of [0, prec, 0]; sum (mrec[k]-mrec[k-1]) *
  // mpre[k] where mrec changes. Envelope values: MATLAB max skips NaN, numpy has none.
  {
    s.terms.clear();
    double prev = 0.0;
    for (std::size_t k = 1; k <= n + 1; ++k) {
      const double cur = k <= n ? s.rec[k - 1] : 1.0;
      if (cur != prev) {
        double mp = 0.0;
        if (k <= n) {
          const double e = s.env[k - 1];
          mp = std::isnan(e) ? 0.0 : max_skip_nan(e, 0.0);
        }
        s.terms.push_back((cur - prev) * mp);
      }
      prev = cur;
    }
    r.voc10 = sum(s.terms.data(), s.terms.size(), o.sum);
  }
  if (curve != nullptr) {
    curve->recall.assign(s.rec.begin(), s.rec.end());
    curve->precision.assign(s.prec.begin(), s.prec.end());
  }
  return r;
}

std::int8_t match_detection(const corner_box<double>& det, const corner_box<double>* gt_box,
                            const std::uint8_t* gt_difficult, std::size_t m, std::uint8_t* matched,
                            const voc_options& o) noexcept {
  return static_cast<std::int8_t>(greedy_match(det, span<const corner_box<double>>(gt_box, m),
                                               span<const std::uint8_t>(gt_difficult, m),
                                               span<std::uint8_t>(matched, m), o.matching()));
}

void validate_options(const voc_options& o) {
  if (!(o.iou_threshold > 0.0 && o.iou_threshold <= 1.0)) {
    throw std::invalid_argument("voc_options::iou_threshold must be in (0, 1], got " + std::to_string(o.iou_threshold));
  }
}

std::uint64_t descending_key(double score) noexcept {
  // Map a double to an unsigned key whose ascending order is the descending score order;
  // -0 and +0 compare equal (as in MATLAB/numpy sorts). NaN never reaches here.
  if (score == 0) score = 0.0;
  std::uint64_t u;
  std::memcpy(&u, &score, sizeof u);
  u = (u & 0x8000000000000000ull) != 0 ? ~u : (u | 0x8000000000000000ull);  // ascending
  return ~u;                                                                // descending
}

void rank_descending(const double* score, std::size_t n, std::vector<std::uint32_t>& order,
                     std::vector<key_index>& scratch) {
  order.resize(n);
  if (n < 64) {
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [score](std::uint32_t a, std::uint32_t b) {
      return descending_key(score[a]) < descending_key(score[b]);
    });
    return;
  }
  // LSD radix sort of (key, index) by key; stable, so ties keep index order. 11-bit digits
  // (6 passes) for small inputs, 16-bit digits (4 passes) for large ones. Passes whose digit is
  // the same for every element are skipped.
  scratch.resize(2 * n);
  key_index* a = scratch.data();
  key_index* b = scratch.data() + n;
  const int bits = n >= (std::size_t{1} << 16) ? 16 : 11;
  const int passes = (64 + bits - 1) / bits;
  const std::size_t buckets = std::size_t{1} << bits;
  const std::uint64_t mask = buckets - 1;
  thread_local std::vector<std::uint32_t> hist;
  hist.assign(buckets * static_cast<std::size_t>(passes), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t k = descending_key(score[i]);
    a[i] = {k, static_cast<std::uint32_t>(i)};
    for (int p = 0; p < passes; ++p) ++hist[static_cast<std::size_t>(p) * buckets + ((k >> (p * bits)) & mask)];
  }
  for (int p = 0; p < passes; ++p) {
    std::uint32_t* h = hist.data() + static_cast<std::size_t>(p) * buckets;
    if (h[(a[0].key >> (p * bits)) & mask] == n) continue;  // all equal in this digit
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < buckets; ++d) {
      const std::uint32_t c = h[d];
      h[d] = sum;
      sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) b[h[(a[i].key >> (p * bits)) & mask]++] = a[i];
    std::swap(a, b);
  }
  for (std::size_t i = 0; i < n; ++i) order[i] = a[i].index;
}

ap_pair average_precision_unranked(const double* score, const std::int8_t* outcome, std::size_t n, std::size_t npos,
                                   const voc_options& o, ap_scratch& s) {
  // Same numbers as ranking every detection and calling average_precision(), without the full
  // ranking: recall only changes at TPs, and the precision at a FP or ignored rank never exceeds
  // the precision at the TP before it, so the envelope, the 11-point maxima and the all-point
  // terms only need, for each TP in rank order, the number of FPs ranked before it. Only the TPs
  // are sorted; each FP finds its place among them by binary search on (key, index).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ap_pair r{};
  if (n == 0) {
    r.voc07 = 0.0;  // no rank has rec >= t
    r.voc10 = 0.0;  // mrec = [0, 1]: one term (1 - 0) * 0
    return r;
  }
  if (npos == 0) {  // rec = 0/0 = NaN at every rank
    double ap = 0;
    for (int k = 0; k <= 10; ++k) ap = ap + 0.0 / 11.;
    r.voc07 = ap;
    r.voc10 = nan;
    return r;
  }
  s.tp_keys.clear();
  s.tp_index.clear();
  std::size_t fps = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (outcome[i] > 0) {
      s.tp_keys.push_back(descending_key(score[i]));
      s.tp_index.push_back(static_cast<std::uint32_t>(i));
    } else if (outcome[i] == 0) {
      ++fps;
    }
  }
  const std::size_t m = s.tp_keys.size();
  if (m > 1) {
    s.perm.resize(m);
    std::iota(s.perm.begin(), s.perm.end(), 0u);
    std::sort(s.perm.begin(), s.perm.end(), [&s](std::uint32_t a, std::uint32_t b) {
      return s.tp_keys[a] != s.tp_keys[b] ? s.tp_keys[a] < s.tp_keys[b] : s.tp_index[a] < s.tp_index[b];
    });
    s.sorted_keys.resize(m);
    s.sorted_index.resize(m);
    for (std::size_t j = 0; j < m; ++j) {
      s.sorted_keys[j] = s.tp_keys[s.perm[j]];
      s.sorted_index[j] = s.tp_index[s.perm[j]];
    }
  } else {
    s.sorted_keys = s.tp_keys;
    s.sorted_index = s.tp_index;
  }
  // fp_before[j]: FPs ranked before the j-th TP (histogram of insertion points, then prefix sums)
  s.fp_before.assign(m + 1, 0);
  if (m > 0 && fps > 0) {
    const std::uint64_t* keys = s.sorted_keys.data();
    const std::uint32_t* idx = s.sorted_index.data();
    const std::uint64_t last_key = keys[m - 1];
    const std::uint32_t last_idx = idx[m - 1];
    for (std::size_t i = 0; i < n; ++i) {
      if (outcome[i] != 0) continue;
      const std::uint64_t k = descending_key(score[i]);
      const auto ii = static_cast<std::uint32_t>(i);
      // FPs ranked after the last TP change no TP's precision: skip them
      if (k > last_key || (k == last_key && ii > last_idx)) continue;
      // number of TPs ranked before this FP: branch-free lower bound on the key, then the
      // (rare) TPs with the same key and a smaller index
      const std::uint64_t* base = keys;
      std::size_t len = m;
      while (len > 1) {
        const std::size_t half = len / 2;
        base = base[half - 1] < k ? base + half : base;
        len -= half;
      }
      std::size_t pos = static_cast<std::size_t>(base - keys) + (*base < k ? 1 : 0);
      while (pos < m && keys[pos] == k && idx[pos] < ii) ++pos;
      ++s.fp_before[pos];
    }
  }
  // precision and recall at each TP rank, exactly as average_precision() computes them
  s.rec.resize(m);
  s.prec.resize(m);
  s.env.resize(m + 1);
  const double np = static_cast<double>(npos);
  double fp = 0;
  for (std::size_t j = 0; j < m; ++j) {
    fp += static_cast<double>(s.fp_before[j]);
    const double tp = static_cast<double>(j + 1);
    s.rec[j] = tp / np;
    s.prec[j] = tp / (fp + tp);
  }
  s.env[m] = 0.0;
  for (std::size_t j = m; j-- > 0;) s.env[j] = s.prec[j] < s.env[j + 1] ? s.env[j + 1] : s.prec[j];
  {
    double ap = 0;
    std::size_t j = 0;
    for (int k = 0; k <= 10; ++k) {
      const double t = recall_threshold(o.grid, k);
      double p;
      if (k == 0) {
        // every rank has rec >= 0: the maximum over all precisions (MATLAB's max skips NaN)
        p = m > 0 ? s.env[0] : fps > 0 ? 0.0 : (o.no_decision_precision == empty_precision::nan ? nan : 0.0);
      } else {
        while (j < m && !(s.rec[j] >= t)) ++j;
        p = j < m ? s.env[j] : 0.0;
      }
      ap = ap + p / 11.;
    }
    r.voc07 = ap;
  }
  {
    s.terms.clear();
    double prev = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      s.terms.push_back((s.rec[j] - prev) * s.env[j]);
      prev = s.rec[j];
    }
    if (prev != 1.0) s.terms.push_back((1.0 - prev) * 0.0);
    r.voc10 = sum(s.terms.data(), s.terms.size(), o.sum);
  }
  return r;
}

ap_pair class_ap(const double* score, const std::int8_t* outcome, std::size_t n, std::size_t npos, const voc_options& o,
                 ap_scratch& s, voc_pr_curve* curve) {
  if (curve == nullptr) return average_precision_unranked(score, outcome, n, npos, o, s);
  rank_descending(score, n, s.order, s.keys);
  s.ranked.resize(n);
  for (std::size_t k = 0; k < n; ++k) s.ranked[k] = outcome[s.order[k]];
  return average_precision(s.ranked.data(), n, npos, o, s, curve);
}

void finish(voc_result& r, const std::vector<ap_pair>& raw, const voc_options& o) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t nc = r.classes.size();
  std::size_t last_seen = 0;  // GluonCV's AP array ends at the last class it has seen
  for (std::size_t c = 0; c < nc; ++c) {
    auto& cr = r.classes[c];
    cr.ap_voc07 = raw[c].voc07;
    cr.ap_voc10 = raw[c].voc10;
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
      rec_outcome_.push_back(static_cast<std::int8_t>(greedy_match(det_box_[d], gt, diff, taken, mo)));
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
  std::vector<std::int8_t> outcome(rec_class_.size());
  {
    std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
    for (std::size_t i = 0; i < rec_class_.size(); ++i) {
      const std::size_t at = fill[rec_class_[i]]++;
      score[at] = rec_score_[i];
      outcome[at] = rec_outcome_[i];
    }
  }
  std::vector<detail::ap_pair> raw(nc);
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
      const std::int8_t v = outcome[i];
      cr.true_positives += v > 0 ? 1 : 0;
      cr.false_positives += v == 0 ? 1 : 0;
      cr.ignored += v < 0 ? 1 : 0;
    }
    raw[c] = detail::class_ap(score.data() + b, outcome.data() + b, n, cs.npos, options_, scratch,
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
                  file_outcome_.begin() + static_cast<std::ptrdiff_t>(s1), std::int8_t{0});
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
    const std::int8_t v = file_outcome_[d];
    cr.true_positives += v > 0 ? 1 : 0;
    cr.false_positives += v == 0 ? 1 : 0;
    cr.ignored += v < 0 ? 1 : 0;
  }
  raw_[c] = class_ap(cd.score.data(), file_outcome_.data(), n, cr.npos, options_, scratch_,
                     curves_ == voc_curves::keep ? &cr.curve : nullptr);
}

voc_result set_evaluator::result(std::size_t skipped_unknown_image_detections,
                                 const std::vector<std::uint8_t>& added) const {
  voc_result r = result_;
  std::vector<ap_pair> raw = raw_;
  ap_scratch scratch;
  const double no_score = 0;
  const std::int8_t no_outcome = 0;
  for (std::size_t c = 0; c < nc_; ++c) {
    if (added[c] != 0) continue;
    // a class never given: no detections (what add_class() with an empty list computes)
    raw[c] = class_ap(&no_score, &no_outcome, 0, r.classes[c].npos, options_, scratch,
                      curves_ == voc_curves::keep ? &r.classes[c].curve : nullptr);
  }
  r.skipped_unknown_image_detections = skipped_unknown_image_detections;
  detail::finish(r, raw, options_);
  return r;
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

voc_result voc_set_evaluator::result() const { return impl_->ev.result(skipped_, impl_->added); }

std::size_t voc_set_evaluator::classes() const noexcept { return impl_->added.size(); }
std::size_t voc_set_evaluator::images() const noexcept { return impl_->images; }

}  // namespace edgemetrics
