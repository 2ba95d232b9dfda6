#include <edgemetrics/geometry/iou.hpp>
#include <edgemetrics/geometry/iou_matrix.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>

#include "reference_data.hpp"

using namespace edgemetrics;
using geometry_test::number;

namespace {
constexpr auto C = box_convention::continuous;
constexpr auto P = box_convention::pixel_inclusive;

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0 || (a == b);  // +0 == -0 accepted
}

// Our documented value where torchvision gives NaN (zero union / zero enclosing box).
template <class T>
void check_against_reference(const std::vector<std::string>& r) {
  const corner_box<T> a{static_cast<T>(number(r[2])), static_cast<T>(number(r[3])), static_cast<T>(number(r[4])),
                        static_cast<T>(number(r[5]))};
  const corner_box<T> b{static_cast<T>(number(r[6])), static_cast<T>(number(r[7])), static_cast<T>(number(r[8])),
                        static_cast<T>(number(r[9]))};
  const T ref[4] = {static_cast<T>(number(r[10])), static_cast<T>(number(r[11])), static_cast<T>(number(r[12])),
                    static_cast<T>(number(r[13]))};
  const T got[4] = {iou(a, b, C), giou(a, b, C), diou(a, b, C), ciou(a, b, C)};
  const char* names[4] = {"iou", "giou", "diou", "ciou"};
  for (int k = 0; k < 4; ++k) {
    SCOPED_TRACE(r[0] + " " + r[1] + " " + names[k]);
    EXPECT_FALSE(std::isnan(got[k]));
    if (std::isnan(ref[k])) continue;  // documented replacement values are tested by hand below
    if (k == 3) {
      // CIoU: std::atan versus torch's vectorised atan, a few ulp apart.
      const double tol = std::is_same_v<T, float> ? 2e-6 : 1e-14;
      EXPECT_NEAR(got[k], ref[k], tol);
    } else {
      EXPECT_TRUE(same_bits(got[k], ref[k])) << got[k] << " vs " << ref[k];
    }
  }
}
}  // namespace

TEST(GeometryIou, PairsMatchTorchvision) {
  const auto rows = geometry_test::read_tokens("iou_pairs.txt");
  ASSERT_GT(rows.size(), 400u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 14u);
    if (r[0] == "float32")
      check_against_reference<float>(r);
    else
      check_against_reference<double>(r);
  }
}

TEST(GeometryIou, EdgeCasesByHand) {
  const corner_box<double> a{0, 0, 10, 10};
  EXPECT_EQ(iou(a, a, C), 1.0);
  EXPECT_EQ(giou(a, a, C), 1.0);
  EXPECT_EQ(diou(a, a, C), 1.0);
  EXPECT_EQ(ciou(a, a, C), 1.0);
  // Touching edge: no overlap, GIoU 0 (enclosing = union), DIoU penalised by the centre distance.
  const corner_box<double> t{10, 0, 20, 10};
  EXPECT_EQ(iou(a, t, C), 0.0);
  EXPECT_EQ(giou(a, t, C), 0.0);
  EXPECT_NEAR(diou(a, t, C), -100.0 / 500.0, 1e-9);
  // Nested: IoU = inner / outer area.
  EXPECT_EQ(iou(a, corner_box<double>{2, 3, 6, 7}, C), 16.0 / 100.0);
  // Disjoint far apart: GIoU tends to -1.
  EXPECT_LT(giou(a, corner_box<double>{1000, 1000, 1010, 1010}, C), -0.99);
  // Zero-area union: 0, never NaN (torchvision: NaN).
  const corner_box<double> p{5, 5, 5, 5};
  EXPECT_EQ(iou(p, p, C), 0.0);
  EXPECT_EQ(giou(p, p, C), 0.0);
  EXPECT_EQ(diou(p, p, C), 0.0);
  EXPECT_EQ(ciou(p, p, C), 0.0);
  // Two points apart: IoU 0, GIoU = 0 - (100 - 0) / 100 = -1.
  EXPECT_EQ(giou(corner_box<double>{0, 0, 0, 0}, corner_box<double>{10, 10, 10, 10}, C), -1.0);
}

