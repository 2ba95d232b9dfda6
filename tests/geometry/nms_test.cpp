#include <edgemetrics/geometry/iou.hpp>
#include <edgemetrics/geometry/nms.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

#include "reference_data.hpp"

using namespace edgemetrics;

namespace {
constexpr auto C = box_convention::continuous;
constexpr auto P = box_convention::pixel_inclusive;

// The textbook algorithm (torchvision's CPU kernel), written plainly, as the oracle.
template <class T>
std::vector<std::size_t> naive_nms(const std::vector<corner_box<T>>& boxes, const std::vector<T>& scores,
                                   box_convention c, double thr, bool ge) {
  std::vector<std::size_t> order(boxes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  std::vector<bool> sup(boxes.size(), false);
  std::vector<std::size_t> keep;
  for (std::size_t x = 0; x < order.size(); ++x) {
    const std::size_t i = order[x];
    if (sup[i]) continue;
    keep.push_back(i);
    for (std::size_t y = x + 1; y < order.size(); ++y) {
      const std::size_t j = order[y];
      // iou() is the library's compiled kernel (the same bits under any flags of this file); a
      // zero union (two zero-area boxes) is NaN in torchvision's nms, which never suppresses.
      const bool zero_union = area(boxes[i], c) == T(0) && area(boxes[j], c) == T(0);
      const double o = zero_union ? std::nan("") : static_cast<double>(iou(boxes[i], boxes[j], c));
      if (ge ? o >= thr : o > thr) sup[j] = true;
    }
  }
  return keep;
}

template <class T>
struct random_input {
  std::vector<corner_box<T>> boxes;
  std::vector<T> scores;
  std::vector<int> classes;
};

// Detector-like: clusters of jittered boxes around objects.
template <class T>
random_input<T> detector_like(std::size_t n, int classes, unsigned seed, bool integer_scores = false) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> jit(0, 0.12);
  const std::size_t objects = std::max<std::size_t>(1, n / 20);
  std::vector<std::array<double, 4>> obj(objects);
  std::vector<int> ocls(objects);
  for (std::size_t k = 0; k < objects; ++k) {
    const double w = 12 + u(rng) * 250, h = w * (0.5 + u(rng));
    obj[k] = {u(rng) * 1280, u(rng) * 720, w, h};
    ocls[k] = static_cast<int>(u(rng) * classes);
  }
  random_input<T> in;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& o = obj[static_cast<std::size_t>(u(rng) * static_cast<double>(objects)) % objects];
    const double x1 = o[0] - o[2] / 2 + jit(rng) * o[2], x2 = o[0] + o[2] / 2 + jit(rng) * o[2];
    const double y1 = o[1] - o[3] / 2 + jit(rng) * o[3], y2 = o[1] + o[3] / 2 + jit(rng) * o[3];
    in.boxes.push_back({static_cast<T>(std::min(x1, x2)), static_cast<T>(std::min(y1, y2)),
                        static_cast<T>(std::max(x1, x2) + 1), static_cast<T>(std::max(y1, y2) + 1)});
    in.scores.push_back(integer_scores ? static_cast<T>(std::floor(u(rng) * 8)) : static_cast<T>(u(rng)));
    in.classes.push_back(ocls[static_cast<std::size_t>(&o - obj.data())]);
  }
  return in;
}

template <class T>
void check_reference_case(const std::string& file) {
  SCOPED_TRACE(file);
  const auto c = geometry_test::read_nms_case<T>(file);
  ASSERT_FALSE(c.boxes.empty());
  const nms_options o(C, c.iou_threshold);
  EXPECT_EQ(nms(c.boxes, c.scores, o), c.keep);
  EXPECT_EQ(batched_nms(c.boxes, c.scores, c.classes, o), c.batched_keep);
}
}  // namespace

TEST(GeometryNms, MatchesTorchvisionNms) {
  check_reference_case<float>("nms_200_t05.txt");
  check_reference_case<float>("nms_1000_t05.txt");
  check_reference_case<float>("nms_1000_t03.txt");
  check_reference_case<float>("nms_1000_t07.txt");
  check_reference_case<float>("nms_3000_t05_80cls.txt");
  check_reference_case<double>("nms_800_t045_f64.txt");
}

