// The protocol-neutral precision/recall and AP API (<edgemetrics/detection/average_precision.hpp>).
//
// COCO: the expected values were computed by tests/detection/coco_pr_reference.py, which runs the
// steps of pycocotools' COCOeval.accumulate() (cocodataset/cocoapi, PythonAPI/pycocotools/
// cocoeval.py) with NumPy 1.24.2 (Debian 12), and copied here as Python repr (exact doubles).
// VOC: hand cases (arithmetic in the comments) and ranked == unranked on random inputs; the VOC
// presets themselves are pinned by the fixture tests (voc_fixtures_test.cpp), which run through
// the same kernels.
#include <edgemetrics/detection/average_precision.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace em = edgemetrics;
using em::match_outcome;

namespace {

constexpr match_outcome TP = match_outcome::true_positive;
constexpr match_outcome FP = match_outcome::false_positive;
constexpr match_outcome IG = match_outcome::ignored;

std::vector<match_outcome> outcomes_of(const std::vector<int>& v) {
  std::vector<match_outcome> r;
  for (const int x : v) r.push_back(x > 0 ? TP : x == 0 ? FP : IG);
  return r;
}

// Bit-for-bit equality (NaN equal to NaN, -0 different from +0).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_TRUE(same_bits(got[i], want[i])) << what << "[" << i << "]: " << got[i] << " vs " << want[i];
}

void expect_coco(const em::coco_pr& r, const std::vector<double>& precision, const std::vector<double>& scores,
                 double recall, double ap) {
  expect_same(r.precision, precision, "precision");
  expect_same(r.scores, scores, "scores");
  EXPECT_TRUE(same_bits(r.recall, recall)) << r.recall << " vs " << recall;
  EXPECT_TRUE(same_bits(r.average_precision, ap)) << r.average_precision << " vs " << ap;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

// The generator of coco_pr_reference.py's lcg_case (64-bit LCG, Knuth's MMIX constants).
void lcg_case(std::size_t n, std::uint64_t x, std::vector<double>& scores, std::vector<match_outcome>& outcomes) {
  for (std::size_t i = 0; i < n; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    scores.push_back(static_cast<double>((x >> 33) % 100) / 100.0);
    const std::uint64_t k = (x >> 20) % 10;
    outcomes.push_back(k < 4 ? TP : k < 9 ? FP : IG);
  }
}

}  // namespace

TEST(AveragePrecisionCoco, RecallThresholdsAreNumpyLinspace) {
  // np.linspace(.0, 1.00, 101), as pycocotools' Params builds recThrs.
  const std::vector<double> want{0.0,
                                 0.01,
                                 0.02,
                                 0.03,
                                 0.04,
                                 0.05,
                                 0.06,
                                 0.07,
                                 0.08,
                                 0.09,
                                 0.1,
                                 0.11,
                                 0.12,
                                 0.13,
                                 0.14,
                                 0.15,
                                 0.16,
                                 0.17,
                                 0.18,
                                 0.19,
                                 0.2,
                                 0.21,
                                 0.22,
                                 0.23,
                                 0.24,
                                 0.25,
                                 0.26,
                                 0.27,
                                 0.28,
                                 0.29,
                                 0.3,
                                 0.31,
                                 0.32,
                                 0.33,
                                 0.34,
                                 0.35000000000000003,
                                 0.36,
                                 0.37,
                                 0.38,
                                 0.39,
                                 0.4,
                                 0.41000000000000003,
                                 0.42,
                                 0.43,
                                 0.44,
                                 0.45,
                                 0.46,
                                 0.47000000000000003,
                                 0.48,
                                 0.49,
                                 0.5,
                                 0.51,
                                 0.52,
                                 0.53,
                                 0.54,
                                 0.55,
                                 0.56,
                                 0.5700000000000001,
                                 0.58,
                                 0.59,
                                 0.6,
                                 0.61,
                                 0.62,
                                 0.63,
                                 0.64,
                                 0.65,
                                 0.66,
                                 0.67,
                                 0.68,
                                 0.6900000000000001,
                                 0.7000000000000001,
                                 0.71,
                                 0.72,
                                 0.73,
                                 0.74,
                                 0.75,
                                 0.76,
                                 0.77,
                                 0.78,
                                 0.79,
                                 0.8,
                                 0.81,
                                 0.8200000000000001,
                                 0.8300000000000001,
                                 0.84,
                                 0.85,
                                 0.86,
                                 0.87,
                                 0.88,
                                 0.89,
                                 0.9,
                                 0.91,
                                 0.92,
                                 0.93,
                                 0.9400000000000001,
                                 0.9500000000000001,
                                 0.96,
                                 0.97,
                                 0.98,
                                 0.99,
                                 1.0};
  const auto& t = em::coco_recall_thresholds();
  expect_same(std::vector<double>(t.begin(), t.end()), want, "recThrs");
  EXPECT_NE(t[70], 0.7);  // 0.7000000000000001: a recall of exactly 7/10 does not reach it
}

