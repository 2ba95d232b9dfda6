// Greedy NMS, class-aware NMS and Soft-NMS.
//
// Kernel: candidates are sorted once by descending score, stably (radix sort of score keys,
// or std::sort with the index as tie-breaker for small inputs), copied into a
// structure-of-arrays in that order, and each kept box is compared with all later
// candidates in one branch-free, vectorisable pass that clears their `alive` flags. When more
// than half of the remaining candidates are dead they are compacted away, so later passes
// only touch survivors. The IoU is computed exactly as torchvision's nms kernel does
// (inter / (area_i + area_j - inter)) and compared with a threshold pre-rounded to T such
// that `iou > t_T` <=> `double(iou) > t` (torchvision compares with a double). Every IoU is the
// one kernel of kernel.hpp (compiled here with -ffp-contract=off), the same as iou() and
// pairwise_iou().
//
// Inputs: contiguous boxes and scores (span_input), or the rows of a model output (rows_input):
// one sequential pass over the rows checks them and gathers the candidates (score above the
// threshold) into the workspace's contiguous arrays -- boxes converted to corners by to_corner(),
// scores, class ids, row indices -- and the same kernel as for contiguous buffers runs on those
// (gathering through the strided rows, a layout switch per box, was about 7 % slower).
#include <edgemetrics/geometry/nms.hpp>

#include "kernel.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace edgemetrics {
namespace {

template <class T>
using scratch = detail::nms_scratch<T>;

// The T value t_T with: for every T x, x > t_T <=> double(x) > t (rule greater), or
// x >= t_T <=> double(x) >= t (rule greater_equal).
template <class T>
T exact_threshold(double t, suppression_rule rule) {
  T v = static_cast<T>(t);
  if (rule == suppression_rule::greater) {
    if (static_cast<double>(v) > t) v = std::nextafter(v, -std::numeric_limits<T>::infinity());
  } else {
    if (static_cast<double>(v) < t) v = std::nextafter(v, std::numeric_limits<T>::infinity());
  }
  return v;
}

// Candidates from contiguous buffers.
template <class T>
struct span_input {
  span<const corner_box<T>> boxes;
  span<const T> scores;
  const class_labels* labels = nullptr;

  [[nodiscard]] std::size_t size() const noexcept { return boxes.size(); }
  [[nodiscard]] const span<const T>& score_view() const noexcept { return scores; }
  [[nodiscard]] corner_box<T> box(std::size_t i) const noexcept { return boxes[i]; }
  [[nodiscard]] std::int64_t label(std::size_t i) const noexcept { return (*labels)[i]; }
  [[nodiscard]] std::string score_name(std::size_t i) const { return detail::element("scores", i); }
  [[nodiscard]] std::string box_name(std::size_t i) const { return detail::element("boxes", i); }
};

// Candidates from the rows of an N x K model output (detection_rows), read in place.
template <class T>
struct rows_input {
  rows_input(const detection_rows<T>& r, box_convention c, bool with_class, const char* fn)
      : data(r.data),
        layout(r.layout),
        convention(c),
        box_col(r.box_column),
        score_col(r.score_column),
        class_col(r.class_column) {
    const std::size_t k = data.cols();
    auto bad = [&](const std::string& what) {
      detail::throw_invalid(fn, what + " outside rows of " + std::to_string(k) + " columns");
    };
    if (r.box_column > k || k - r.box_column < 4) {
      bad("the box columns " + std::to_string(r.box_column) + ".." + std::to_string(r.box_column + 3) + " lie");
    }
    if (r.score_column >= k) bad("the score column " + std::to_string(r.score_column) + " lies");
    if (with_class && r.class_column >= k) bad("the class column " + std::to_string(r.class_column) + " lies");
    scores = data.rows() == 0 ? strided_span<const T>() : data.column(r.score_column);
  }

  matrix_view<const T> data;
  box_layout layout;
  box_convention convention;
  std::size_t box_col, score_col, class_col;
  strided_span<const T> scores;

  [[nodiscard]] std::size_t size() const noexcept { return data.rows(); }
  [[nodiscard]] const strided_span<const T>& score_view() const noexcept { return scores; }
  // The conversions of box.hpp, so a row gives the same corners as to_corner() on its box.
  [[nodiscard]] corner_box<T> box(std::size_t i) const noexcept {
    const T* v = data.data() + i * data.row_stride() + box_col;
    switch (layout) {
      case box_layout::xywh:
        return to_corner(xywh_box<T>{v[0], v[1], v[2], v[3]}, convention);
      case box_layout::cxcywh:
        return to_corner(cxcywh_box<T>{v[0], v[1], v[2], v[3]}, convention);
      case box_layout::corners:
        break;
    }
    return {v[0], v[1], v[2], v[3]};
  }
  [[nodiscard]] std::string score_name(std::size_t i) const {
    return detail::element("rows", i) + " score (column " + std::to_string(scores.data() - data.data()) + ")";
  }
  [[nodiscard]] std::string box_name(std::size_t i) const {
    return detail::element("rows", i) + " box (columns " + std::to_string(box_col) + ".." +
           std::to_string(box_col + 3) + ", " + std::string(to_string(layout)) + ")";
  }
  // Class id of row i in a float column: a whole number in [0, 2^63).
  [[nodiscard]] bool class_ok(std::size_t i) const noexcept {
    const T v = data(i, class_col);
    return (v >= T(0)) & (v < static_cast<T>(9.2233720368547758e18)) & (std::floor(v) == v);
  }
  void validate_class(std::size_t i, const char* fn) const {
    const T v = data(i, class_col);
    if (!class_ok(i)) {
      detail::throw_invalid(fn, detail::element("rows", i) + " has class " +
                                    detail::number_text(static_cast<double>(v)) + " (column " +
                                    std::to_string(class_col) + "): a class id must be a whole number >= 0");
    }
  }
};

template <class Input>
void validate_box(const Input& in, std::size_t i, box_convention c, const char* fn);

template <class Input>
void validate_common(const Input& in, const nms_options& o, const char* fn) {
  detail::validate_iou_threshold(o.iou_threshold, fn, "iou_threshold");
  if (o.score_threshold && std::isnan(*o.score_threshold)) detail::throw_invalid(fn, "score_threshold is NaN");
  const auto& scores = in.score_view();
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) detail::throw_invalid(fn, in.score_name(i) + " is NaN");
  }
  for (std::size_t i = 0; i < in.size(); ++i) validate_box(in, i, o.convention, fn);
}