TEST(GeometryNms, MatchesNaiveOnRandomInputsAllVariants) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const auto in = detector_like<float>(200 * seed, 5, seed, seed % 2 == 0);
    for (const auto conv : {C, P}) {
      for (const double thr : {0.0, 0.3, 0.5, 0.7, 1.0}) {
        for (const bool ge : {false, true}) {
          nms_options o(conv, thr);
          o.rule = ge ? suppression_rule::greater_equal : suppression_rule::greater;
          const auto expected = naive_nms(in.boxes, in.scores, conv, thr, ge);
          for (const auto strategy : {nms_strategy::automatic, nms_strategy::exhaustive, nms_strategy::spatial_grid}) {
            o.strategy = strategy;
            ASSERT_EQ(nms(in.boxes, in.scores, o), expected)
                << seed << " " << to_string(conv) << " " << thr << " " << ge << " " << static_cast<int>(strategy);
          }
        }
      }
    }
  }
}

TEST(GeometryNms, SpatialGridMixedScalesAndDegenerateBoxes) {
  // Large input (the automatic strategy picks the grid), with boxes from 0 to the whole image,
  // zero-area boxes, identical boxes, negative coordinates and tied scores.
  auto in = detector_like<double>(3000, 3, 99, true);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < 300; ++i) {
    const double x = u(rng) * 1300 - 20, y = u(rng) * 740 - 20, s = std::pow(10.0, u(rng) * 3.2 - 0.2);
    in.boxes.push_back({x, y, x + s * (0.2 + u(rng)), y + s * (0.2 + u(rng))});
    in.scores.push_back(std::floor(u(rng) * 8));
  }
  in.boxes.push_back({0, 0, 1280, 720});
  in.boxes.push_back({100, 100, 100, 300});  // zero width
  in.boxes.push_back({100, 100, 100, 300});
  in.boxes.push_back(in.boxes[17]);
  for (int k = 0; k < 4; ++k) in.scores.push_back(3);
  for (const auto conv : {C, P}) {
    for (const double thr : {0.0, 0.01, 0.5, 0.9}) {
      for (const bool ge : {false, true}) {
        nms_options o(conv, thr);
        o.rule = ge ? suppression_rule::greater_equal : suppression_rule::greater;
        const auto expected = naive_nms(in.boxes, in.scores, conv, thr, ge);
        o.strategy = nms_strategy::spatial_grid;
        ASSERT_EQ(nms(in.boxes, in.scores, o), expected) << to_string(conv) << " " << thr << " " << ge;
        o.strategy = nms_strategy::exhaustive;
        ASSERT_EQ(nms(in.boxes, in.scores, o), expected) << to_string(conv) << " " << thr << " " << ge;
      }
    }
  }
  // max_detections stops the grid walk early.
  nms_options o(C, 0.5);
  o.max_detections = 7;
  const auto all = naive_nms(in.boxes, in.scores, C, 0.5, false);
  EXPECT_EQ(nms(in.boxes, in.scores, o), std::vector<std::size_t>(all.begin(), all.begin() + 7));
}

TEST(GeometryNms, BatchedEqualsPerClassNms) {
  const auto in = detector_like<double>(1500, 7, 42, true);  // integer scores: many ties
  const nms_options o(C, 0.5);
  std::vector<std::size_t> expected;
  std::map<int, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < in.boxes.size(); ++i) members[in.classes[i]].push_back(i);
  for (const auto& [cls, idx] : members) {
    std::vector<corner_box<double>> b;
    std::vector<double> s;
    for (auto i : idx) {
      b.push_back(in.boxes[i]);
      s.push_back(in.scores[i]);
    }
    for (auto k : naive_nms(b, s, C, 0.5, false)) expected.push_back(idx[k]);
  }
  std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
    return in.scores[a] > in.scores[b] || (in.scores[a] == in.scores[b] && a < b);
  });
  EXPECT_EQ(batched_nms(in.boxes, in.scores, in.classes, o), expected);
  std::vector<long long> wide(in.classes.begin(), in.classes.end());
  for (auto& w : wide) w = w * 1000000007LL - 5;  // arbitrary (negative, sparse) labels
  EXPECT_EQ(batched_nms(in.boxes, in.scores, wide, o), expected);
}