TEST(AveragePrecisionCoco, HandCaseWithTiesAndAnIgnoredFirst) {
  // Ranked (stable, descending): 0.95 ignored, 0.9 TP, 0.8 FP, 0.8 TP, 0.8 FP (ties in input order),
  // 0.7 TP, 0.6 FP, 0.5 TP, 0.4 TP; 6 positives. The ignored first rank has pr 0/eps = 0, then
  // raised by the envelope; a perfect prefix gives 1/(1 + 2^-52) = 0.9999999999999998.
  const std::vector<double> s{0.9, 0.8, 0.95, 0.8, 0.7, 0.6, 0.8, 0.5, 0.4};
  const auto o = outcomes_of({1, 0, -1, 1, 1, 0, 0, 1, 1});
  const std::vector<double> precision{0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.9999999999999998,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.6666666666666666,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.625,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0};
  const std::vector<double> scores{0.95, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
                                   0.8,  0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8,
                                   0.7,  0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7,
                                   0.5,  0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4,
                                   0.4,  0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.0,
                                   0.0,  0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  const double recall = 0.8333333333333334;
  const double ap = 0.5899339933993399;
  expect_coco(em::coco_precision_recall(s, o, 6), precision, scores, recall, ap);
}

TEST(AveragePrecisionCoco, RecallSevenOfTenStopsBeforeThreshold70) {
  std::vector<double> s;
  for (int i = 0; i < 7; ++i) s.push_back(1.0 - i * 0.01);
  const std::vector<match_outcome> o(7, TP);
  const std::vector<double> precision{
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  const std::vector<double> scores{
      1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  1.0,  0.99, 0.99, 0.99, 0.99, 0.99, 0.99,
      0.99, 0.99, 0.99, 0.99, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.97, 0.97, 0.97,
      0.97, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96,
      0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.94, 0.94, 0.94, 0.94, 0.94, 0.94, 0.94,
      0.94, 0.94, 0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,
      0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0};
  const double recall = 0.7;
  const double ap = 0.693069306930693;
  expect_coco(em::coco_precision_recall(s, o, 10), precision, scores, recall, ap);
  EXPECT_EQ(precision[69], 1.0);
  EXPECT_EQ(precision[70], 0.0);
}

TEST(AveragePrecisionCoco, NoDetectionsAndNoPositives) {
  // Positives but no detections: precision 0 and recall 0 (counted); no positives: the cell stays
  // at pycocotools' initial -1 (left out of every mean).
  const std::vector<double> zeros(101, 0.0), minus(101, -1.0);
  expect_coco(em::coco_precision_recall({}, {}, 3), zeros, zeros, 0.0, 0.0);
  expect_coco(em::coco_precision_recall(std::vector<double>{0.5}, std::vector<match_outcome>{FP}, 0), minus, minus,
              -1.0, -1.0);
}

TEST(AveragePrecisionCoco, SeededCaseWithManyTies) {
  // 300 detections, scores k/100 (many ties), about 40 % TP, 10 % ignored; npos = TPs + 17.
  std::vector<double> s;
  std::vector<match_outcome> o;
  lcg_case(300, 12345, s, o);
  std::size_t tp = 0;
  for (const auto v : o) tp += v == TP ? 1 : 0;
  ASSERT_EQ(tp + 17, 147u);  // as the script found
  const std::vector<double> precision{0.9999999999999998,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5294117647058824,
                                      0.5111111111111111,
                                      0.5111111111111111,
                                      0.5111111111111111,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.5,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.4961832061068702,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0,
                                      0.0};
  const std::vector<double> scores{
      0.99, 0.97, 0.96, 0.95, 0.94, 0.94, 0.93, 0.93, 0.91, 0.89, 0.89, 0.88, 0.88, 0.84, 0.83, 0.82, 0.81,
      0.81, 0.78, 0.76, 0.74, 0.74, 0.74, 0.73, 0.73, 0.71, 0.69, 0.68, 0.67, 0.67, 0.66, 0.66, 0.64, 0.64,
      0.62, 0.6,  0.59, 0.58, 0.58, 0.56, 0.56, 0.52, 0.51, 0.5,  0.5,  0.48, 0.47, 0.44, 0.43, 0.42, 0.41,
      0.41, 0.38, 0.37, 0.35, 0.34, 0.32, 0.32, 0.29, 0.28, 0.27, 0.27, 0.24, 0.23, 0.22, 0.22, 0.21, 0.21,
      0.2,  0.19, 0.15, 0.14, 0.13, 0.12, 0.12, 0.09, 0.09, 0.07, 0.07, 0.06, 0.06, 0.05, 0.04, 0.02, 0.02,
      0.01, 0.01, 0.01, 0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0};
  const double recall = 0.8843537414965986;
  const double ap = 0.4472150223554012;
  em::ap_workspace w;
  em::coco_pr r;
  em::coco_precision_recall(s, o, 147, em::coco_recall_thresholds(), w, r);
  expect_coco(r, precision, scores, recall, ap);
  // The ranked form gives the same: rank once, as a COCO evaluation does for ten IoU thresholds.
  std::vector<std::uint32_t> order;
  em::rank_by_score(s, order, w);
  std::vector<double> rs;
  std::vector<match_outcome> ro;
  for (const auto i : order) {
    rs.push_back(s[i]);
    ro.push_back(o[i]);
  }
  em::coco_pr r2;
  em::coco_precision_recall_ranked(rs, ro, 147, em::coco_recall_thresholds(), w, r2);
  expect_coco(r2, precision, scores, recall, ap);
}

TEST(AveragePrecisionCoco, Errors) {
  em::ap_workspace w;
  em::coco_pr r;
  const std::vector<double> s{0.9, 0.8};
  const std::vector<match_outcome> o{TP, TP};
  EXPECT_EQ(message_of([&] {
              em::coco_precision_recall(s, std::vector<match_outcome>{TP}, 2, em::coco_recall_thresholds(), w, r);
            }),
            "edgemetrics::coco_precision_recall: scores and outcomes differ in length (2 and 1)");
  EXPECT_EQ(message_of([&] {
              (void)em::coco_precision_recall(std::vector<double>{std::nan(""), 0.1}, o, 2);
            }),
            "edgemetrics::coco_precision_recall: scores[0] is NaN");
  EXPECT_EQ(message_of([&] { (void)em::coco_precision_recall(s, o, 1); }),
            "edgemetrics::coco_precision_recall: 2 true positives but only 1 positives (npos): each positive is "
            "matched at most once");
  EXPECT_EQ(message_of([&] {
              em::coco_precision_recall(s, o, 2, std::vector<double>{0.5, 0.25}, w, r);
            }),
            "edgemetrics::coco_precision_recall: recall_thresholds must be ascending and not NaN "
            "(recall_thresholds[1])");
  // Other thresholds: one value per threshold.
  em::coco_precision_recall(s, o, 4, std::vector<double>{0.0, 0.5, 0.75}, w, r);
  // rc 0.25, 0.5; pr 1/(1+2^-52) = 0.9999999999999998, 2/(2+2^-52) = 1 (the sum rounds to 2); the
  // envelope raises the first to 1.
  expect_same(r.precision, {1.0, 1.0, 0.0}, "precision");
  expect_same(r.scores, {0.9, 0.8, 0.0}, "scores");
}

TEST(AveragePrecisionVoc, HandCase) {
  // Ranked TP, FP, TP with 2 positives: recall 0.5, 0.5, 1; precision 1, 0.5, 2/3.
  // 11-point (MATLAB grid): ap = ap + p/11 with p = 1 for t <= 0.5 and 2/3 above.
  // All-point: 0.5 * 1 + 0.5 * (2/3), left to right.
  const std::vector<double> s{0.9, 0.7, 0.8};
  const std::vector<match_outcome> o{TP, TP, FP};
  em::pr_curve curve;
  const em::voc_ap a = em::voc_average_precision(s, o, 2, {}, &curve);
  EXPECT_TRUE(same_bits(a.voc07_11_point, 0.8484848484848483));
  EXPECT_TRUE(same_bits(a.voc10_all_point, 0.8333333333333333));
  expect_same(curve.recall, {0.5, 0.5, 1.0}, "recall");
  expect_same(curve.precision, {1.0, 0.5, 2.0 / 3.0}, "precision");
}

TEST(AveragePrecisionVoc, EmptyPrecisionAtAnIgnoredFirstRank) {
  const std::vector<match_outcome> ranked{IG, TP, FP};
  em::ap_workspace w;
  em::pr_curve curve;
  em::voc_ap_options o;
  const em::voc_ap a = em::voc_average_precision_ranked(ranked, 1, o, w, &curve);
  EXPECT_TRUE(std::isnan(curve.precision[0]));
  o.no_decision_precision = em::empty_precision::zero;
  const em::voc_ap b = em::voc_average_precision_ranked(ranked, 1, o, w, &curve);
  EXPECT_EQ(curve.precision[0], 0.0);
  // Precision 1 at every threshold, accumulated as ap = ap + 1/11 eleven times: 1.0000000000000002.
  EXPECT_TRUE(same_bits(a.voc07_11_point, 1.0000000000000002));
  EXPECT_TRUE(same_bits(b.voc07_11_point, 1.0000000000000002));
  EXPECT_EQ(a.voc10_all_point, 1.0);
  EXPECT_EQ(b.voc10_all_point, 1.0);
}

TEST(AveragePrecisionVoc, UnrankedEqualsRankedBitForBit) {
  // voc_average_precision() skips the full ranking when no curve is wanted: it must give the
  // bits of ranking everything and calling voc_average_precision_ranked(), for every option.
  std::mt19937_64 rng(7);
  em::ap_workspace w;
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = rng() % 400;
    std::vector<double> s;
    std::vector<match_outcome> o;
    std::size_t tp = 0;
    for (std::size_t i = 0; i < n; ++i) {
      s.push_back(static_cast<double>(rng() % 50) / 50.0);
      const auto k = rng() % 10;
      o.push_back(k < 3 ? TP : k < 9 ? FP : IG);
      tp += k < 3 ? 1 : 0;
    }
    const std::size_t npos = tp + rng() % 5;
    std::vector<std::uint32_t> order;
    em::rank_by_score(s, order, w);
    std::vector<match_outcome> ranked;
    for (const auto i : order) ranked.push_back(o[i]);
    for (const auto grid : {em::recall_grid::matlab_colon, em::recall_grid::numpy_arange}) {
      for (const auto sum : {em::summation::left_to_right, em::summation::numpy_pairwise}) {
        for (const auto empty : {em::empty_precision::nan, em::empty_precision::zero}) {
          const em::voc_ap_options opt{grid, sum, empty};
          const em::voc_ap want = em::voc_average_precision_ranked(ranked, npos, opt, w);
          const em::voc_ap got = em::voc_average_precision(s, o, npos, opt, w);
          EXPECT_TRUE(same_bits(got.voc07_11_point, want.voc07_11_point)) << trial;
          EXPECT_TRUE(same_bits(got.voc10_all_point, want.voc10_all_point)) << trial;
          em::pr_curve curve;
          const em::voc_ap with_curve = em::voc_average_precision(s, o, npos, opt, w, &curve);
          EXPECT_TRUE(same_bits(with_curve.voc07_11_point, want.voc07_11_point)) << trial;
          EXPECT_EQ(curve.recall.size(), n);
        }
      }
    }
  }
}

TEST(AveragePrecisionVoc, NoPositivesAndErrors) {
  // npos = 0: recall 0/0 at every rank: 11-point 0, all-point NaN (0 without detections).
  const em::voc_ap a = em::voc_average_precision(std::vector<double>{0.5}, std::vector<match_outcome>{FP}, 0);
  EXPECT_EQ(a.voc07_11_point, 0.0);
  EXPECT_TRUE(std::isnan(a.voc10_all_point));
  const em::voc_ap b = em::voc_average_precision(std::vector<double>{}, std::vector<match_outcome>{}, 0);
  EXPECT_EQ(b.voc07_11_point, 0.0);
  EXPECT_EQ(b.voc10_all_point, 0.0);
  EXPECT_EQ(message_of([] {
              (void)em::voc_average_precision(std::vector<double>{0.5, 0.4}, std::vector<match_outcome>{TP, TP}, 1);
            }),
            "edgemetrics::voc_average_precision: 2 true positives but only 1 positives (npos): each positive is "
            "matched at most once");
  em::ap_workspace w;
  std::vector<std::uint32_t> order;
  EXPECT_EQ(message_of([&] {
              em::rank_by_score(std::vector<double>{0.1, std::nan("")}, order, w);
            }),
            "edgemetrics::rank_by_score: scores[1] is NaN");
}

TEST(AveragePrecisionVoc, RankIsStableDescendingWithSignedZerosEqual) {
  em::ap_workspace w;
  std::vector<std::uint32_t> order;
  em::rank_by_score(std::vector<double>{0.0, 0.5, -0.0, 0.5, -1.0, 0.0}, order, w);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 3, 0, 2, 5, 4}));
}
