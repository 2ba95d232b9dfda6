// Precision/recall and AP kernels (<edgemetrics/detection/average_precision.hpp>): VOC 11-point and
// all-point, COCO 101-point (pycocotools accumulate()). Compiled with -ffp-contract=off like the
// rest of the library, so the results do not depend on the caller's floating-point flags.
#include <edgemetrics/detection/average_precision.hpp>

#include "ap_detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

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

double coco_cell_from_true_positives(const std::uint32_t* tp_rank, const std::uint32_t* tp_fp, std::size_t ntp,
                                     std::size_t n, std::size_t npos, const double* ranked_scores,
                                     const double* recall_thresholds, std::size_t nr, double* precision, double* scores,
                                     std::size_t stride, double* env) noexcept {
  // cocoeval.py accumulate(): tp_sum, fp_sum = cumsum; rc = tp / npig; pr = tp / (fp + tp + eps);
  // for i in range(nd-1, 0, -1): pr[i-1] = max(pr[i-1], pr[i]); inds = searchsorted(rc, recThrs, 'left').
  constexpr double eps = 2.220446049250313e-16;  // np.spacing(1) = 2^-52
  const double np = static_cast<double>(npos);
  // pr at each true positive, then the envelope from the right (ranks between true positives have
  // a lower or equal pr, and pr = 0 before the first one)
  for (std::size_t k = 0; k < ntp; ++k) {
    const double tp = static_cast<double>(k + 1);
    env[k] = tp / ((static_cast<double>(tp_fp[k]) + tp) + eps);
  }
  for (std::size_t k = ntp; k-- > 1;) {
    if (env[k] > env[k - 1]) env[k - 1] = env[k];
  }
  // rc at rank 0; a threshold it reaches is met at rank 0, whose envelope is the maximum of all
  const double rc0 = (ntp > 0 && tp_rank[0] == 0 ? 1.0 : 0.0) / np;
  std::size_t k = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    const double thr = recall_thresholds[r];
    if (rc0 >= thr) {
      precision[r * stride] = ntp > 0 ? env[0] : 0.0;
      scores[r * stride] = ranked_scores[0];
      continue;
    }
    while (k < ntp && static_cast<double>(k + 1) / np < thr) ++k;
    if (k == ntp) {  // no rank reaches it, nor any larger threshold
      for (; r < nr; ++r) {
        precision[r * stride] = 0.0;
        scores[r * stride] = 0.0;
      }
      break;
    }
    precision[r * stride] = env[k];
    scores[r * stride] = ranked_scores[tp_rank[k]];
  }
  (void)n;
  return static_cast<double>(ntp) / np;
}

namespace {
// MATLAB max(): NaN only if both are NaN.
inline double max_skip_nan(double a, double b) noexcept {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return a < b ? b : a;
}
}  // namespace

voc_ap average_precision(const match_outcome* outcome, std::size_t n, std::size_t npos, const voc_ap_options& o,
                         ap_scratch& s, pr_curve* curve) {
  s.rec.resize(n);
  s.prec.resize(n);
  s.env.resize(n + 1);
  const double np = static_cast<double>(npos);
  const double empty = o.no_decision_precision == empty_precision::nan ? std::numeric_limits<double>::quiet_NaN() : 0.0;
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (outcome[i] == match_outcome::true_positive) {
      tp += 1;
    } else if (outcome[i] == match_outcome::false_positive) {
      fp += 1;
    }
    s.rec[i] = tp / np;  // npos = 0: 0/0 = NaN, as in every reference
    const double d = fp + tp;
    s.prec[i] = d > 0 ? tp / d : empty;
  }
  // env[i] = max(prec[i..n-1]) skipping NaN (NaN only if all are NaN); env[n] = NaN (none).
  s.env[n] = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = n; i-- > 0;) s.env[i] = max_skip_nan(s.prec[i], s.env[i + 1]);

  voc_ap r{};
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
    r.voc07_11_point = ap;
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
    r.voc10_all_point = sum(s.terms.data(), s.terms.size(), o.sum);
  }
  if (curve != nullptr) {
    curve->recall.assign(s.rec.begin(), s.rec.end());
    curve->precision.assign(s.prec.begin(), s.prec.end());
  }
  return r;
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
    // Insertion sort on the keys: stable, and unlike std::stable_sort it allocates nothing.
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t k = descending_key(score[i]);
      std::size_t at = i;
      while (at > 0 && k < descending_key(score[order[at - 1]])) {
        order[at] = order[at - 1];
        --at;
      }
      order[at] = static_cast<std::uint32_t>(i);
    }
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