TEST(GeometryNms, ThresholdBoundaryGreaterVersusGreaterEqual) {
  // IoU exactly 0.5: [0,2]x[0,1] vs [0,1]x[0,1] -> inter 1, union 2.
  const std::vector<corner_box<float>> b{{0, 0, 2, 1}, {0, 0, 1, 1}};
  const std::vector<float> s{0.9f, 0.8f};
  nms_options o(C, 0.5);
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{0, 1}));  // 0.5 > 0.5 is false
  o.rule = suppression_rule::greater_equal;
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{0}));
  // Threshold 0.1 (not a float): the float IoU is compared with the double, as torchvision does.
  // IoU = 1/10 in float = 0.100000001490116 > 0.1 -> suppressed under '>'.
  const std::vector<corner_box<float>> c{{0, 0, 10, 1}, {0, 0, 1, 1}};
  EXPECT_EQ(nms(c, s, nms_options(C, 0.1)), (std::vector<std::size_t>{0}));
  EXPECT_EQ(nms(c, s, nms_options(C, static_cast<double>(0.1f))), (std::vector<std::size_t>{0, 1}));
}

TEST(GeometryNms, TiesBrokenByInputOrder) {
  const std::vector<corner_box<float>> b{{0, 0, 10, 10}, {100, 0, 110, 10}, {1, 0, 11, 10}, {0, 1, 10, 11}};
  const std::vector<float> s{0.5f, 0.5f, 0.5f, 0.7f};
  // Order: 3 (0.7), then 0, 1, 2 by index; 3 suppresses 0 and 2.
  EXPECT_EQ(nms(b, s, nms_options(C, 0.5)), (std::vector<std::size_t>{3, 1}));
}

TEST(GeometryNms, OrderOfSignedZerosInfinitiesAndTiesLargeAndSmall) {
  // Disjoint boxes: nothing is suppressed, so the result is the sort order itself. Sizes on
  // both sides of the radix-sort cut-over (512).
  for (const std::size_t n : {std::size_t{40}, std::size_t{700}, std::size_t{3000}}) {
    for (const bool is_double : {false, true}) {
      std::vector<corner_box<double>> bd;
      std::vector<double> sd;
      std::mt19937 rng(static_cast<unsigned>(n));
      const double pool[] = {-0.0,
                             0.0,
                             1.0,
                             -1.0,
                             0.5,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             1e-30,
                             -1e-30,
                             3.25};
      for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i) * 10;
        bd.push_back({x, 0, x + 5, 5});
        sd.push_back(pool[rng() % 10]);
      }
      std::vector<std::size_t> expected(n);
      std::iota(expected.begin(), expected.end(), std::size_t{0});
      std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) { return sd[a] > sd[b]; });
      nms_options o(C, 0.5);
      if (is_double) {
        EXPECT_EQ(nms(bd, sd, o), expected) << n;
      } else {
        std::vector<corner_box<float>> bf;
        std::vector<float> sf;
        for (const auto& b : bd) bf.push_back(box_cast<float>(b));
        for (const double v : sd) sf.push_back(static_cast<float>(v));
        EXPECT_EQ(nms(bf, sf, o), expected) << n;
        o.top_k = n / 3;
        EXPECT_EQ(nms(bf, sf, o),
                  std::vector<std::size_t>(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(n / 3)));
      }
    }
  }
}

TEST(GeometryNms, ScoreThresholdTopKMaxDetections) {
  const std::vector<corner_box<double>> b{{0, 0, 1, 1}, {10, 0, 11, 1}, {20, 0, 21, 1}, {30, 0, 31, 1}, {0, 0, 1, 1}};
  const std::vector<double> s{0.1, 0.4, 0.3, 0.2, 0.35};
  nms_options o(C, 0.5);
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{1, 4, 2, 3}));
  o.score_threshold = 0.2;  // strict: 0.2 is dropped
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{1, 4, 2}));
  o.score_threshold.reset();
  o.top_k = 3;  // 1, 4, 2 enter NMS
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{1, 4, 2}));
  o.top_k = 0;
  o.max_detections = 2;
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{1, 4}));
  const std::vector<int> cls{0, 1, 0, 1, 0};
  EXPECT_EQ(batched_nms(b, s, cls, o), (std::vector<std::size_t>{1, 4}));
  // top_k applies before NMS: box 0 (0.1) overlaps box 4 (0.35) and is cut by top_k anyway.
  o.max_detections = 0;
  o.top_k = 5;
  EXPECT_EQ(nms(b, s, o), (std::vector<std::size_t>{1, 4, 2, 3}));
}

