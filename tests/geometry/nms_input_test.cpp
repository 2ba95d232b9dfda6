// NMS inputs of issue #9: contiguous spans (vector, array, pointer + size), a strided N x K model
// output (detection_rows), any integer label type, and IoU thresholds checked to lie in [0, 1].
#include <edgemetrics/geometry/iou.hpp>
#include <edgemetrics/geometry/nms.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace edgemetrics;

namespace {
constexpr auto C = box_convention::continuous;
constexpr auto P = box_convention::pixel_inclusive;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no exception";
}

// A YOLO-like output: rows of K = 8 columns, the box in columns 1..4 in `layout`, the score in 6,
// the class (a float) in 0, column 5 and 7 noise; a row stride of 9 (one padding value).
struct model_output {
  std::vector<float> buffer;
  std::size_t rows = 0;
  static constexpr std::size_t cols = 8, stride = 9;
  // The same candidates as separate vectors (corners), for the vector path.
  std::vector<corner_box<float>> boxes;
  std::vector<float> scores;
  std::vector<int> classes;
};

model_output make_output(std::size_t n, box_layout layout, box_convention conv, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  model_output m;
  m.rows = n;
  m.buffer.assign(n * model_output::stride, -7.0f);
  for (std::size_t i = 0; i < n; ++i) {
    float* r = m.buffer.data() + i * model_output::stride;
    const float a = u(rng) * 600, b = u(rng) * 400, w = 5 + u(rng) * 120, h = 5 + u(rng) * 120;
    corner_box<float> box;
    switch (layout) {
      case box_layout::corners:
        r[1] = a, r[2] = b, r[3] = a + w, r[4] = b + h;
        box = {r[1], r[2], r[3], r[4]};
        break;
      case box_layout::xywh:
        r[1] = a, r[2] = b, r[3] = w, r[4] = h;
        box = to_corner(xywh_box<float>{a, b, w, h}, conv);
        break;
      case box_layout::cxcywh:
        r[1] = a, r[2] = b, r[3] = w, r[4] = h;
        box = to_corner(cxcywh_box<float>{a, b, w, h}, conv);
        break;
    }
    r[6] = std::floor(u(rng) * 16) / 16;  // ties
    const int cls = static_cast<int>(u(rng) * 5);
    r[0] = static_cast<float>(cls);
    r[5] = u(rng);
    r[7] = -u(rng);
    m.boxes.push_back(box);
    m.scores.push_back(r[6]);
    m.classes.push_back(cls);
  }
  return m;
}

detection_rows<float> rows_of(const model_output& m, box_layout layout) {
  detection_rows<float> r(matrix_view<const float>(m.buffer.data(), m.rows, model_output::cols, model_output::stride),
                          layout);
  r.box_column = 1;
  r.score_column = 6;
  r.class_column = 0;
  return r;
}
}  // namespace