voc_ap average_precision_unranked(const double* score, const match_outcome* outcome, std::size_t n, std::size_t npos,
                                  const voc_ap_options& o, ap_scratch& s) {
  // Same numbers as ranking every detection and calling average_precision(), without the full
  // ranking: recall only changes at TPs, and the precision at a FP or ignored rank never exceeds
  // the precision at the TP before it, so the envelope, the 11-point maxima and the all-point
  // terms only need, for each TP in rank order, the number of FPs ranked before it. Only the TPs
  // are sorted; each FP finds its place among them by binary search on (key, index).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  voc_ap r{};
  if (n == 0) {
    r.voc07_11_point = 0.0;   // no rank has rec >= t
    r.voc10_all_point = 0.0;  // mrec = [0, 1]: one term (1 - 0) * 0
    return r;
  }
  if (npos == 0) {  // rec = 0/0 = NaN at every rank
    double ap = 0;
    for (int k = 0; k <= 10; ++k) ap = ap + 0.0 / 11.;
    r.voc07_11_point = ap;
    r.voc10_all_point = nan;
    return r;
  }
  s.tp_keys.clear();
  s.tp_index.clear();
  std::size_t fps = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (outcome[i] == match_outcome::true_positive) {
      s.tp_keys.push_back(descending_key(score[i]));
      s.tp_index.push_back(static_cast<std::uint32_t>(i));
    } else if (outcome[i] == match_outcome::false_positive) {
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
      if (outcome[i] != match_outcome::false_positive) continue;
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
    r.voc07_11_point = ap;
  }
  {
    s.terms.clear();
    double prev = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      s.terms.push_back((s.rec[j] - prev) * s.env[j]);
      prev = s.rec[j];
    }
    if (prev != 1.0) s.terms.push_back((1.0 - prev) * 0.0);
    r.voc10_all_point = sum(s.terms.data(), s.terms.size(), o.sum);
  }
  return r;
}

voc_ap class_ap(const double* score, const match_outcome* outcome, std::size_t n, std::size_t npos,
                const voc_ap_options& o, ap_scratch& s, pr_curve* curve) {
  if (curve == nullptr) return average_precision_unranked(score, outcome, n, npos, o, s);
  rank_descending(score, n, s.order, s.keys);
  s.ranked.resize(n);
  for (std::size_t k = 0; k < n; ++k) s.ranked[k] = outcome[s.order[k]];
  return average_precision(s.ranked.data(), n, npos, o, s, curve);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// public API

namespace {

[[noreturn]] void fail(const char* fn, const std::string& what) {
  throw std::invalid_argument(std::string("edgemetrics::") + fn + ": " + what);
}

void check_scores(span<const double> scores, const char* fn) {
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) fail(fn, "scores[" + std::to_string(i) + "] is NaN");
  }
}

void check_outcomes(span<const match_outcome> outcomes, std::size_t npos, const char* fn) {
  std::size_t tp = 0;
  for (const match_outcome v : outcomes) tp += v == match_outcome::true_positive ? 1 : 0;
  if (tp > npos) {
    fail(fn, std::to_string(tp) + " true positives but only " + std::to_string(npos) +
                 " positives (npos): each positive is matched at most once");
  }
}

void check_lengths(std::size_t scores, std::size_t outcomes, const char* fn) {
  if (scores != outcomes) {
    fail(fn,
         "scores and outcomes differ in length (" + std::to_string(scores) + " and " + std::to_string(outcomes) + ")");
  }
}

}  // namespace

void ap_workspace::reserve(std::size_t n) {
  auto& s = scratch_;
  s.rec.reserve(n);
  s.prec.reserve(n);
  s.env.reserve(n + 1);
  s.terms.reserve(n + 1);
  s.tp_keys.reserve(n);
  s.sorted_keys.reserve(n);
  s.tp_index.reserve(n);
  s.sorted_index.reserve(n);
  s.perm.reserve(n);
  s.fp_before.reserve(n + 1);
  s.order.reserve(n);
  s.keys.reserve(2 * n);
  s.ranked.reserve(n);
  s.ranked_scores.reserve(n);
}

const std::array<double, coco_recall_points>& coco_recall_thresholds() noexcept {
  // np.linspace(.0, 1.00, 101): step = (1 - 0) / 100, y = arange(101) * step + 0, y[-1] = stop.
  static const std::array<double, coco_recall_points> t = [] {
    std::array<double, coco_recall_points> a{};
    const double step = 1.0 / static_cast<double>(coco_recall_points - 1);
    for (std::size_t i = 0; i < coco_recall_points; ++i) a[i] = static_cast<double>(i) * step + 0.0;
    a[coco_recall_points - 1] = 1.0;
    return a;
  }();
  return t;
}