template <class Input>
void validate_box(const Input& in, std::size_t i, box_convention c, const char* fn) {
  const box_status st = check_box(in.box(i), c);
  if (st == box_status::non_finite) {
    detail::throw_invalid(fn, in.box_name(i) + " has a non-finite coordinate (NaN or infinity)");
  }
  if (st == box_status::inverted) {
    detail::throw_invalid(fn, in.box_name(i) + " is inverted (x2 < x1 or y2 < y1 under the " +
                                  std::string(to_string(c)) + " convention)");
  }
}

// A model's raw output: one sequential pass over the rows checks them and gathers those whose
// score passes score_threshold into the workspace's contiguous candidate arrays (row_box,
// row_score, row_label, row_index), in row order. Every score is checked (NaN is an error); the
// box and the class of a row are read and checked only when its score passes the threshold: a
// row below it is never a candidate (detectors fill those rows with whatever the head computed).
// The box layout is a template parameter, so the loop has no per-row switch. Errors are those of
// checking every score first, then each candidate's box and class in row order (fail_row()).
template <class T>
[[noreturn]] void fail_nan(const rows_input<T>& in, std::size_t i, const char* fn) {
  detail::throw_invalid(fn, in.score_name(i) + " is NaN");
}

// Row i (a candidate) has a bad box or class: a NaN score in a later row is reported first.
template <class T>
[[noreturn]] void fail_row(const rows_input<T>& in, std::size_t i, bool with_class, const char* fn) {
  const auto& scores = in.score_view();
  for (std::size_t j = i + 1; j < in.size(); ++j) {
    if (std::isnan(scores[j])) fail_nan(in, j, fn);
  }
  validate_box(in, i, in.convention, fn);
  if (with_class) in.validate_class(i, fn);
  detail::throw_invalid(fn, in.box_name(i) + " failed a check");  // not reached
}

// Which rows are candidates: all, or those with score > threshold (NMS) or >= threshold (Soft-NMS).
struct row_filter {
  bool filter = false;
  double threshold = 0;
  bool inclusive = false;
};

template <class T, box_layout Layout, bool Inclusive>
void gather_rows_as(const rows_input<T>& in, const row_filter& f, bool with_class, scratch<T>& s, const char* fn) {
  const bool filter = f.filter;
  const double threshold = f.threshold;
  const std::size_t n = in.size();
  const T* base = in.data.data();
  const std::size_t stride = in.data.row_stride();
  const std::size_t score_col = in.score_col;
  const box_convention c = in.convention;
  for (std::size_t i = 0; i < n; ++i) {
    const T* row = base + i * stride;
    const T score = row[score_col];
    if (filter) {
      bool pass;
      if constexpr (Inclusive) {
        pass = static_cast<double>(score) >= threshold;
      } else {
        pass = static_cast<double>(score) > threshold;
      }
      if (!pass) {  // NaN included
        if (std::isnan(score)) fail_nan(in, i, fn);
        continue;
      }
    } else if (std::isnan(score)) {
      fail_nan(in, i, fn);
    }
    const T* v = row + in.box_col;
    corner_box<T> b;
    if constexpr (Layout == box_layout::xywh) {
      b = to_corner(xywh_box<T>{v[0], v[1], v[2], v[3]}, c);
    } else if constexpr (Layout == box_layout::cxcywh) {
      b = to_corner(cxcywh_box<T>{v[0], v[1], v[2], v[3]}, c);
    } else {
      b = {v[0], v[1], v[2], v[3]};
    }
    const box_status st = check_box(b, c);
    if (st == box_status::non_finite || st == box_status::inverted) fail_row(in, i, with_class, fn);
    if (with_class) {
      if (!in.class_ok(i)) fail_row(in, i, with_class, fn);
      s.row_label.push_back(static_cast<std::int64_t>(row[in.class_col]));
    }
    s.row_box.push_back(b);
    s.row_score.push_back(score);
    s.row_index.push_back(i);
  }
}

template <class T, bool Inclusive>
void gather_rows_by(const rows_input<T>& in, const row_filter& f, bool with_class, scratch<T>& s, const char* fn) {
  switch (in.layout) {
    case box_layout::xywh:
      gather_rows_as<T, box_layout::xywh, Inclusive>(in, f, with_class, s, fn);
      return;
    case box_layout::cxcywh:
      gather_rows_as<T, box_layout::cxcywh, Inclusive>(in, f, with_class, s, fn);
      return;
    case box_layout::corners:
      break;
  }
  gather_rows_as<T, box_layout::corners, Inclusive>(in, f, with_class, s, fn);
}

// The options are checked by the caller.
template <class T>
void gather_rows(const rows_input<T>& in, const row_filter& f, bool with_class, scratch<T>& s, const char* fn) {
  s.row_box.clear();
  s.row_score.clear();
  s.row_label.clear();
  s.row_index.clear();
  if (f.inclusive) {
    gather_rows_by<T, true>(in, f, with_class, s, fn);
  } else {
    gather_rows_by<T, false>(in, f, with_class, s, fn);
  }
}