TEST(GeometryNms, EmptyAndSingle) {
  const std::vector<corner_box<float>> none;
  const std::vector<float> no_scores;
  EXPECT_TRUE(nms(none, no_scores, nms_options(C, 0.5)).empty());
  for (const auto strategy : {nms_strategy::exhaustive, nms_strategy::spatial_grid}) {
    nms_options o(C, 0.5);
    o.strategy = strategy;
    EXPECT_TRUE(nms(none, no_scores, o).empty());
    EXPECT_EQ(nms(std::vector<corner_box<float>>{{0, 0, 1, 1}}, std::vector<float>{0.f}, o),
              (std::vector<std::size_t>{0}));
    EXPECT_EQ(nms(std::vector<corner_box<float>>{{2, 2, 2, 2}, {2, 2, 2, 2}}, std::vector<float>{1.f, 2.f}, o),
              (std::vector<std::size_t>{1, 0}));
  }
  EXPECT_TRUE(batched_nms(none, no_scores, std::vector<int>{}, nms_options(C, 0.5)).empty());
  EXPECT_EQ(nms(std::vector<corner_box<float>>{{0, 0, 1, 1}}, std::vector<float>{0.f}, nms_options(C, 0.5)),
            (std::vector<std::size_t>{0}));
}

TEST(GeometryNms, ZeroAreaBoxesNeverSuppress) {
  // Identical points: union 0 (torchvision: NaN IoU, not > threshold). Kept both.
  const std::vector<corner_box<float>> b{{5, 5, 5, 5}, {5, 5, 5, 5}};
  EXPECT_EQ(nms(b, std::vector<float>{0.9f, 0.8f}, nms_options(C, 0.0)), (std::vector<std::size_t>{0, 1}));
}

TEST(GeometryNms, ErrorsAtThePublicBoundary) {
  const std::vector<corner_box<float>> b{{0, 0, 1, 1}, {0, 0, 2, 2}};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message([&] { (void)nms(b, std::vector<float>{0.5f}, nms_options(C, 0.5)); }),
            "edgemetrics::nms: boxes has 2 elements but scores has 1");
  EXPECT_EQ(message([&] {
              (void)nms(b, std::vector<float>{0.5f, nan}, nms_options(C, 0.5));
            }),
            "edgemetrics::nms: scores[1] is NaN");
  EXPECT_EQ(message([&] {
              (void)nms(b, std::vector<float>{0.5f, 0.4f}, nms_options(C, -0.1));
            }),
            "edgemetrics::nms: iou_threshold is a fraction in [0, 1] (an IoU), got -0.1");
  EXPECT_EQ(message([&] {
              (void)nms(b, std::vector<float>{0.5f, 0.4f}, nms_options(C, std::nan("")));
            }),
            "edgemetrics::nms: iou_threshold is NaN");
  EXPECT_EQ(message([&] {
              (void)nms(std::vector<corner_box<float>>{{0, 0, 1, 1}, {0, nan, 1, 1}}, std::vector<float>{1, 2},
                        nms_options(C, 0.5));
            }),
            "edgemetrics::nms: boxes[1] has a non-finite coordinate (NaN or infinity)");
  EXPECT_EQ(message([&] {
              (void)nms(std::vector<corner_box<float>>{{3, 0, 1, 1}}, std::vector<float>{1}, nms_options(C, 0.5));
            }),
            "edgemetrics::nms: boxes[0] is inverted (x2 < x1 or y2 < y1 under the continuous convention)");
  EXPECT_EQ(message([&] {
              (void)batched_nms(b, std::vector<float>{0.5f, 0.4f}, std::vector<int>{1}, nms_options(C, 0.5));
            }),
            "edgemetrics::batched_nms: boxes has 2 elements but classes has 1");
  EXPECT_EQ(message([&] {
              nms_options o(C, 0.5);
              o.score_threshold = std::nan("");
              (void)nms(b, std::vector<float>{0.5f, 0.4f}, o);
            }),
            "edgemetrics::nms: score_threshold is NaN");
  // Infinite scores are ordered and accepted.
  EXPECT_EQ(nms(b, std::vector<float>{-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()},
                nms_options(C, 0.5)),
            (std::vector<std::size_t>{1, 0}));
}

TEST(GeometryNms, WorkspaceReuseGivesSameResults) {
  nms_workspace<float> w;
  w.reserve(2000);
  std::vector<std::size_t> keep;
  for (unsigned seed = 0; seed < 5; ++seed) {
    const auto in = detector_like<float>(500 + 300 * seed, 4, seed);
    nms(in.boxes, in.scores, nms_options(C, 0.5), w, keep);
    EXPECT_EQ(keep, nms(in.boxes, in.scores, nms_options(C, 0.5)));
    batched_nms(in.boxes, in.scores, in.classes, nms_options(C, 0.5), w, keep);
    EXPECT_EQ(keep, batched_nms(in.boxes, in.scores, in.classes, nms_options(C, 0.5)));
  }
}