TEST(GeometryNmsInputs, SpansFromArrayAndPointerEqualVectors) {
  const std::array<corner_box<float>, 4> boxes{{{0, 0, 10, 10}, {1, 1, 11, 11}, {50, 50, 60, 60}, {0, 0, 9, 10}}};
  const std::array<float, 4> scores{0.9f, 0.8f, 0.7f, 0.95f};
  const std::array<std::uint8_t, 4> labels{1, 1, 2, 3};
  const std::vector<corner_box<float>> vb(boxes.begin(), boxes.end());
  const std::vector<float> vs(scores.begin(), scores.end());
  const std::vector<int> vl(labels.begin(), labels.end());
  const nms_options o(C, 0.5);
  const auto expected = nms(vb, vs, o);
  EXPECT_EQ(expected, (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(nms(boxes, scores, o), expected);
  EXPECT_EQ(nms(span<const corner_box<float>>(boxes.data(), 4), span<const float>(scores.data(), 4), o), expected);
  EXPECT_EQ(nms({boxes.data(), 4}, {scores.data(), 4}, o), expected);
  const auto batched = batched_nms(vb, vs, vl, o);
  EXPECT_EQ(batched, (std::vector<std::size_t>{3, 0, 2}));  // 1 loses to 0 (same class, IoU 0.68)
  EXPECT_EQ(batched_nms(boxes, scores, labels, o), batched);
  EXPECT_EQ(batched_nms({boxes.data(), 4}, {scores.data(), 4}, {labels.data(), 4}, o), batched);
  EXPECT_EQ(batched_nms(boxes, scores, span<const std::uint8_t>(labels.data(), 4), o), batched);
  const soft_nms_options so(C, soft_nms_method::linear, 0.1);
  EXPECT_EQ(soft_nms(boxes, scores, so).indices, soft_nms(vb, vs, so).indices);
}

TEST(GeometryNmsInputs, AnyIntegerLabelType) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<corner_box<double>> b;
  std::vector<double> s;
  std::vector<int> cls;
  for (int i = 0; i < 700; ++i) {
    const double x = u(rng) * 300, y = u(rng) * 300;
    b.push_back({x, y, x + 10 + u(rng) * 60, y + 10 + u(rng) * 60});
    s.push_back(u(rng));
    cls.push_back(static_cast<int>(u(rng) * 6) - 2);  // -2 .. 3: negative ids are ordinary ids
  }
  const nms_options o(P, 0.45);
  const auto expected = batched_nms(b, s, cls, o);
  auto as = [&](auto tag) {
    using L = decltype(tag);
    std::vector<L> v;
    for (const int c : cls) v.push_back(static_cast<L>(c));
    return batched_nms(b, s, v, o);
  };
  EXPECT_EQ(as(std::int8_t{}), expected);
  EXPECT_EQ(as(std::int16_t{}), expected);
  EXPECT_EQ(as(std::int64_t{}), expected);
  EXPECT_EQ(as(long{}), expected);
  EXPECT_EQ(as(short{}), expected);
  // Unsigned: -2 wraps to a large id, still one id per class.
  EXPECT_EQ(as(std::uint32_t{}), expected);
  EXPECT_EQ(as(std::uint64_t{}), expected);
  EXPECT_EQ(as(std::uint16_t{}), expected);
  EXPECT_EQ(as(static_cast<unsigned char>(0)), expected);
  EXPECT_EQ(as(char{}), expected);
}

TEST(GeometryNmsInputs, DetectionRowsEqualTheVectorPath) {
  for (const auto layout : {box_layout::corners, box_layout::xywh, box_layout::cxcywh}) {
    for (const auto conv : {C, P}) {
      for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{300}, std::size_t{3000}}) {
        SCOPED_TRACE(std::string(to_string(layout)) + " " + std::string(to_string(conv)) + " " + std::to_string(n));
        const auto m = make_output(n, layout, conv, static_cast<unsigned>(n) + 1);
        const auto rows = rows_of(m, layout);
        nms_options o(conv, 0.5);
        o.score_threshold = 0.2;
        nms_workspace<float> w;
        std::vector<std::size_t> keep;
        for (const auto strategy : {nms_strategy::exhaustive, nms_strategy::spatial_grid}) {
          o.strategy = strategy;
          nms(rows, o, w, keep);
          EXPECT_EQ(keep, nms(m.boxes, m.scores, o));
          batched_nms(rows, o, w, keep);
          EXPECT_EQ(keep, batched_nms(m.boxes, m.scores, m.classes, o));
        }
      }
    }
  }
}

TEST(GeometryNmsInputs, SoftNmsOverDetectionRowsEqualsTheVectorPath) {
  // Rows with score >= score_threshold are gathered; indices and decayed scores equal those of
  // the vector path bit for bit (scores have ties: 1/16 steps, equal to the threshold too).
  for (const auto layout : {box_layout::corners, box_layout::xywh, box_layout::cxcywh}) {
    for (const auto conv : {C, P}) {
      for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{400}}) {
        SCOPED_TRACE(std::string(to_string(layout)) + " " + std::string(to_string(conv)) + " " + std::to_string(n));
        const auto m = make_output(n, layout, conv, static_cast<unsigned>(n) + 7);
        nms_workspace<float> w;
        soft_nms_result<float> got;
        for (const auto method : {soft_nms_method::linear, soft_nms_method::gaussian}) {
          for (const double threshold : {0.0, 0.25, 0.5}) {
            soft_nms_options o(conv, method, threshold);
            o.max_detections = 50;
            soft_nms(rows_of(m, layout), o, w, got);
            const auto want = soft_nms(m.boxes, m.scores, o);
            EXPECT_EQ(got.indices, want.indices);
            EXPECT_EQ(got.scores, want.scores);
          }
        }
      }
    }
  }
}