// The candidates of NMS: score > score_threshold when it is set.
template <class T>
void gather_rows(const rows_input<T>& in, const nms_options& o, bool with_class, scratch<T>& s, const char* fn) {
  detail::validate_iou_threshold(o.iou_threshold, fn, "iou_threshold");
  if (o.score_threshold && std::isnan(*o.score_threshold)) detail::throw_invalid(fn, "score_threshold is NaN");
  row_filter f;
  f.filter = o.score_threshold.has_value();
  f.threshold = f.filter ? *o.score_threshold : 0.0;
  gather_rows(in, f, with_class, s, fn);
}

// Order-preserving unsigned key of a (non-NaN) score, inverted so that ascending keys are
// descending scores; -0 and +0 get the same key (they compare equal).
template <class T>
auto descending_key(T score) noexcept {
  using key_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr key_t sign = key_t{1} << (sizeof(T) * 8 - 1);
  const T v = score == T(0) ? T(0) : score;
  key_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits = (bits & sign) ? static_cast<key_t>(~bits) : static_cast<key_t>(bits | sign);
  return static_cast<key_t>(~bits);
}

// Candidates after the score threshold and top-k, sorted by descending score, ties by index.
// Large inputs: LSD radix sort (11-bit digits) of the score keys, stable, so equal scores keep
// input order; small inputs: std::sort of (score, index) pairs with the index as tie-breaker.
template <class T, class Scores>
void select_candidates(const Scores& scores, const nms_options& o, scratch<T>& s) {
  const std::size_t n = scores.size();
  auto& order = s.order;
  order.clear();
  if (o.score_threshold) {
    const double st = *o.score_threshold;
    for (std::size_t i = 0; i < n; ++i) {
      if (static_cast<double>(scores[i]) > st) order.push_back(i);
    }
  } else {
    order.resize(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
  }
  const std::size_t m = order.size();
  if (m >= 512) {
    auto& keys = s.keys;
    auto& keys_tmp = s.keys_tmp;
    auto& order_tmp = s.order_tmp;
    keys.resize(m);
    keys_tmp.resize(m);
    order_tmp.resize(m);
    for (std::size_t k = 0; k < m; ++k) keys[k] = descending_key(scores[order[k]]);
    constexpr unsigned bits = sizeof(T) * 8;
    constexpr unsigned digit = 11;
    std::size_t count[1u << digit];
    for (unsigned shift = 0; shift < bits; shift += digit) {
      std::fill(std::begin(count), std::end(count), std::size_t{0});
      for (std::size_t k = 0; k < m; ++k) ++count[(keys[k] >> shift) & ((1u << digit) - 1)];
      if (count[(keys[0] >> shift) & ((1u << digit) - 1)] == m) continue;  // one digit value: no-op pass
      std::size_t sum = 0;
      for (auto& c : count) {
        const std::size_t t = c;
        c = sum;
        sum += t;
      }
      for (std::size_t k = 0; k < m; ++k) {
        const std::size_t d = (keys[k] >> shift) & ((1u << digit) - 1);
        const std::size_t to = count[d]++;
        keys_tmp[to] = keys[k];
        order_tmp[to] = order[k];
      }
      keys.swap(keys_tmp);
      order.swap(order_tmp);
    }
    if (o.top_k > 0 && o.top_k < m) order.resize(o.top_k);
    return;
  }
  auto& keyed = s.keyed;
  keyed.resize(m);
  for (std::size_t k = 0; k < m; ++k) keyed[k] = {scores[order[k]], order[k]};
  auto before = [](const std::pair<T, std::size_t>& a, const std::pair<T, std::size_t>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  if (o.top_k > 0 && o.top_k < m) {
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(o.top_k), keyed.end(), before);
    keyed.resize(o.top_k);
  } else {
    std::sort(keyed.begin(), keyed.end(), before);
  }
  order.resize(keyed.size());
  for (std::size_t k = 0; k < keyed.size(); ++k) order[k] = keyed[k].second;
}

template <class T>
void resize_soa(scratch<T>& s, std::size_t n) {
  s.x1.resize(n);
  s.y1.resize(n);
  s.x2.resize(n);
  s.y2.resize(n);
  s.area.resize(n);
  s.pos.resize(n);
  s.alive.resize(n);
}

template <class T>
void load(scratch<T>& s, std::size_t k, const corner_box<T>& b, box_convention c, std::size_t pos) {
  s.x1[k] = b.x1;
  s.y1[k] = b.y1;
  s.x2[k] = b.x2;
  s.y2[k] = b.y2;
  s.area[k] = area(b, c);
  s.pos[k] = pos;
  s.alive[k] = 1;
}

// Greedy NMS over the SoA segment [b, e) (already in descending score order). Appends the
// `pos` of kept candidates to `out`, at most max_keep of them (0: no limit).
template <class T, bool PixelInclusive, bool GreaterEqual>
void greedy(scratch<T>& s, std::size_t b, std::size_t e, T thr, std::size_t max_keep, std::vector<std::size_t>& out) {
  using mask_t = typename decltype(s.alive)::value_type;
  T* __restrict x1 = s.x1.data();
  T* __restrict y1 = s.y1.data();
  T* __restrict x2 = s.x2.data();
  T* __restrict y2 = s.y2.data();
  T* __restrict ar = s.area.data();
  std::size_t* __restrict pos = s.pos.data();
  mask_t* __restrict alive = s.alive.data();
  std::size_t m = e;
  std::size_t kept = 0;
  for (std::size_t i = b; i < m; ++i) {
    if (!alive[i]) continue;
    out.push_back(pos[i]);
    if (++kept == max_keep) return;
    const T bx1 = x1[i], by1 = y1[i], bx2 = x2[i], by2 = y2[i], ba = ar[i];
    mask_t count = 0;
    for (std::size_t j = i + 1; j < m; ++j) {
      const T inter = detail::clamped_intersection<PixelInclusive>(bx1, by1, bx2, by2, x1[j], y1[j], x2[j], y2[j]);
      const T ovr = detail::nms_overlap(inter, detail::union_area(ba, ar[j], inter));
      bool sup;
      if constexpr (GreaterEqual) {
        sup = ovr >= thr;
      } else {
        sup = ovr > thr;
      }
      const mask_t a = alive[j] & static_cast<mask_t>(!sup);
      alive[j] = a;
      count += a;
    }
    const std::size_t rest = m - (i + 1);
    if (rest >= 64 && static_cast<std::size_t>(count) * 2 < rest) {
      std::size_t w = i + 1;
      for (std::size_t j = i + 1; j < m; ++j) {
        x1[w] = x1[j];
        y1[w] = y1[j];
        x2[w] = x2[j];
        y2[w] = y2[j];
        ar[w] = ar[j];
        pos[w] = pos[j];
        const mask_t a = alive[j];
        alive[w] = 1;
        w += static_cast<std::size_t>(a);
      }
      m = w;
    }
  }
}

// Greedy NMS over [b, e) with spatial grids, for large inputs. Valid only when suppression
// needs a positive intersection (IoU > t with t >= 0, or IoU >= t with t > 0): pairs whose
// boxes do not overlap have IoU 0 (or NaN for a zero union) and never suppress, so they may be
// skipped. Every evaluated pair uses the same arithmetic as greedy(), hence the same kept set.
//
// Boxes are bucketed by width class Lw and height class Lh: cell width c_Lw = c0 * 2^Lw is the
// smallest with w' <= c_Lw (w' = x2 - x1 [+1]), likewise for heights; c0 gives about one
// candidate per finest cell. Each non-empty (Lw, Lh) bucket is a grid of c_Lw x c_Lh cells
// (at most ~4n cells in all); a box goes to the cell of its top-left corner.
// A box j of bucket (Lw, Lh) overlapping box i has x1_j in (x1_i - c_Lw, x2_i [+1]) and
// y1_j in (y1_i - c_Lh, y2_i [+1]): a few cells. And since IoU <= min(w'_i, w'_j) / max(w'_i, w'_j)
// (and the same for heights), buckets whose widths or heights differ from box i's by more than
// a factor 1/t cannot reach the threshold and are skipped (with a 1e-5 relative margin, far
// above the rounding of the IoU). Candidates are stored cell by cell (structure of arrays), in
// score order inside a cell, so a cell scan is a contiguous, branch-free loop.
template <class T, bool PixelInclusive, bool GreaterEqual>
void greedy_grid(scratch<T>& s, std::size_t b, std::size_t e, T thr, double thr_d, std::size_t max_keep,
                 std::vector<std::size_t>& out) {
  using mask_t = typename decltype(s.g_alive)::value_type;
  const double one = PixelInclusive ? 1.0 : 0.0;
  const std::size_t n = e - b;
  double ex0 = static_cast<double>(s.x1[b]), ey0 = static_cast<double>(s.y1[b]);
  double ex1 = static_cast<double>(s.x2[b]), ey1 = static_cast<double>(s.y2[b]);
  for (std::size_t k = b; k < e; ++k) {
    ex0 = std::min(ex0, static_cast<double>(s.x1[k]));
    ey0 = std::min(ey0, static_cast<double>(s.y1[k]));
    ex1 = std::max(ex1, static_cast<double>(s.x2[k]));
    ey1 = std::max(ey1, static_cast<double>(s.y2[k]));
  }
  // Finest cell: about one candidate per cell on average (sqrt(extent area / n)), but at
  // least 1/4096 of the extent, so that there are at most ~13 size classes.
  const double extent_x = ex1 - ex0 + one, extent_y = ey1 - ey0 + one;
  const double extent = std::max(extent_x, extent_y);
  double c0 = std::max(std::sqrt(extent_x * extent_y / static_cast<double>(n)), extent / 4096);
  if (!(c0 > 0) || !std::isfinite(c0)) c0 = 1.0;
  // Size class: the smallest L with c0 * 2^L >= size * (1 + 1e-6); at most 40.
  auto level_of = [c0](double size) -> unsigned char {
    const double r = size * (1 + 1e-6) / c0;
    if (!(r > 1)) return 0;
    int ex = 0;
    const double m = std::frexp(r, &ex);  // r = m * 2^ex, m in [0.5, 1): ceil(log2 r)
    const int L = m == 0.5 ? ex - 1 : ex;
    return static_cast<unsigned char>(std::min(L, 40));
  };
  s.level_w.resize(n);
  s.level_h.resize(n);
  unsigned char lw_max = 0, lh_max = 0;
  for (std::size_t k = b; k < e; ++k) {
    const unsigned char lw = level_of(static_cast<double>(s.x2[k]) - static_cast<double>(s.x1[k]) + one);
    const unsigned char lh = level_of(static_cast<double>(s.y2[k]) - static_cast<double>(s.y1[k]) + one);
    s.level_w[k - b] = lw;
    s.level_h[k - b] = lh;
    lw_max = std::max(lw_max, lw);
    lh_max = std::max(lh_max, lh);
  }
  const std::size_t nlw = std::size_t{lw_max} + 1, nlh = std::size_t{lh_max} + 1;
  // Grid of bucket (lw, lh): nx[lw] x ny[lh] cells starting at offset[lw * nlh + lh].
  double cw[41], ch[41];
  std::size_t nx[41], ny[41];
  for (std::size_t L = 0; L < std::max(nlw, nlh); ++L) {
    cw[L] = ch[L] = c0 * std::ldexp(1.0, static_cast<int>(L));
    nx[L] = static_cast<std::size_t>((ex1 - ex0) / cw[L]) + 1;
    ny[L] = static_cast<std::size_t>((ey1 - ey0) / ch[L]) + 1;
  }
  // Only buckets that hold candidates get cells (kNone: empty bucket, skipped by queries).
  constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t offset[41 * 41];
  for (std::size_t k = 0; k < nlw * nlh; ++k) offset[k] = kNone;
  for (std::size_t k = 0; k < n; ++k) offset[std::size_t{s.level_w[k]} * nlh + s.level_h[k]] = 0;
  std::size_t cells = 0;
  for (std::size_t lw = 0; lw < nlw; ++lw) {
    for (std::size_t lh = 0; lh < nlh; ++lh) {
      if (offset[lw * nlh + lh] == kNone) continue;
      offset[lw * nlh + lh] = cells;
      cells += nx[lw] * ny[lh];
    }
  }
  auto cell_x = [&](double v, std::size_t L) -> std::size_t {
    const double q = std::floor((v - ex0) / cw[L]);
    if (!(q > 0)) return 0;
    return q < static_cast<double>(nx[L] - 1) ? static_cast<std::size_t>(q) : nx[L] - 1;
  };
  auto cell_y = [&](double v, std::size_t L) -> std::size_t {
    const double q = std::floor((v - ey0) / ch[L]);
    if (!(q > 0)) return 0;
    return q < static_cast<double>(ny[L] - 1) ? static_cast<std::size_t>(q) : ny[L] - 1;
  };
  // Counting sort by cell; stable, so each cell lists its candidates in score order.
  s.cell_of.resize(n);
  s.cell_start.assign(cells + 1, 0);
  for (std::size_t k = b; k < e; ++k) {
    const std::size_t lw = s.level_w[k - b], lh = s.level_h[k - b];
    const std::size_t cell = offset[lw * nlh + lh] + cell_y(static_cast<double>(s.y1[k]), lh) * nx[lw] +
                             cell_x(static_cast<double>(s.x1[k]), lw);
    s.cell_of[k - b] = static_cast<std::uint32_t>(cell);
    ++s.cell_start[cell + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) s.cell_start[c + 1] += s.cell_start[c];
  s.slot_of.resize(n);
  s.g_x1.resize(n);
  s.g_y1.resize(n);
  s.g_x2.resize(n);
  s.g_y2.resize(n);
  s.g_area.resize(n);
  s.g_rank.resize(n);
  s.g_alive.resize(n);
  for (std::size_t k = b; k < e; ++k) {
    const std::uint32_t slot = s.cell_start[s.cell_of[k - b]]++;
    s.slot_of[k - b] = slot;
    s.g_x1[slot] = s.x1[k];
    s.g_y1[slot] = s.y1[k];
    s.g_x2[slot] = s.x2[k];
    s.g_y2[slot] = s.y2[k];
    s.g_area[slot] = s.area[k];
    s.g_rank[slot] = static_cast<std::uint32_t>(k - b);
    s.g_alive[slot] = 1;
  }
  // cell_start[c] now holds the end of cell c; shift back so that cell c is [start[c], start[c+1]).
  for (std::size_t c = cells; c > 0; --c) s.cell_start[c] = s.cell_start[c - 1];
  s.cell_start[0] = 0;

  const T* __restrict x1 = s.g_x1.data();
  const T* __restrict y1 = s.g_y1.data();
  const T* __restrict x2 = s.g_x2.data();
  const T* __restrict y2 = s.g_y2.data();
  const T* __restrict ar = s.g_area.data();
  const std::uint32_t* __restrict rank = s.g_rank.data();
  mask_t* __restrict alive = s.g_alive.data();
  const std::uint32_t* start = s.cell_start.data();
  const double t_lo = thr_d * (1 - 1e-5);
  const double t_hi = thr_d > 0 ? (1 + 1e-5) / thr_d : 0;
  std::size_t kept = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t self_slot = s.slot_of[r];
    if (!alive[self_slot]) continue;
    out.push_back(s.pos[b + r]);
    if (++kept == max_keep) return;
    const T bx1 = x1[self_slot], by1 = y1[self_slot], bx2 = x2[self_slot], by2 = y2[self_slot];
    const T ba = ar[self_slot];
    if (!(ba > T(0))) continue;  // a zero-area box suppresses nothing (IoU 0 or NaN)
    const auto self = static_cast<std::uint32_t>(r);
    const double wi = static_cast<double>(bx2) - static_cast<double>(bx1) + one;
    const double hi = static_cast<double>(by2) - static_cast<double>(by1) + one;
    for (std::size_t lw = 0; lw < nlw; ++lw) {
      // Widths of bucket lw lie in (cw/2, cw] (lw > 0) or (0, cw] (lw = 0).
      if (cw[lw] < t_lo * wi || (lw > 0 && t_hi > 0 && cw[lw] / 2 > t_hi * wi)) continue;
      const std::size_t cx0 = cell_x(static_cast<double>(bx1) - cw[lw], lw);
      const std::size_t cx1 = cell_x(static_cast<double>(bx2) + one, lw);
      for (std::size_t lh = 0; lh < nlh; ++lh) {
        if (ch[lh] < t_lo * hi || (lh > 0 && t_hi > 0 && ch[lh] / 2 > t_hi * hi)) continue;
        const std::size_t cy0 = cell_y(static_cast<double>(by1) - ch[lh], lh);
        const std::size_t cy1 = cell_y(static_cast<double>(by2) + one, lh);
        const std::size_t base = offset[lw * nlh + lh];
        if (base == kNone) continue;
        for (std::size_t cy = cy0; cy <= cy1; ++cy) {
          // Cells cx0..cx1 of one grid row are contiguous slots: one loop over all of them.
          const std::size_t row = base + cy * nx[lw];
          const std::size_t h0 = start[row + cx0], h1 = start[row + cx1 + 1];
          for (std::size_t h = h0; h < h1; ++h) {
            const T inter =
                detail::clamped_intersection<PixelInclusive>(bx1, by1, bx2, by2, x1[h], y1[h], x2[h], y2[h]);
            const T ovr = detail::nms_overlap(inter, detail::union_area(ba, ar[h], inter));
            bool sup;
            if constexpr (GreaterEqual) {
              sup = ovr >= thr;
            } else {
              sup = ovr > thr;
            }
            // Bitwise, not &&: no branch, so the loop vectorises.
            alive[h] &= static_cast<mask_t>(static_cast<unsigned>(!sup) | static_cast<unsigned>(rank[h] <= self));
          }
        }
      }
    }
  }
}

// Inputs at least this large (per class) use the grid when the rule allows it.
constexpr std::size_t grid_min_boxes = 2048;

template <class T>
void run_greedy(scratch<T>& s, std::size_t b, std::size_t e, const nms_options& o, std::size_t max_keep,
                std::vector<std::size_t>& out) {
  if (b == e) return;
  const T thr = exact_threshold<T>(o.iou_threshold, o.rule);
  const bool pi = o.convention == box_convention::pixel_inclusive;
  const bool ge = o.rule == suppression_rule::greater_equal;
  // The grid skips non-overlapping pairs: only valid when suppression needs IoU > 0.
  const bool positive = ge ? o.iou_threshold > 0 : o.iou_threshold >= 0;
  const bool grid =
      o.strategy == nms_strategy::spatial_grid || (o.strategy == nms_strategy::automatic && e - b >= grid_min_boxes);
  if (positive && grid) {
    if (pi) {
      if (ge)
        greedy_grid<T, true, true>(s, b, e, thr, o.iou_threshold, max_keep, out);
      else
        greedy_grid<T, true, false>(s, b, e, thr, o.iou_threshold, max_keep, out);
    } else {
      if (ge)
        greedy_grid<T, false, true>(s, b, e, thr, o.iou_threshold, max_keep, out);
      else
        greedy_grid<T, false, false>(s, b, e, thr, o.iou_threshold, max_keep, out);
    }
    return;
  }
  if (pi) {
    if (ge)
      greedy<T, true, true>(s, b, e, thr, max_keep, out);
    else
      greedy<T, true, false>(s, b, e, thr, max_keep, out);
  } else {
    if (ge)
      greedy<T, false, true>(s, b, e, thr, max_keep, out);
    else
      greedy<T, false, false>(s, b, e, thr, max_keep, out);
  }
}

}  // namespace