void rank_by_score(span<const double> scores, std::vector<std::uint32_t>& order, ap_workspace& workspace) {
  check_scores(scores, "rank_by_score");
  detail::rank_descending(scores.data(), scores.size(), order, detail::ap_access::get(workspace).keys);
}

voc_ap voc_average_precision_ranked(span<const match_outcome> ranked, std::size_t npos, const voc_ap_options& options,
                                    ap_workspace& workspace, pr_curve* curve) {
  check_outcomes(ranked, npos, "voc_average_precision_ranked");
  return detail::average_precision(ranked.data(), ranked.size(), npos, options, detail::ap_access::get(workspace),
                                   curve);
}

voc_ap voc_average_precision(span<const double> scores, span<const match_outcome> outcomes, std::size_t npos,
                             const voc_ap_options& options, ap_workspace& workspace, pr_curve* curve) {
  const char* fn = "voc_average_precision";
  check_lengths(scores.size(), outcomes.size(), fn);
  check_scores(scores, fn);
  check_outcomes(outcomes, npos, fn);
  return detail::class_ap(scores.data(), outcomes.data(), scores.size(), npos, options,
                          detail::ap_access::get(workspace), curve);
}

voc_ap voc_average_precision(span<const double> scores, span<const match_outcome> outcomes, std::size_t npos,
                             const voc_ap_options& options, pr_curve* curve) {
  ap_workspace w;
  return voc_average_precision(scores, outcomes, npos, options, w, curve);
}

void coco_precision_recall_ranked(span<const double> ranked_scores, span<const match_outcome> ranked, std::size_t npos,
                                  span<const double> recall_thresholds, ap_workspace& workspace, coco_pr& result) {
  const char* fn = "coco_precision_recall";
  check_lengths(ranked_scores.size(), ranked.size(), fn);
  check_outcomes(ranked, npos, fn);
  const std::size_t nr = recall_thresholds.size();
  for (std::size_t r = 0; r < nr; ++r) {
    if (std::isnan(recall_thresholds[r]) || (r > 0 && recall_thresholds[r] < recall_thresholds[r - 1])) {
      fail(fn, "recall_thresholds must be ascending and not NaN (recall_thresholds[" + std::to_string(r) + "])");
    }
  }
  if (npos == 0) {  // pycocotools skips the cell: its arrays keep their initial -1
    result.precision.assign(nr, -1.0);
    result.scores.assign(nr, -1.0);
    result.recall = -1.0;
    result.average_precision = -1.0;
    return;
  }
  auto& s = detail::ap_access::get(workspace);
  const std::size_t n = ranked.size();
  result.precision.assign(nr, 0.0);
  result.scores.assign(nr, 0.0);
  if (n == 0) {
    result.recall = 0.0;
  } else {
    s.tp_index.clear();
    s.fp_before.clear();
    std::uint32_t fp = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (ranked[i] == match_outcome::true_positive) {
        s.tp_index.push_back(static_cast<std::uint32_t>(i));
        s.fp_before.push_back(fp);
      } else if (ranked[i] == match_outcome::false_positive) {
        ++fp;
      }
    }
    s.env.resize(s.tp_index.size());
    result.recall = detail::coco_cell_from_true_positives(
        s.tp_index.data(), s.fp_before.data(), s.tp_index.size(), n, npos, ranked_scores.data(),
        recall_thresholds.data(), nr, result.precision.data(), result.scores.data(), 1, s.env.data());
  }
  result.average_precision = detail::numpy_sum(result.precision.data(), nr) / static_cast<double>(nr);
}

void coco_precision_recall(span<const double> scores, span<const match_outcome> outcomes, std::size_t npos,
                           span<const double> recall_thresholds, ap_workspace& workspace, coco_pr& result) {
  const char* fn = "coco_precision_recall";
  check_lengths(scores.size(), outcomes.size(), fn);
  check_scores(scores, fn);
  auto& s = detail::ap_access::get(workspace);
  const std::size_t n = scores.size();
  detail::rank_descending(scores.data(), n, s.order, s.keys);
  s.ranked.resize(n);
  s.ranked_scores.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    s.ranked[k] = outcomes[s.order[k]];
    s.ranked_scores[k] = scores[s.order[k]];
  }
  // The ranked copies live in the workspace: pass them through spans (the kernel does not touch them).
  coco_precision_recall_ranked(s.ranked_scores, s.ranked, npos, recall_thresholds, workspace, result);
}

coco_pr coco_precision_recall(span<const double> scores, span<const match_outcome> outcomes, std::size_t npos) {
  ap_workspace w;
  coco_pr r;
  coco_precision_recall(scores, outcomes, npos, coco_recall_thresholds(), w, r);
  return r;
}

}  // namespace edgemetrics