// ----------------------------------------------------------------------------- Soft-NMS

namespace {
void check_soft_reference(const std::string& file) {
  SCOPED_TRACE(file);
  std::vector<corner_box<float>> boxes;
  std::vector<float> scores, ref_scores;
  std::vector<std::size_t> ref_keep;
  std::string method;
  double score_thr = 0, nms_thr = 0, sigma = 0;
  std::size_t top_k = 0;
  for (const auto& r : geometry_test::read_tokens(file)) {
    if (r[0] == "method")
      method = r[1];
    else if (r[0] == "score_threshold")
      score_thr = geometry_test::number(r[1]);
    else if (r[0] == "nms_threshold")
      nms_thr = geometry_test::number(r[1]);
    else if (r[0] == "sigma")
      sigma = geometry_test::number(r[1]);
    else if (r[0] == "top_k")
      top_k = std::stoul(r[1]);
    else if (r[0] == "n")
      continue;
    else if (r[0] == "keep")
      ref_keep = geometry_test::index_list(r);
    else if (r[0] == "scores") {
      for (std::size_t k = 2; k < r.size(); ++k) ref_scores.push_back(static_cast<float>(geometry_test::number(r[k])));
    } else {
      boxes.push_back({std::stof(r[0]), std::stof(r[1]), std::stof(r[2]), std::stof(r[3])});
      scores.push_back(static_cast<float>(geometry_test::number(r[4])));
    }
  }
  // OpenCV passes its thresholds as float.
  soft_nms_options o(C, method == "linear" ? soft_nms_method::linear : soft_nms_method::gaussian,
                     static_cast<double>(static_cast<float>(score_thr)));
  o.iou_threshold = static_cast<double>(static_cast<float>(nms_thr));
  o.sigma = static_cast<double>(static_cast<float>(sigma));
  o.max_detections = top_k;
  const auto r = soft_nms(boxes, scores, o);
  EXPECT_EQ(r.indices, ref_keep);
  ASSERT_EQ(r.scores.size(), ref_scores.size());
  for (std::size_t k = 0; k < r.scores.size(); ++k) EXPECT_NEAR(r.scores[k], ref_scores[k], 2e-6f) << k;
}
}  // namespace

TEST(GeometrySoftNms, MatchesOpenCvSoftNmsBoxes) {
  check_soft_reference("soft_nms_gaussian.txt");
  check_soft_reference("soft_nms_linear.txt");
  check_soft_reference("soft_nms_gaussian_top20.txt");
}

TEST(GeometrySoftNms, LinearAndGaussianByHand) {
  const std::vector<corner_box<double>> b{{0, 0, 10, 10}, {0, 0, 10, 5}, {50, 50, 60, 60}};
  const std::vector<double> s{0.9, 0.8, 0.3};
  soft_nms_options lin(C, soft_nms_method::linear, 0.1);
  lin.iou_threshold = 0.3;
  auto r = soft_nms(b, s, lin);
  // IoU(0, 1) = 0.5 > 0.3: 0.8 -> 0.8 * 0.5 = 0.4; box 2 untouched.
  EXPECT_EQ(r.indices, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(r.scores[1], 0.8 * (1 - 0.5));
  soft_nms_options gau(C, soft_nms_method::gaussian, 0.35);
  gau.sigma = 0.5;
  r = soft_nms(b, s, gau);
  // 0.8 * exp(-0.25 / 0.5) = 0.485 >= 0.35; box 2 (0.3) < 0.35 never selected.
  EXPECT_EQ(r.indices, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(r.scores[1], 0.8 * std::exp(-(0.5 * 0.5) / 0.5));
  gau.max_detections = 1;
  EXPECT_EQ(soft_nms(b, s, gau).indices, (std::vector<std::size_t>{0}));
}

TEST(GeometrySoftNms, Errors) {
  const std::vector<corner_box<float>> b{{0, 0, 1, 1}};
  soft_nms_options o(C, soft_nms_method::gaussian, 0.1);
  o.sigma = 0;
  EXPECT_THROW((void)soft_nms(b, std::vector<float>{1}, o), std::invalid_argument);
  EXPECT_THROW((void)soft_nms(b, std::vector<float>{1, 2}, soft_nms_options(C, soft_nms_method::linear, 0.1)),
               std::invalid_argument);
  EXPECT_THROW((void)soft_nms(b, std::vector<float>{1}, soft_nms_options(C, soft_nms_method::linear, -1)),
               std::invalid_argument);
}