template <class T>
void nms_workspace<T>::reserve(std::size_t n) {
  auto& s = scratch_;
  s.keyed.reserve(n);
  s.keys.reserve(n);
  s.keys_tmp.reserve(n);
  s.order_tmp.reserve(n);
  s.order.reserve(n);
  s.ranks.reserve(n);
  s.x1.reserve(n);
  s.y1.reserve(n);
  s.x2.reserve(n);
  s.y2.reserve(n);
  s.area.reserve(n);
  s.pos.reserve(n);
  s.alive.reserve(n);
  s.score.reserve(n);
  s.label.reserve(n);
  // Spatial grid: at most about 4n + 4 * 8193 cells (see greedy_grid).
  s.cell_of.reserve(n);
  s.cell_start.reserve(4 * n + 4 * 8193 + 64);
  s.slot_of.reserve(n);
  s.g_rank.reserve(n);
  s.g_x1.reserve(n);
  s.g_y1.reserve(n);
  s.g_x2.reserve(n);
  s.g_y2.reserve(n);
  s.g_area.reserve(n);
  s.g_alive.reserve(n);
  s.level_w.reserve(n);
  s.level_h.reserve(n);
  // detection_rows inputs: the gathered candidates.
  s.row_box.reserve(n);
  s.row_score.reserve(n);
  s.row_label.reserve(n);
  s.row_index.reserve(n);
}

