// Internal kernels of <edgemetrics/detection/average_precision.hpp> (src/detection only): the VOC
// evaluation calls them directly on inputs it has already checked.
#ifndef EDGEMETRICS_SRC_DETECTION_AP_DETAIL_HPP
#define EDGEMETRICS_SRC_DETECTION_AP_DETAIL_HPP

#include <edgemetrics/detection/average_precision.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgemetrics::detail {

struct ap_access {
  static ap_scratch& get(ap_workspace& w) noexcept { return w.scratch_; }
};

/// np.sum / np.add.reduce of a contiguous float64 array, bit for bit (NumPy 1.24).
[[nodiscard]] double numpy_sum(const double* a, std::size_t n) noexcept;
[[nodiscard]] double sum(const double* a, std::size_t n, summation s) noexcept;
[[nodiscard]] double recall_threshold(recall_grid g, int k) noexcept;

[[nodiscard]] std::uint64_t descending_key(double score) noexcept;
/// order = indices sorted by descending score, ties by index (a stable sort). No NaN scores.
void rank_descending(const double* score, std::size_t n, std::vector<std::uint32_t>& order,
                     std::vector<key_index>& scratch);

/// VOC APs of ranked outcomes, both methods; fills `curve` if given.
voc_ap average_precision(const match_outcome* outcome, std::size_t n, std::size_t npos, const voc_ap_options& o,
                         ap_scratch& s, pr_curve* curve);

/// The same as ranking (stable, descending score) and average_precision(), from outcomes in input
/// order, without ranking every detection (curves not available).
voc_ap average_precision_unranked(const double* score, const match_outcome* outcome, std::size_t n, std::size_t npos,
                                  const voc_ap_options& o, ap_scratch& s);
/// average_precision_unranked, or the full ranking when a curve is wanted.
voc_ap class_ap(const double* score, const match_outcome* outcome, std::size_t n, std::size_t npos,
                const voc_ap_options& o, ap_scratch& s, pr_curve* curve);

/// pycocotools' accumulate() for one cell (one class, IoU threshold, area range, maxDets) from
/// its true positives alone: `n` ranked detections (n > 0), npos > 0, of which the k-th true
/// positive (k = 0 .. ntp-1) has rank tp_rank[k] and tp_fp[k] false positives ranked before it.
/// Writes precision[r * stride] and scores[r * stride] for each recall threshold and returns the
/// recall (tp / npos at the last rank). The same doubles as the full curve (rc, pr, envelope,
/// searchsorted): between two true positives precision only falls and recall stays, so the
/// envelope and the first rank reaching a recall are found among the true positives.
/// `env`: scratch of ntp doubles.
double coco_cell_from_true_positives(const std::uint32_t* tp_rank, const std::uint32_t* tp_fp, std::size_t ntp,
                                     std::size_t n, std::size_t npos, const double* ranked_scores,
                                     const double* recall_thresholds, std::size_t nr, double* precision, double* scores,
                                     std::size_t stride, double* env) noexcept;

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_DETECTION_AP_DETAIL_HPP