TEST(GeometryNmsInputs, SoftNmsOverDetectionRowsErrors) {
  // Row 0: an inverted box with score 0.2; row 1: a good box.
  std::vector<float> out{0, 0, -10, 10, 0.2f, 0, 1, 1, 11, 11, 0.8f, 0};
  auto rows = [&] { return detection_rows<float>(matrix_view<const float>(out.data(), 2, 6), box_layout::corners); };
  nms_workspace<float> w;
  soft_nms_result<float> r;
  soft_nms_options o(C, soft_nms_method::linear, 0.5);
  soft_nms(rows(), o, w, r);  // row 0 is below the threshold: never a candidate, never checked
  EXPECT_EQ(r.indices, (std::vector<std::size_t>{1}));
  o.score_threshold = 0.2;  // >= : row 0 is a candidate now
  EXPECT_EQ(message_of([&] { soft_nms(rows(), o, w, r); }),
            "edgemetrics::soft_nms: rows[0] box (columns 0..3, corners) is inverted (x2 < x1 or y2 < y1 under the "
            "continuous convention)");
  out[10] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(message_of([&] { soft_nms(rows(), o, w, r); }), "edgemetrics::soft_nms: rows[1] score (column 4) is NaN");
  o.score_threshold = -1;
  EXPECT_EQ(message_of([&] { soft_nms(rows(), o, w, r); }),
            "edgemetrics::soft_nms: score_threshold is negative (-1.000000)");
  auto bad = rows();
  bad.score_column = 6;
  EXPECT_EQ(message_of([&] { soft_nms(bad, o, w, r); }),
            "edgemetrics::soft_nms: the score column 6 lies outside rows of 6 columns");
}

TEST(GeometryNmsInputs, DetectionRowsDefaultsAreYoloRows) {
  // x1, y1, x2, y2, score, class: the defaults, a dense buffer.
  const std::array<float, 18> out{0, 0, 10, 10, 0.9f, 2, 1, 1, 11, 11, 0.8f, 2, 1, 1, 11, 11, 0.85f, 3};
  const detection_rows<float> rows(matrix_view<const float>(out.data(), 3, 6), box_layout::corners);
  nms_workspace<float> w;
  std::vector<std::size_t> keep;
  nms(rows, nms_options(C, 0.5), w, keep);
  EXPECT_EQ(keep, (std::vector<std::size_t>{0}));
  batched_nms(rows, nms_options(C, 0.5), w, keep);
  EXPECT_EQ(keep, (std::vector<std::size_t>{0, 2}));
}

TEST(GeometryNmsInputs, DetectionRowsErrorsNameTheRow) {
  std::vector<float> out{0, 0, 10, 10, 0.9f, 2, 1, 1, 11, 11, 0.8f, 2};
  auto rows = [&] { return detection_rows<float>(matrix_view<const float>(out.data(), 2, 6), box_layout::corners); };
  nms_workspace<float> w;
  std::vector<std::size_t> keep;
  const nms_options o(C, 0.5);
  out[11] = 2.5f;
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[1] has class 2.5 (column 5): a class id must be a whole number >= 0");
  out[11] = -1;
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[1] has class -1 (column 5): a class id must be a whole number >= 0");
  out[11] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[1] has class nan (column 5): a class id must be a whole number >= 0");
  out[11] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[1] has class inf (column 5): a class id must be a whole number >= 0");
  out[11] = 2;
  nms(rows(), o, w, keep);  // nms() ignores the class column
  out[10] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(message_of([&] { nms(rows(), o, w, keep); }), "edgemetrics::nms: rows[1] score (column 4) is NaN");
  out[10] = 0.8f;
  out[8] = 0;
  EXPECT_EQ(message_of([&] { nms(rows(), o, w, keep); }),
            "edgemetrics::nms: rows[1] box (columns 0..3, corners) is inverted (x2 < x1 or y2 < y1 under the "
            "continuous convention)");
  out[8] = 11;
  auto r = rows();
  r.class_column = 6;
  EXPECT_EQ(message_of([&] { batched_nms(r, o, w, keep); }),
            "edgemetrics::batched_nms: the class column 6 lies outside rows of 6 columns");
  r = rows();
  r.box_column = 3;
  EXPECT_EQ(message_of([&] { nms(r, o, w, keep); }),
            "edgemetrics::nms: the box columns 3..6 lie outside rows of 6 columns");
}