namespace {

template <class T, class Input>
void nms_impl(const Input& in, const nms_options& options, nms_workspace<T>& workspace,
              std::vector<std::size_t>& keep) {
  keep.clear();
  auto& s = detail::nms_access<T>::get(workspace);
  select_candidates(in.score_view(), options, s);
  const std::size_t n = s.order.size();
  resize_soa(s, n);
  for (std::size_t k = 0; k < n; ++k) load(s, k, in.box(s.order[k]), options.convention, k);
  run_greedy(s, 0, n, options, options.max_detections, keep);
  for (auto& k : keep) k = s.order[k];
}

template <class T, class Input>
void batched_impl(const Input& in, const nms_options& options, nms_workspace<T>& workspace,
                  std::vector<std::size_t>& keep) {
  keep.clear();
  auto& s = detail::nms_access<T>::get(workspace);
  select_candidates(in.score_view(), options, s);
  const std::size_t n = s.order.size();
  // Group by class, keeping score order inside each class: sort ranks by (class, rank).
  s.label.resize(n);
  s.ranks.resize(n);
  bool sorted_by_class = true;
  for (std::size_t r = 0; r < n; ++r) {
    s.label[r] = in.label(s.order[r]);
    s.ranks[r] = r;
    if (r > 0 && s.label[r] < s.label[r - 1]) sorted_by_class = false;
  }
  if (!sorted_by_class) {
    const std::int64_t* lab = s.label.data();
    std::sort(s.ranks.begin(), s.ranks.end(),
              [lab](std::size_t a, std::size_t b) { return lab[a] < lab[b] || (lab[a] == lab[b] && a < b); });
  }
  resize_soa(s, n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t r = s.ranks[k];
    load(s, k, in.box(s.order[r]), options.convention, r);
  }
  for (std::size_t b = 0; b < n;) {
    std::size_t e = b + 1;
    const std::int64_t cls = s.label[s.ranks[b]];
    while (e < n && s.label[s.ranks[e]] == cls) ++e;
    run_greedy(s, b, e, options, 0, keep);
    b = e;
  }
  // Kept ranks ascending = descending score, ties by input order.
  std::sort(keep.begin(), keep.end());
  if (options.max_detections > 0 && keep.size() > options.max_detections) keep.resize(options.max_detections);
  for (auto& k : keep) k = s.order[k];
}

template <class T>
void nms_spans(span<const corner_box<T>> boxes, span<const T> scores, const nms_options& options,
               nms_workspace<T>& workspace, std::vector<std::size_t>& keep) {
  detail::validate_lengths(boxes.size(), scores.size(), "nms", "scores");
  const span_input<T> in{boxes, scores, nullptr};
  validate_common(in, options, "nms");
  nms_impl(in, options, workspace, keep);
}

// The rows' candidates, gathered into the workspace by gather_rows(), through the kernel of
// contiguous buffers (the score threshold is already applied); kept positions become row indices.
template <class T>
void nms_rows(const detection_rows<T>& rows, const nms_options& options, nms_workspace<T>& workspace,
              std::vector<std::size_t>& keep) {
  const rows_input<T> in(rows, options.convention, false, "nms");
  auto& s = detail::nms_access<T>::get(workspace);
  gather_rows(in, options, false, s, "nms");
  nms_options gathered = options;
  gathered.score_threshold.reset();
  const span_input<T> c{s.row_box, s.row_score, nullptr};
  nms_impl(c, gathered, workspace, keep);
  for (auto& k : keep) k = s.row_index[k];
}

template <class T>
void batched_spans(span<const corner_box<T>> boxes, span<const T> scores, const class_labels& classes,
                   const nms_options& options, nms_workspace<T>& workspace, std::vector<std::size_t>& keep) {
  detail::validate_lengths(boxes.size(), scores.size(), "batched_nms", "scores");
  const span_input<T> in{boxes, scores, &classes};
  validate_common(in, options, "batched_nms");
  detail::validate_lengths(boxes.size(), classes.size(), "batched_nms", "classes");
  batched_impl(in, options, workspace, keep);
}

template <class T>
void batched_rows(const detection_rows<T>& rows, const nms_options& options, nms_workspace<T>& workspace,
                  std::vector<std::size_t>& keep) {
  const rows_input<T> in(rows, options.convention, true, "batched_nms");
  auto& s = detail::nms_access<T>::get(workspace);
  gather_rows(in, options, true, s, "batched_nms");
  nms_options gathered = options;
  gathered.score_threshold.reset();
  const class_labels labels(s.row_label);
  const span_input<T> c{s.row_box, s.row_score, &labels};
  batched_impl(c, gathered, workspace, keep);
  for (auto& k : keep) k = s.row_index[k];
}

void validate_soft_options(const soft_nms_options& options, const char* fn) {
  detail::validate_threshold(options.score_threshold, fn, "score_threshold");
  detail::validate_iou_threshold(options.iou_threshold, fn, "iou_threshold");
  if (options.method == soft_nms_method::gaussian && !(options.sigma > 0)) {
    detail::throw_invalid(fn, "sigma must be > 0 for the Gaussian decay (got " + std::to_string(options.sigma) + ")");
  }
}

// Soft-NMS on checked boxes and scores; result indices are positions in `boxes`.
template <class T>
void soft_nms_impl(span<const corner_box<T>> boxes, span<const T> scores, const soft_nms_options& options,
                   nms_workspace<T>& workspace, soft_nms_result<T>& result) {
  result.indices.clear();
  result.scores.clear();
  auto& s = detail::nms_access<T>::get(workspace);
  const box_convention c = options.convention;
  const bool pixel_inclusive = c == box_convention::pixel_inclusive;
  // Candidates: score >= score_threshold (others can never be selected).
  s.order.clear();
  s.score.clear();
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (static_cast<double>(scores[i]) >= options.score_threshold) {
      s.order.push_back(i);
      s.score.push_back(scores[i]);
    }
  }
  std::size_t m = s.order.size();
  resize_soa(s, m);
  for (std::size_t k = 0; k < m; ++k) load(s, k, boxes[s.order[k]], c, s.order[k]);
  const T lin_thr = exact_threshold<T>(options.iou_threshold, suppression_rule::greater);
  const T sigma = static_cast<T>(options.sigma);
  const bool linear = options.method == soft_nms_method::linear;
  const std::size_t limit = options.max_detections == 0 ? m : std::min(options.max_detections, m);
  auto remove = [&s, &m](std::size_t k) {
    --m;
    s.x1[k] = s.x1[m];
    s.y1[k] = s.y1[m];
    s.x2[k] = s.x2[m];
    s.y2[k] = s.y2[m];
    s.area[k] = s.area[m];
    s.pos[k] = s.pos[m];
    s.score[k] = s.score[m];
  };
  while (result.indices.size() < limit && m > 0) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < m; ++k) {
      if (s.score[k] > s.score[best] || (s.score[k] == s.score[best] && s.pos[k] < s.pos[best])) best = k;
    }
    if (static_cast<double>(s.score[best]) < options.score_threshold) break;
    const corner_box<T> bb{s.x1[best], s.y1[best], s.x2[best], s.y2[best]};
    result.indices.push_back(s.pos[best]);
    result.scores.push_back(s.score[best]);
    remove(best);
    for (std::size_t k = 0; k < m;) {
      const corner_box<T> other{s.x1[k], s.y1[k], s.x2[k], s.y2[k]};
      const T ovr = pixel_inclusive ? detail::iou_kernel<true>(bb, other) : detail::iou_kernel<false>(bb, other);
      if (linear) {
        if (ovr > lin_thr) s.score[k] *= T(1) - ovr;
      } else {
        s.score[k] *= std::exp(-(ovr * ovr) / sigma);
      }
      if (static_cast<double>(s.score[k]) < options.score_threshold) {
        remove(k);  // can never be selected again; the swapped-in element is visited next
      } else {
        ++k;
      }
    }
  }
}