TEST(GeometryIou, PixelInclusiveByHand) {
  // VOC: boxes 0..9 and 5..14 inclusive: 10x10 each, intersection 5x10 = 50, union 150.
  const corner_box<double> a{0, 0, 9, 9}, b{5, 0, 14, 9};
  EXPECT_EQ(iou(a, b, P), 50.0 / 150.0);
  EXPECT_EQ(iou(a, b, C), 36.0 / 126.0);  // the same numbers read as continuous
  // Touching pixel columns: 0..9 and 10..19 share no pixel.
  EXPECT_EQ(iou(a, corner_box<double>{10, 0, 19, 9}, P), 0.0);
  // Same pixel column: 0..9 and 9..18 share one column.
  EXPECT_EQ(iou(a, corner_box<double>{9, 0, 18, 9}, P), 10.0 / 190.0);
  // One-pixel boxes are valid under pixel_inclusive.
  const corner_box<double> px{3, 3, 3, 3};
  EXPECT_EQ(iou(px, px, P), 1.0);
  // GIoU: enclosing 0..14 x 0..9 = 150 = union -> GIoU = IoU.
  EXPECT_EQ(giou(a, b, P), iou(a, b, P));
  // DIoU: centres 4.5 and 9.5 -> d^2 = 25; enclosing diagonal^2 = 15^2 + 10^2 = 325.
  EXPECT_NEAR(diou(a, b, P), 50.0 / 150.0 - 25.0 / (325.0 + 1e-7), 1e-15);
  // CIoU: equal aspect ratios -> v = 0 -> CIoU = DIoU.
  EXPECT_EQ(ciou(a, b, P), diou(a, b, P));
}

TEST(GeometryIou, KindDispatch) {
  const corner_box<float> a{0, 0, 4, 2}, b{1, 1, 5, 6};
  EXPECT_EQ(iou(a, b, iou_kind::iou, C), iou(a, b, C));
  EXPECT_EQ(iou(a, b, iou_kind::giou, C), giou(a, b, C));
  EXPECT_EQ(iou(a, b, iou_kind::diou, C), diou(a, b, C));
  EXPECT_EQ(iou(a, b, iou_kind::ciou, C), ciou(a, b, C));
  EXPECT_EQ(to_string(iou_kind::ciou), "ciou");
}

TEST(GeometryIouMatrix, MatchesTorchvisionMatrices) {
  const auto rows = geometry_test::read_tokens("iou_matrix.txt");
  std::vector<corner_box<float>> a, b;
  std::size_t k = 0;
  auto read_boxes = [&](std::vector<corner_box<float>>& v) {
    const std::size_t n = std::stoul(rows[k++][1]);
    for (std::size_t i = 0; i < n; ++i, ++k) {
      const auto& r = rows[k];
      v.push_back({static_cast<float>(number(r[0])), static_cast<float>(number(r[1])), static_cast<float>(number(r[2])),
                   static_cast<float>(number(r[3]))});
    }
  };
  read_boxes(a);
  read_boxes(b);
  for (const iou_kind kind : {iou_kind::iou, iou_kind::giou, iou_kind::diou, iou_kind::ciou}) {
    ASSERT_EQ(rows[k++][0], to_string(kind));
    const pairwise_matrix<float> m = pairwise_iou(a, b, kind, C);
    ASSERT_EQ(m.rows(), 13);
    ASSERT_EQ(m.cols(), 9);
    for (std::size_t i = 0; i < a.size(); ++i, ++k) {
      for (std::size_t j = 0; j < b.size(); ++j) {
        const float ref = static_cast<float>(number(rows[k][j]));
        const float got = m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
        if (kind == iou_kind::ciou)
          EXPECT_NEAR(got, ref, 2e-6f);
        else
          EXPECT_TRUE(same_bits(got, ref)) << to_string(kind) << " " << i << "," << j;
      }
    }
  }
}

template <class T>
void matrix_equals_pairwise(box_convention c, unsigned threads) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> pos(0, 200), size(0, 60);
  auto make = [&](std::size_t n) {
    std::vector<corner_box<T>> v(n);
    for (auto& b : v) {
      const T x = static_cast<T>(pos(rng)), y = static_cast<T>(pos(rng));
      b = {x, y, x + static_cast<T>(size(rng)), y + static_cast<T>(size(rng))};
    }
    v[3] = v[1];
    v[4] = {v[2].x1, v[2].y1, v[2].x1, v[2].y2};  // zero width
    return v;
  };
  const auto a = make(300), b = make(301);
  for (const iou_kind kind : {iou_kind::iou, iou_kind::giou, iou_kind::diou, iou_kind::ciou}) {
    pairwise_options o;
    o.threads = threads;
    const pairwise_matrix<T> m = pairwise_iou(a, b, kind, c, o);
    for (std::size_t i = 0; i < a.size(); ++i) {
      for (std::size_t j = 0; j < b.size(); ++j) {
        const T got = m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
        ASSERT_TRUE(same_bits(got, iou(a[i], b[j], kind, c))) << to_string(kind) << " " << i << "," << j;
      }
    }
  }
}