TEST(GeometryNmsInputs, DetectionRowsCheckEveryScoreFirstAndOnlyCandidatesBoxes) {
  // Row 0: an inverted box and a bad class; row 1: a NaN score. Every score is checked before
  // any candidate's box or class (the rows are gathered in one pass; the errors are the same).
  std::vector<float> out{0, 0, -10, 10, 0.9f, 2.5f, 1, 1, 11, 11, std::numeric_limits<float>::quiet_NaN(), 2};
  auto rows = [&] { return detection_rows<float>(matrix_view<const float>(out.data(), 2, 6), box_layout::corners); };
  nms_workspace<float> w;
  std::vector<std::size_t> keep;
  nms_options o(C, 0.5);
  EXPECT_EQ(message_of([&] { nms(rows(), o, w, keep); }), "edgemetrics::nms: rows[1] score (column 4) is NaN");
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[1] score (column 4) is NaN");
  o.score_threshold = 0.95;  // row 0 is no candidate, but a NaN score is an error below the threshold too
  EXPECT_EQ(message_of([&] { nms(rows(), o, w, keep); }), "edgemetrics::nms: rows[1] score (column 4) is NaN");
  out[10] = 0.8f;
  nms(rows(), o, w, keep);  // no candidate: row 0's box and class are never checked
  EXPECT_TRUE(keep.empty());
  batched_nms(rows(), o, w, keep);
  EXPECT_TRUE(keep.empty());
  o.score_threshold.reset();
  EXPECT_EQ(message_of([&] { nms(rows(), o, w, keep); }),
            "edgemetrics::nms: rows[0] box (columns 0..3, corners) is inverted (x2 < x1 or y2 < y1 under the "
            "continuous convention)");
  out[2] = 10;
  EXPECT_EQ(message_of([&] { batched_nms(rows(), o, w, keep); }),
            "edgemetrics::batched_nms: rows[0] has class 2.5 (column 5): a class id must be a whole number >= 0");
  out[5] = 2;
  batched_nms(rows(), o, w, keep);
  EXPECT_EQ(keep, (std::vector<std::size_t>{0}));
}

TEST(GeometryNmsInputs, IouThresholdIsAFraction) {
  const std::vector<corner_box<float>> b{{0, 0, 1, 1}, {0, 0, 2, 2}};
  const std::vector<float> s{0.5f, 0.4f};
  EXPECT_EQ(message_of([&] { (void)nms(b, s, nms_options(C, 50)); }),
            "edgemetrics::nms: iou_threshold is a fraction in [0, 1] (an IoU), got 50 (for 50 %, pass 0.5)");
  EXPECT_EQ(message_of([&] {
              (void)batched_nms(b, s, std::vector<int>{0, 0}, nms_options(C, 1.5));
            }),
            "edgemetrics::batched_nms: iou_threshold is a fraction in [0, 1] (an IoU), got 1.5 (for 1.5 %, pass "
            "0.015)");
  EXPECT_EQ(message_of([&] { (void)nms(b, s, nms_options(C, 1e9)); }),
            "edgemetrics::nms: iou_threshold is a fraction in [0, 1] (an IoU), got 1000000000");
  soft_nms_options so(C, soft_nms_method::linear, 0.1);
  so.iou_threshold = 30;
  EXPECT_EQ(message_of([&] { (void)soft_nms(b, s, so); }),
            "edgemetrics::soft_nms: iou_threshold is a fraction in [0, 1] (an IoU), got 30 (for 30 %, pass 0.3)");
  // The bounds themselves are valid: 1 suppresses only identical boxes under >=, 0 everything overlapping.
  nms_options ge(C, 1.0);
  ge.rule = suppression_rule::greater_equal;
  EXPECT_EQ(
      nms(std::vector<corner_box<float>>{{0, 0, 2, 2}, {0, 0, 2, 2}, {0, 0, 1, 1}}, std::vector<float>{3, 2, 1}, ge),
      (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(nms(b, s, nms_options(C, 0.0)), (std::vector<std::size_t>{0}));
}