template <class T>
void soft_nms_spans(span<const corner_box<T>> boxes, span<const T> scores, const soft_nms_options& options,
                    nms_workspace<T>& workspace, soft_nms_result<T>& result) {
  const char* fn = "soft_nms";
  detail::validate_lengths(boxes.size(), scores.size(), fn, "scores");
  validate_soft_options(options, fn);
  detail::validate_scores<T>(scores, fn);
  detail::validate_boxes(boxes, options.convention, fn, "boxes");
  soft_nms_impl(boxes, scores, options, workspace, result);
}

// Soft-NMS over the rows of a model output: the rows with score >= score_threshold (the only
// ones that can be selected) are gathered, then the kernel of contiguous buffers runs on them.
template <class T>
void soft_nms_rows(const detection_rows<T>& rows, const soft_nms_options& options, nms_workspace<T>& workspace,
                   soft_nms_result<T>& result) {
  const char* fn = "soft_nms";
  const rows_input<T> in(rows, options.convention, false, fn);
  validate_soft_options(options, fn);
  auto& s = detail::nms_access<T>::get(workspace);
  row_filter f;
  f.filter = true;
  f.threshold = options.score_threshold;
  f.inclusive = true;
  gather_rows(in, f, false, s, fn);
  soft_nms_impl<T>(s.row_box, s.row_score, options, workspace, result);
  for (auto& k : result.indices) k = s.row_index[k];
}