TEST(GeometryIouMatrix, EqualsPairwiseBitForBit) {
  matrix_equals_pairwise<float>(C, 1);
  matrix_equals_pairwise<float>(P, 1);
  matrix_equals_pairwise<double>(C, 1);
  matrix_equals_pairwise<double>(P, 1);
}

TEST(GeometryIouMatrix, LargeFloatMatrixStreamingKernelIsExact) {
  // >= 16 MiB of output takes the SSE2 streaming path on x86-64: it must equal iou().
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> pos(0, 100), size(0, 30);
  auto make = [&](std::size_t n) {
    std::vector<corner_box<float>> v(n);
    for (auto& b : v) {
      const float x = pos(rng), y = pos(rng);
      b = {x, y, x + size(rng), y + size(rng)};
    }
    return v;
  };
  const auto a = make(2051), b = make(2047);  // odd sizes: unaligned rows and tails
  for (const auto conv : {C, P}) {
    pairwise_options o;
    o.threads = 2;
    const pairwise_matrix<float> m = pairwise_iou(a, b, iou_kind::iou, conv, o);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      for (std::size_t j = 0; j < b.size(); ++j) {
        bad += !same_bits(m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), iou(a[i], b[j], conv));
      }
    }
    EXPECT_EQ(bad, 0u) << to_string(conv);
  }
}

TEST(GeometryIouMatrix, ThreadsGiveTheSameResult) {
  matrix_equals_pairwise<float>(C, 2);
  matrix_equals_pairwise<double>(P, 3);
  matrix_equals_pairwise<float>(C, 0);
}

TEST(GeometryIouMatrix, ReusesOutputAndHandlesEmpty) {
  std::vector<corner_box<float>> a{{0, 0, 1, 1}, {0, 0, 2, 2}}, none;
  pairwise_matrix<float> out;
  pairwise_iou(a, a, iou_kind::iou, C, out);
  const float* data = out.data();
  pairwise_iou(a, a, iou_kind::giou, C, out);
  EXPECT_EQ(out.data(), data);  // same size: no reallocation
  EXPECT_EQ(out(0, 1), 0.25f);
  EXPECT_EQ(pairwise_iou(a, none, iou_kind::iou, C).cols(), 0);
  EXPECT_EQ(pairwise_iou(none, a, iou_kind::iou, C).rows(), 0);
}

TEST(GeometryIouMatrix, RejectsBadBoxes) {
  const std::vector<corner_box<double>> ok{{0, 0, 1, 1}};
  const std::vector<corner_box<double>> nan{{0, 0, 1, 1}, {0, std::numeric_limits<double>::quiet_NaN(), 1, 1}};
  const std::vector<corner_box<double>> inverted{{0, 0, 1, 1}, {0, 0, 1, 1}, {5, 0, 1, 1}};
  try {
    (void)pairwise_iou(ok, nan, iou_kind::iou, C);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "edgemetrics::pairwise_iou: b[1] has a non-finite coordinate (NaN or infinity)");
  }
  try {
    (void)pairwise_iou(inverted, ok, iou_kind::iou, C);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "edgemetrics::pairwise_iou: a[2] is inverted (x2 < x1 or y2 < y1 under the continuous convention)");
  }
}

TEST(GeometryIou, NonFiniteCoordinatesGiveNaN) {
  // One documented rule for every member of the family: a box with a NaN or infinite coordinate
  // has no IoU (quiet NaN). pairwise_iou() and NMS reject such boxes instead.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const corner_box<double> ok{0, 0, 10, 10};
  for (const corner_box<double>& bad : {corner_box<double>{nan, 0, 10, 10}, corner_box<double>{0, 0, nan, 10},
                                        corner_box<double>{0, 0, 10, inf}, corner_box<double>{-inf, 0, 10, 10}}) {
    for (const auto conv : {C, P}) {
      for (const iou_kind kind : {iou_kind::iou, iou_kind::giou, iou_kind::diou, iou_kind::ciou}) {
        EXPECT_TRUE(std::isnan(iou(ok, bad, kind, conv))) << to_string(kind);
        EXPECT_TRUE(std::isnan(iou(bad, ok, kind, conv))) << to_string(kind);
      }
    }
  }
  const corner_box<float> okf{0, 0, 1, 1}, badf{0, std::numeric_limits<float>::quiet_NaN(), 1, 1};
  EXPECT_TRUE(std::isnan(iou(okf, badf, C)));
  EXPECT_TRUE(std::isnan(ciou(badf, okf, P)));
}