template <class T>
std::vector<std::size_t> nms_new(span<const corner_box<T>> boxes, span<const T> scores, const nms_options& options) {
  nms_workspace<T> w;
  std::vector<std::size_t> keep;
  nms_spans(boxes, scores, options, w, keep);
  return keep;
}

template <class T>
std::vector<std::size_t> batched_new(span<const corner_box<T>> boxes, span<const T> scores, const class_labels& classes,
                                     const nms_options& options) {
  nms_workspace<T> w;
  std::vector<std::size_t> keep;
  batched_spans(boxes, scores, classes, options, w, keep);
  return keep;
}

template <class T>
soft_nms_result<T> soft_new(span<const corner_box<T>> boxes, span<const T> scores, const soft_nms_options& options) {
  nms_workspace<T> w;
  soft_nms_result<T> r;
  soft_nms_spans(boxes, scores, options, w, r);
  return r;
}

}  // namespace

#define EDGEMETRICS_NMS_DEFINE(T)                                                                                   \
  void nms(span<const corner_box<T>> boxes, span<const T> scores, const nms_options& options,                       \
           nms_workspace<T>& workspace, std::vector<std::size_t>& keep) {                                           \
    nms_spans(boxes, scores, options, workspace, keep);                                                             \
  }                                                                                                                 \
  void nms(const detection_rows<T>& rows, const nms_options& options, nms_workspace<T>& workspace,                  \
           std::vector<std::size_t>& keep) {                                                                        \
    nms_rows(rows, options, workspace, keep);                                                                       \
  }                                                                                                                 \
  std::vector<std::size_t> nms(span<const corner_box<T>> boxes, span<const T> scores, const nms_options& options) { \
    return nms_new(boxes, scores, options);                                                                         \
  }                                                                                                                 \
  void batched_nms(span<const corner_box<T>> boxes, span<const T> scores, class_labels classes,                     \
                   const nms_options& options, nms_workspace<T>& workspace, std::vector<std::size_t>& keep) {       \
    batched_spans(boxes, scores, classes, options, workspace, keep);                                                \
  }                                                                                                                 \
  void batched_nms(const detection_rows<T>& rows, const nms_options& options, nms_workspace<T>& workspace,          \
                   std::vector<std::size_t>& keep) {                                                                \
    batched_rows(rows, options, workspace, keep);                                                                   \
  }                                                                                                                 \
  std::vector<std::size_t> batched_nms(span<const corner_box<T>> boxes, span<const T> scores, class_labels classes, \
                                       const nms_options& options) {                                                \
    return batched_new(boxes, scores, classes, options);                                                            \
  }                                                                                                                 \
  void soft_nms(span<const corner_box<T>> boxes, span<const T> scores, const soft_nms_options& options,             \
                nms_workspace<T>& workspace, soft_nms_result<T>& result) {                                          \
    soft_nms_spans(boxes, scores, options, workspace, result);                                                      \
  }                                                                                                                 \
  soft_nms_result<T> soft_nms(span<const corner_box<T>> boxes, span<const T> scores,                                \
                              const soft_nms_options& options) {                                                    \
    return soft_new(boxes, scores, options);                                                                        \
  }                                                                                                                 \
  void soft_nms(const detection_rows<T>& rows, const soft_nms_options& options, nms_workspace<T>& workspace,        \
                soft_nms_result<T>& result) {                                                                       \
    soft_nms_rows(rows, options, workspace, result);                                                                \
  }

EDGEMETRICS_NMS_DEFINE(float)
EDGEMETRICS_NMS_DEFINE(double)
#undef EDGEMETRICS_NMS_DEFINE

template class nms_workspace<float>;
template class nms_workspace<double>;

}  // namespace edgemetrics
